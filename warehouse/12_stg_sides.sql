-- stg_sides: one row per side of a report
create or replace view stg_sides as
select report_id, side_index, organization, org_id, country
from raw_sides;
