-- PostgreSQL twin of migrations/sqlite/0013_transcripts.sql. The report is `text`, not `json`: the
-- store keeps the app's text exactly. The table is an account's data, behind the same row-level
-- security as the others (migration 0008): a transaction acting for one account sees and writes
-- only that account's rows.
CREATE TABLE transcripts (
    id          bigserial PRIMARY KEY,
    owner_id    bigint NOT NULL REFERENCES users (id),
    name        text   NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200), -- trimmed
    format      text   NOT NULL CHECK (format IN ('text', 'srt', 'vtt', 'whisper')),
    source      text   NOT NULL CHECK (octet_length(source) <= 2000000),
    text        text   NOT NULL CHECK (octet_length(text) <= 200000),
    question_id text   CHECK (char_length(question_id) BETWEEN 1 AND 100),
    question    text   CHECK (char_length(question) BETWEEN 1 AND 2000),
    context     text   NOT NULL CHECK (context IN ('speak', 'mock', 'drill', 'story')),
    context_id  bigint,
    duration_ms bigint NOT NULL CHECK (duration_ms >= 0),
    words       bigint NOT NULL CHECK (words >= 0),
    score       bigint CHECK (score BETWEEN 0 AND 100),
    report      text   NOT NULL CHECK (octet_length(report) <= 2000000),
    created_at  bigint NOT NULL -- unix milliseconds
);
CREATE INDEX transcripts_by_time ON transcripts (owner_id, created_at, id);
CREATE INDEX transcripts_by_context ON transcripts (owner_id, context, context_id, created_at, id);

ALTER TABLE transcripts ENABLE ROW LEVEL SECURITY;
ALTER TABLE transcripts FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_only ON transcripts USING (owner_id = tpmprep_owner());
