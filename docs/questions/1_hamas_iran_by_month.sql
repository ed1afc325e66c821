-- Every meeting of Hamas leaders with Iranian officials, by month, with its sources.
with hamas as (
    select distinct meeting_id from meeting_participants where organization = 'Hamas'
    union
    select distinct meeting_id from meeting_sides where organization = 'Hamas'
),
iran as (
    select distinct meeting_id from meeting_participants where country = 'IR'
)
select strftime(coalesce(m.date, m.first_published), '%Y-%m') as month,
       m.date, m.city, m.n_sources,
       string_agg(distinct s.doc_id, ', ') as sources
from meetings as m
join hamas using (meeting_id)
join iran using (meeting_id)
join meeting_sources as s using (meeting_id)
group by all
order by month, m.date;
