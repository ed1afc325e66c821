-- Everyone Ali Larijani met, with the role each side stated on that day, where and when.
with his as (
    select meeting_id, side_index, role as his_role
    from meeting_participants
    where name ilike '%larijani%' or name_native like '%لاريجاني%' or name_native like '%لاریجانی%'
)
select m.date, m.city, his.his_role, p.name as counterpart, p.role as counterpart_role,
       p.organization as counterpart_side, m.n_sources
from his
join meetings as m using (meeting_id)
join meeting_participants as p on p.meeting_id = his.meeting_id and p.side_index <> his.side_index
order by m.date, counterpart;
