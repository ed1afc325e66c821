-- stg_articles: cleaned articles as loaded, one row per article_id
create or replace view stg_articles as
select
    article_id,
    raw_id,
    doc_id,
    source,
    url,
    language,
    title,
    published,
    coalesce(published_precision, 'unknown') as published_precision,
    fetched_at,
    chars,
    text
from raw_articles;
