-- v_meetings: one readable row per meeting for analysts
create or replace view v_meetings as
with people_by_side as (
    select meeting_id, side_index,
           string_agg(coalesce(name, name_native) || coalesce(' (' || role || ')', ''), ', '
                      order by leader desc, coalesce(name, name_native)) as people
    from meeting_participants
    group by meeting_id, side_index
),
sides as (
    select s.meeting_id,
           string_agg(coalesce(s.organization, '?') || coalesce(' [' || s.country || ']', '')
                      || ': ' || coalesce(p.people, '-'), ' | ' order by s.side_index) as sides
    from meeting_sides as s
    left join people_by_side as p using (meeting_id, side_index)
    group by s.meeting_id
),
sources as (
    select meeting_id, string_agg(coalesce(url, doc_id), ' ' order by published, doc_id) as sources
    from meeting_sources
    group by meeting_id
)
select m.meeting_id, m.date, m.date_precision, m.city, m.country, m.mode, s.sides,
       array_to_string(m.topics, ', ') as topics, m.n_sources, src.sources, m.title
from meetings as m
left join sides as s using (meeting_id)
left join sources as src using (meeting_id)
order by m.date nulls last, m.meeting_id;
