-- A candidate shares their stories, mocks and readiness with a coach (and can take it back); a coach
-- (or the candidate) comments on a story or one answer of a mock. A comment belongs to the candidate
-- whose story or mock it is (owner_id), written by author_id; it goes when its story or mock goes.
CREATE TABLE shares (
    candidate_id INTEGER NOT NULL REFERENCES users (id),
    coach_id     INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL, -- unix milliseconds
    PRIMARY KEY (candidate_id, coach_id),
    CHECK (candidate_id <> coach_id)
);
CREATE INDEX shares_by_coach ON shares (coach_id, candidate_id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    story_id   INTEGER REFERENCES stories (id) ON DELETE CASCADE,
    story_rev  INTEGER,          -- the revision the comment was written on
    mock_id    INTEGER REFERENCES mocks (id) ON DELETE CASCADE,
    answer_seq INTEGER,          -- the answer of the mock it is on
    body       TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at INTEGER NOT NULL,
    CHECK ((story_id IS NULL) <> (mock_id IS NULL)),
    CHECK ((mock_id IS NULL) = (answer_seq IS NULL))
);
CREATE INDEX comments_by_story ON comments (owner_id, story_id, id);
CREATE INDEX comments_by_mock ON comments (owner_id, mock_id, id);
