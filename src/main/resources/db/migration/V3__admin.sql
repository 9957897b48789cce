-- Admin API (issue 5): every change of a legacy baseline, who made it and what it replaced.
CREATE TABLE baseline_audit (
  id          bigserial   PRIMARY KEY,
  changed_at  timestamptz NOT NULL DEFAULT now(),
  token_name  text        NOT NULL,
  article_id  bigint      REFERENCES articles (id),  -- null: the site-wide baseline
  old_value   bigint      NOT NULL,
  new_value   bigint      NOT NULL
);
CREATE INDEX baseline_audit_by_time ON baseline_audit (changed_at DESC);
