-- PostgreSQL twin of migrations/sqlite/0008_sharing_and_comments.sql, and row-level security: the
-- second wall between accounts. Every query the store makes on an account's data runs in a
-- transaction that names that account (`SET LOCAL tpmprep.owner`); the policies below let such a
-- transaction see and write only that account's rows, even if a query forgot its `owner_id` filter.
-- A statement outside such a transaction sees no row and can write none. FORCE makes the
-- policies hold for the role that owns the tables too; only a superuser or a BYPASSRLS role escapes
-- them, which is why the server should connect as an ordinary role (docs/scaling.md). A later
-- migration that must rewrite every account's rows can `ALTER TABLE … NO FORCE ROW LEVEL SECURITY`
-- for its own transaction and FORCE it again at the end.
CREATE TABLE shares (
    candidate_id bigint NOT NULL REFERENCES users (id),
    coach_id     bigint NOT NULL REFERENCES users (id),
    created_at   bigint NOT NULL,
    PRIMARY KEY (candidate_id, coach_id),
    CHECK (candidate_id <> coach_id)
);
CREATE INDEX shares_by_coach ON shares (coach_id, candidate_id);

CREATE TABLE comments (
    id         bigserial PRIMARY KEY,
    owner_id   bigint NOT NULL REFERENCES users (id),
    author_id  bigint NOT NULL REFERENCES users (id),
    story_id   bigint REFERENCES stories (id) ON DELETE CASCADE,
    story_rev  bigint,
    mock_id    bigint REFERENCES mocks (id) ON DELETE CASCADE,
    answer_seq bigint,
    body       text   NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
    created_at bigint NOT NULL,
    CHECK ((story_id IS NULL) <> (mock_id IS NULL)),
    CHECK ((mock_id IS NULL) = (answer_seq IS NULL))
);
CREATE INDEX comments_by_story ON comments (owner_id, story_id, id);
CREATE INDEX comments_by_mock ON comments (owner_id, mock_id, id);

-- The account the current transaction acts for (NULL outside one: then no row qualifies).
CREATE FUNCTION tpmprep_owner() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT NULLIF(current_setting('tpmprep.owner', true), '')::bigint $$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['stories', 'story_revisions', 'story_principles', 'story_day_scores',
                             'mocks', 'mock_answers', 'mock_ratings', 'settings', 'comments']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY owner_only ON %I USING (owner_id = tpmprep_owner())', t);
    END LOOP;
END $$;

ALTER TABLE shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE shares FORCE ROW LEVEL SECURITY;
CREATE POLICY either_side ON shares
    USING (candidate_id = tpmprep_owner() OR coach_id = tpmprep_owner());
