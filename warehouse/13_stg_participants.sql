-- stg_participants: one row per named person on a side of a report
create or replace view stg_participants as
select report_id, side_index, person_index, actor_id, name, name_native,
       nullif(trim(lower(role)), '') as role, coalesce(leader, false) as leader
from raw_participants;
