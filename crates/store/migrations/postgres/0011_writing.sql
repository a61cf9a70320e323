-- PostgreSQL twin of migrations/sqlite/0011_writing.sql. The report is `json` (checked, the text
-- kept as written), as a design session's is. Both tables are an account's data, behind the same
-- row-level security as the others (migration 0008): a transaction acting for one account sees and
-- writes only that account's rows.
CREATE TABLE writings (
    id              bigserial PRIMARY KEY,
    owner_id        bigint NOT NULL REFERENCES users (id),
    prompt_id       text CHECK (char_length(prompt_id) BETWEEN 1 AND 100), -- NULL: the candidate's own
    title           text   NOT NULL CHECK (char_length(title) <= 200),
    prompt_text     text   NOT NULL CHECK (char_length(prompt_text) <= 4000),
    minutes         bigint NOT NULL CHECK (minutes BETWEEN 1 AND 600),
    elapsed_seconds bigint NOT NULL DEFAULT 0 CHECK (elapsed_seconds >= 0),
    report          json CHECK (char_length(report::text) <= 200000), -- once finished
    overall         bigint CHECK (overall BETWEEN 0 AND 100),          -- the report's score
    created_at      bigint NOT NULL, -- unix milliseconds
    updated_at      bigint NOT NULL, -- the last change of any kind
    finished_at     bigint           -- the first finish
);
CREATE INDEX writings_by_owner ON writings (owner_id, id);

CREATE TABLE writing_revisions (
    owner_id   bigint NOT NULL REFERENCES users (id),
    writing_id bigint NOT NULL REFERENCES writings (id) ON DELETE CASCADE,
    rev        bigint NOT NULL CHECK (rev >= 1),
    body       text   NOT NULL CHECK (char_length(body) <= 200000),
    words      bigint NOT NULL CHECK (words >= 0),
    saved_at   bigint NOT NULL,
    PRIMARY KEY (writing_id, rev)
);
CREATE INDEX writing_revisions_by_owner ON writing_revisions (owner_id, writing_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['writings', 'writing_revisions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY owner_only ON %I USING (owner_id = tpmprep_owner())', t);
    END LOOP;
END $$;
