-- Where diplomacy happens: meetings per city and month (undated meetings by publication month).
select coalesce(city, '(unknown)') as city,
       strftime(coalesce(date, first_published), '%Y-%m') as month,
       count(*) as meetings,
       sum(n_sources) as reports
from meetings
group by all
order by month, meetings desc, city;
