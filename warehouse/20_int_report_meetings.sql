-- int_report_meetings: each report with the meeting the deduplication put it in
create or replace view int_report_meetings as
select r.*, g.meeting_id
from stg_reports as r
join meeting_registry as g using (report_id);
