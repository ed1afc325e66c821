-- meeting_sides: the sides of each meeting, named by what most reports call them
create or replace table meeting_sides as
with side_mentions as (
    select ms.meeting_id, ms.meeting_side as side_index, s.organization, s.country,
           count(*) over (partition by ms.meeting_id, ms.meeting_side, s.organization) as org_n,
           count(*) over (partition by ms.meeting_id, ms.meeting_side, s.country) as country_n
    from report_meeting_sides as ms
    join stg_sides as s using (report_id, side_index)
)
select meeting_id, side_index,
       arg_max(organization, (org_n, organization)) filter (where organization is not null) as organization,
       arg_max(country, (country_n, country)) filter (where country is not null) as country
from side_mentions
group by meeting_id, side_index
order by meeting_id, side_index;
