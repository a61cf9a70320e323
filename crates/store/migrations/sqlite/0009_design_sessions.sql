-- System-design practice sessions. The setup (phases, minutes), the clock, the diagram, the
-- report and the self-rating are JSON the practice engine and the app write and read; the store
-- keeps them whole. Each phase's notes keep every revision (a save within a short window of the
-- latest replaces it in place, so typing does not write hundreds); the diagram has a revision
-- counter of its own. Notes and hints go when their session goes.
CREATE TABLE design_sessions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    prompt_id   TEXT CHECK (length(prompt_id) BETWEEN 1 AND 100), -- NULL: the candidate's own
    title       TEXT    NOT NULL CHECK (length(title) <= 200),
    prompt_text TEXT    NOT NULL CHECK (length(prompt_text) <= 8000),
    setup       TEXT    NOT NULL CHECK (length(setup) <= 200000),  -- JSON
    clock       TEXT    NOT NULL CHECK (length(clock) <= 200000),  -- JSON
    diagram     TEXT    NOT NULL DEFAULT '{"boxes":[],"arrows":[]}'
                        CHECK (length(diagram) <= 200000),         -- JSON
    diagram_rev INTEGER NOT NULL DEFAULT 0 CHECK (diagram_rev >= 0),
    self_rating TEXT CHECK (length(self_rating) <= 200000),        -- JSON, once finished
    report      TEXT CHECK (length(report) <= 200000),             -- JSON, once finished
    overall     INTEGER CHECK (overall BETWEEN 0 AND 100),         -- the report's score
    created_at  INTEGER NOT NULL, -- unix milliseconds
    updated_at  INTEGER NOT NULL, -- the last change of any kind
    finished_at INTEGER           -- the first finish
);
CREATE INDEX design_sessions_by_owner ON design_sessions (owner_id, id);

CREATE TABLE design_notes (
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    session_id INTEGER NOT NULL REFERENCES design_sessions (id) ON DELETE CASCADE,
    phase      TEXT    NOT NULL CHECK (length(phase) BETWEEN 1 AND 100),
    rev        INTEGER NOT NULL CHECK (rev >= 1), -- 1, 2, 3 ... per phase
    body       TEXT    NOT NULL CHECK (length(body) <= 100000),
    saved_at   INTEGER NOT NULL, -- when this revision was (last) written
    PRIMARY KEY (session_id, phase, rev)
);
CREATE INDEX design_notes_by_owner ON design_notes (owner_id, session_id);

CREATE TABLE design_hints (
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    session_id INTEGER NOT NULL REFERENCES design_sessions (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL CHECK (seq >= 0), -- 0, 1, 2 ... in the order used
    phase      TEXT    NOT NULL CHECK (length(phase) BETWEEN 1 AND 100),
    kind       TEXT    NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    text       TEXT    NOT NULL CHECK (length(text) <= 8000),
    used_at    INTEGER NOT NULL,
    PRIMARY KEY (session_id, seq)
);
CREATE INDEX design_hints_by_owner ON design_hints (owner_id, session_id);
