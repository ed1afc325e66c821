-- dyads: how often two sides (country, else organisation) met, by month of the meeting
create or replace table dyads as
with labelled_sides as (
    select s.meeting_id, coalesce(s.country, s.organization) as side,
           coalesce(strftime(m.date, '%Y-%m'), strftime(m.first_published, '%Y-%m'), 'unknown') as month
    from meeting_sides as s
    join meetings as m using (meeting_id)
    where coalesce(s.country, s.organization) is not null
),
pairs as (
    select distinct a.month, a.side as side_a, b.side as side_b, a.meeting_id
    from labelled_sides as a
    join labelled_sides as b on a.meeting_id = b.meeting_id and a.side < b.side
)
select month, side_a, side_b, count(distinct meeting_id) as n_meetings
from pairs
group by all
order by month, side_a, side_b;
