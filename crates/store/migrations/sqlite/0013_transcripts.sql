-- Transcripts of spoken answers: the file as brought (`source`), the words read from it (`text`), a
-- few figures for lists, and the report as a JSON document the app writes (the store keeps its text
-- as given and does not read it). Not edited: added, read, listed and deleted. `context` says where
-- it was brought (on its own, a mock answer, a drill answer, a story rehearsal) and `context_id`
-- names the mock, card or story (no foreign key: the transcript outlives what it was brought for).
-- Sizes of the file, the text and the report are in bytes; of the name and question in characters.
CREATE TABLE transcripts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200), -- trimmed
    format      TEXT    NOT NULL CHECK (format IN ('text', 'srt', 'vtt', 'whisper')),
    source      TEXT    NOT NULL CHECK (length(CAST(source AS BLOB)) <= 2000000),
    text        TEXT    NOT NULL CHECK (length(CAST(text AS BLOB)) <= 200000),
    question_id TEXT    CHECK (length(question_id) BETWEEN 1 AND 100),
    question    TEXT    CHECK (length(question) BETWEEN 1 AND 2000),
    context     TEXT    NOT NULL CHECK (context IN ('speak', 'mock', 'drill', 'story')),
    context_id  INTEGER,
    duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
    words       INTEGER NOT NULL CHECK (words >= 0),
    score       INTEGER CHECK (score BETWEEN 0 AND 100),
    report      TEXT    NOT NULL CHECK (length(CAST(report AS BLOB)) <= 2000000),
    created_at  INTEGER NOT NULL -- unix milliseconds
);
CREATE INDEX transcripts_by_time ON transcripts (owner_id, created_at, id);
CREATE INDEX transcripts_by_context ON transcripts (owner_id, context, context_id, created_at, id);
