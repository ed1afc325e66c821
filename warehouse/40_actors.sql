-- actors: one row per person (canonical actor id) or organisation (org_id)
create or replace table actors as
with mentions as (
    select actor_id, name, name_native, role, language, country,
           count(*) over (partition by actor_id, name) as name_n,
           count(*) over (partition by actor_id, language, name_native) as native_n,
           count(*) over (partition by actor_id, country) as country_n
    from int_meeting_people
    where actor_id is not null
),
people as (
    select actor_id,
           arg_max(name, (name_n, name)) filter (where name is not null) as name,
           arg_max(name_native, (native_n, name_native)) filter (where language = 'ar') as name_ar,
           arg_max(name_native, (native_n, name_native)) filter (where language = 'fa') as name_fa,
           coalesce(
               arg_max(name_native, (native_n, name_native)) filter (where language = 'en'),
               arg_max(name, (name_n, name)) filter (where not regexp_matches(name, '[\x{0600}-\x{06FF}]'))
           ) as name_en,
           'person' as kind,
           arg_max(country, (country_n, country)) filter (where country is not null) as country,
           list_sort(list_distinct(list(role) filter (where role is not null))) as roles
    from mentions
    group by actor_id
),
org_mentions as (
    select s.org_id as actor_id, s.organization, s.country, r.language,
           count(*) over (partition by s.org_id, s.organization) as org_n
    from stg_sides as s
    join int_report_meetings as r using (report_id)
    where s.org_id is not null
),
orgs as (
    select actor_id,
           arg_max(organization, (org_n, organization)) filter (where organization is not null) as name,
           arg_max(organization, (org_n, organization)) filter (where language = 'ar') as name_ar,
           arg_max(organization, (org_n, organization)) filter (where language = 'fa') as name_fa,
           arg_max(organization, (org_n, organization)) filter (where language = 'en') as name_en,
           'organization' as kind,
           min(country) as country,
           []::varchar[] as roles
    from org_mentions
    group by actor_id
)
select * from people
union all by name
select * from orgs where actor_id not in (select actor_id from people)
order by actor_id;
