-- articles: one row per article
create or replace table articles as
select article_id, doc_id, source, url, language, title, published, published_precision,
       fetched_at, chars
from stg_articles
order by article_id;
