-- meeting_sources: the articles that report each meeting
create or replace table meeting_sources as
select rm.meeting_id, rm.report_id, rm.article_id, a.doc_id, a.url, a.source,
       coalesce(a.published, rm.published) as published, coalesce(a.language, rm.language) as language
from int_report_meetings as rm
left join stg_articles as a using (article_id)
order by rm.meeting_id, rm.report_id;
