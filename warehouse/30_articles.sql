-- articles: one row per article
-- Updated in place, not rebuilt: an article row never changes once loaded (raw rows are
-- insert-only), so each load adds the new articles and drops those reset_derived removed;
-- rebuilding 31,000 rows every batch was the largest mart cost. tasks/load.py rebuild() drops
-- the table first, so a change of columns here takes effect there.
create table if not exists articles as
select article_id, doc_id, source, url, language, title, published, published_precision,
       fetched_at, chars
from stg_articles
where false;

delete from articles
where article_id not in (select article_id from stg_articles);

insert into articles
select article_id, doc_id, source, url, language, title, published, published_precision,
       fetched_at, chars
from stg_articles
where article_id not in (select article_id from articles)
order by article_id;
