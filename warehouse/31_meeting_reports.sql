-- meeting_reports: one row per article-level report, with its deduplicated meeting
create or replace table meeting_reports as
select report_id, article_id, meeting_id, position, date, date_precision, city, country, mode,
       topics, confidence, evidence
from int_report_meetings
order by report_id;
