-- Meetings reported by several articles: how many sources and languages, and where they disagree.
select m.meeting_id, m.date, m.city, m.n_sources,
       count(distinct s.language) as languages,
       m.date_conflict, m.city_conflict,
       string_agg(s.doc_id, ', ' order by s.published) as sources
from meetings as m
join meeting_sources as s using (meeting_id)
where m.n_sources > 1
group by all
order by m.n_sources desc, m.date;
