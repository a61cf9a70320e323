-- The study plan's overrides and the spaced-repetition drills. A plan is computed afresh from its
-- inputs (settings) and the candidate's progress; only what the candidate said about a task is
-- kept, by the task's stable key. A drill card is a pack question or the candidate's own front and
-- back, with the scheduler's memory (all four memory columns set, or none for a new card) and its
-- review log; the reviews go when their card goes.
CREATE TABLE plan_overrides (
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    key        TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    action     TEXT    NOT NULL CHECK (action IN ('skip', 'done', 'move')),
    moved_to   TEXT CHECK (moved_to GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'), -- move only
    updated_at INTEGER NOT NULL, -- unix milliseconds
    CHECK ((action = 'move') = (moved_to IS NOT NULL)),
    PRIMARY KEY (owner_id, key)
);

CREATE TABLE drill_cards (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id    INTEGER NOT NULL REFERENCES users (id),
    question_id TEXT CHECK (length(question_id) BETWEEN 1 AND 200), -- NULL: the candidate's own
    front       TEXT    NOT NULL CHECK (length(front) BETWEEN 1 AND 2000),
    back        TEXT    NOT NULL CHECK (length(back) <= 20000),
    principles  TEXT    NOT NULL DEFAULT '[]'                        -- a JSON array of ids
                        CHECK (json_valid(principles) AND json_type(principles) = 'array'
                               AND json_array_length(principles) <= 32),
    created_at  INTEGER NOT NULL, -- unix milliseconds
    suspended   INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    due         INTEGER,          -- the memory: NULL until the first review
    stability   REAL CHECK (stability >= 0),
    difficulty  REAL CHECK (difficulty >= 0),
    last_review INTEGER,
    reps        INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0),
    lapses      INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    CHECK ((due IS NULL) = (stability IS NULL) AND (due IS NULL) = (difficulty IS NULL)
           AND (due IS NULL) = (last_review IS NULL)),
    UNIQUE (owner_id, question_id) -- a pack question is carded once (own cards: NULL, distinct)
);
CREATE INDEX drill_cards_by_owner ON drill_cards (owner_id, id);

CREATE TABLE drill_reviews (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id      INTEGER NOT NULL REFERENCES users (id),
    card_id       INTEGER NOT NULL REFERENCES drill_cards (id) ON DELETE CASCADE,
    grade         INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4), -- again, hard, good, easy
    reviewed_at   INTEGER NOT NULL, -- unix milliseconds
    elapsed_days  REAL    NOT NULL CHECK (elapsed_days >= 0),
    interval_days REAL    NOT NULL CHECK (interval_days >= 0),
    stability     REAL    NOT NULL CHECK (stability >= 0),  -- the card's, after this review
    difficulty    REAL    NOT NULL CHECK (difficulty >= 0),
    answer        TEXT CHECK (length(answer) <= 20000),     -- typed, if it was
    score         INTEGER CHECK (score BETWEEN 0 AND 100)   -- the critic's, if typed
);
CREATE INDEX drill_reviews_by_owner ON drill_reviews (owner_id, reviewed_at, id);
CREATE INDEX drill_reviews_by_card ON drill_reviews (card_id);
