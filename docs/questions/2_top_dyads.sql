-- Which pairs of sides (organisations or countries) met most often, per year.
select strftime(cast(month || '-01' as date), '%Y') as year, side_a, side_b, sum(n_meetings) as meetings
from dyads
group by all
order by meetings desc, year, side_a, side_b
limit 20;
