-- meeting_field_values: every value the reports give for a meeting field, with its support;
-- chosen = the best-supported one (most reports, a day over a vaguer date, highest confidence)
create or replace table meeting_field_values as
with report_values as (
    select meeting_id, 'date' as field, cast(date as varchar) as value, date_precision as precision, confidence
    from int_report_meetings where date is not null
    union all
    select meeting_id, 'city', city, null, confidence from int_report_meetings where city is not null
    union all
    select meeting_id, 'country', country, null, confidence from int_report_meetings where country is not null
    union all
    select meeting_id, 'mode', mode, null, confidence from int_report_meetings where mode <> 'unspecified'
),
value_support as (
    select meeting_id, field, value, precision, count(*) as n_reports,
           max(coalesce(confidence, 0)) as max_confidence
    from report_values
    group by all
),
ranked as (
    select *, row_number() over (
        partition by meeting_id, field
        order by n_reports desc,
                 case precision when 'day' then 0 when 'month' then 1 when 'year' then 2 else 3 end,
                 max_confidence desc, value
    ) as rank
    from value_support
)
select meeting_id, field, value, precision, n_reports, max_confidence, rank, rank = 1 as chosen
from ranked
order by meeting_id, field, rank;
