-- meetings: one row per deduplicated real-world meeting, best-supported value per field
create or replace table meetings as
with chosen as (
    select meeting_id,
           max(case when field = 'date' then value end) as date,
           max(case when field = 'date' then precision end) as date_precision,
           max(case when field = 'city' then value end) as city,
           max(case when field = 'country' then value end) as country,
           max(case when field = 'mode' then value end) as mode
    from meeting_field_values
    where chosen
    group by meeting_id
),
conflicts as (
    select meeting_id,
           count(distinct date) filter (where date_precision = 'day') > 1 as date_conflict,
           count(distinct city) > 1 as city_conflict
    from int_report_meetings
    group by meeting_id
),
topics as (
    select meeting_id, list_sort(list_distinct(flatten(list(topics)))) as topics
    from int_report_meetings
    group by meeting_id
),
sources as (
    select meeting_id, count(*) as n_reports, count(distinct article_id) as n_sources,
           min(published) as first_published, max(published) as last_published
    from meeting_sources
    group by meeting_id
),
titles as (
    select s.meeting_id, arg_min(a.title, (coalesce(s.published, date '9999-12-31'), s.article_id)) as title
    from meeting_sources as s
    join stg_articles as a using (article_id)
    group by s.meeting_id
)
select s.meeting_id,
       cast(c.date as date) as date,
       coalesce(c.date_precision, 'unknown') as date_precision,
       c.city, c.country, coalesce(c.mode, 'unspecified') as mode,
       t.topics, s.n_reports, s.n_sources, s.first_published, s.last_published, ti.title,
       coalesce(k.date_conflict, false) as date_conflict,
       coalesce(k.city_conflict, false) as city_conflict
from sources as s
left join chosen as c using (meeting_id)
left join topics as t using (meeting_id)
left join conflicts as k using (meeting_id)
left join titles as ti using (meeting_id)
order by s.meeting_id;
