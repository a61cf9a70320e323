-- PostgreSQL twin of migrations/sqlite/0009_design_sessions.sql. The setup, clock, diagram, report
-- and self-rating are `json` (checked, the text kept as written), as a mock's setup is. Every table
-- is an account's data, behind the same row-level security as the others (migration 0008): a
-- transaction acting for one account sees and writes only that account's rows.
CREATE TABLE design_sessions (
    id          bigserial PRIMARY KEY,
    owner_id    bigint NOT NULL REFERENCES users (id),
    prompt_id   text CHECK (char_length(prompt_id) BETWEEN 1 AND 100), -- NULL: the candidate's own
    title       text   NOT NULL CHECK (char_length(title) <= 200),
    prompt_text text   NOT NULL CHECK (char_length(prompt_text) <= 8000),
    setup       json   NOT NULL CHECK (char_length(setup::text) <= 200000),
    clock       json   NOT NULL CHECK (char_length(clock::text) <= 200000),
    diagram     json   NOT NULL DEFAULT '{"boxes":[],"arrows":[]}'
                       CHECK (char_length(diagram::text) <= 200000),
    diagram_rev bigint NOT NULL DEFAULT 0 CHECK (diagram_rev >= 0),
    self_rating json CHECK (char_length(self_rating::text) <= 200000), -- once finished
    report      json CHECK (char_length(report::text) <= 200000),      -- once finished
    overall     bigint CHECK (overall BETWEEN 0 AND 100),               -- the report's score
    created_at  bigint NOT NULL, -- unix milliseconds
    updated_at  bigint NOT NULL, -- the last change of any kind
    finished_at bigint           -- the first finish
);
CREATE INDEX design_sessions_by_owner ON design_sessions (owner_id, id);

CREATE TABLE design_notes (
    owner_id   bigint NOT NULL REFERENCES users (id),
    session_id bigint NOT NULL REFERENCES design_sessions (id) ON DELETE CASCADE,
    phase      text   NOT NULL CHECK (char_length(phase) BETWEEN 1 AND 100),
    rev        bigint NOT NULL CHECK (rev >= 1),
    body       text   NOT NULL CHECK (char_length(body) <= 100000),
    saved_at   bigint NOT NULL,
    PRIMARY KEY (session_id, phase, rev)
);
CREATE INDEX design_notes_by_owner ON design_notes (owner_id, session_id);

CREATE TABLE design_hints (
    owner_id   bigint NOT NULL REFERENCES users (id),
    session_id bigint NOT NULL REFERENCES design_sessions (id) ON DELETE CASCADE,
    seq        bigint NOT NULL CHECK (seq >= 0),
    phase      text   NOT NULL CHECK (char_length(phase) BETWEEN 1 AND 100),
    kind       text   NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 100),
    text       text   NOT NULL CHECK (char_length(text) <= 8000),
    used_at    bigint NOT NULL,
    PRIMARY KEY (session_id, seq)
);
CREATE INDEX design_hints_by_owner ON design_hints (owner_id, session_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['design_sessions', 'design_notes', 'design_hints']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY owner_only ON %I USING (owner_id = tpmprep_owner())', t);
    END LOOP;
END $$;
