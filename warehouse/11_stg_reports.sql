-- stg_reports: article-level meeting reports; the article's date stands in for a missing one
create or replace view stg_reports as
select
    r.report_id,
    r.article_id,
    coalesce(r.doc_id, a.doc_id) as doc_id,
    r.position,
    coalesce(r.language, a.language) as language,
    coalesce(r.published, a.published) as published,
    r.date,
    coalesce(r.date_precision, 'unknown') as date_precision,
    r.city,
    r.country,
    coalesce(r.mode, 'unspecified') as mode,
    coalesce(r.topics, []::varchar[]) as topics,
    r.confidence,
    r.evidence
from raw_reports as r
left join raw_articles as a using (article_id);
