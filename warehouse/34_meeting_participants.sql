-- meeting_participants: one row per person per meeting, merged across the reports
create or replace table meeting_participants as
with mentions as (
    select *,
           count(*) over (partition by meeting_id, actor_id, name) as name_n,
           count(*) over (partition by meeting_id, actor_id, name_native) as native_n,
           count(*) over (partition by meeting_id, actor_id, role) as role_n,
           count(*) over (partition by meeting_id, actor_id, meeting_side) as side_n
    from int_meeting_people
    where actor_id is not null
),
people as (
    select meeting_id, actor_id,
           arg_max(meeting_side, (side_n, -meeting_side)) as side_index,
           arg_max(name, (name_n, name)) filter (where name is not null) as name,
           arg_max(name_native, (native_n, name_native)) filter (where name_native is not null) as name_native,
           arg_max(role, (role_n, role)) filter (where role is not null) as role,
           bool_or(leader) as leader,
           count(distinct report_id) as n_reports
    from mentions
    group by meeting_id, actor_id
)
select p.meeting_id, p.actor_id, p.side_index, p.name, p.name_native, p.role,
       s.organization, s.country, p.leader, p.n_reports
from people as p
left join meeting_sides as s using (meeting_id, side_index)
order by p.meeting_id, p.side_index, p.actor_id;
