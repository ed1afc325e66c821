-- int_meeting_people: every person mention mapped to its meeting, meeting side and canonical actor
create or replace view int_meeting_people as
select
    rm.meeting_id,
    ms.meeting_side,
    coalesce(ra.actor_id, p.actor_id) as actor_id,
    p.report_id,
    p.side_index,
    p.person_index,
    p.name,
    p.name_native,
    p.role,
    p.leader,
    rm.language,
    rm.confidence,
    s.organization,
    s.org_id,
    s.country
from stg_participants as p
join int_report_meetings as rm using (report_id)
left join report_meeting_sides as ms using (report_id, side_index)
left join report_actors as ra using (report_id, side_index, person_index)
left join stg_sides as s using (report_id, side_index);
