-- PostgreSQL twin of migrations/sqlite/0010_plans_and_drills.sql. A card's principles are `text[]`
-- as a story's are. Every table is an account's data, behind the same row-level security as the
-- others (migration 0008): a transaction acting for one account sees and writes only its rows.
CREATE TABLE plan_overrides (
    owner_id   bigint NOT NULL REFERENCES users (id),
    key        text   NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
    action     text   NOT NULL CHECK (action IN ('skip', 'done', 'move')),
    moved_to   text CHECK (moved_to ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'), -- move only
    updated_at bigint NOT NULL, -- unix milliseconds
    CHECK ((action = 'move') = (moved_to IS NOT NULL)),
    PRIMARY KEY (owner_id, key)
);

CREATE TABLE drill_cards (
    id          bigserial PRIMARY KEY,
    owner_id    bigint  NOT NULL REFERENCES users (id),
    question_id text CHECK (char_length(question_id) BETWEEN 1 AND 200), -- NULL: the candidate's own
    front       text    NOT NULL CHECK (char_length(front) BETWEEN 1 AND 2000),
    back        text    NOT NULL CHECK (char_length(back) <= 20000),
    principles  text[]  NOT NULL DEFAULT '{}' CHECK (cardinality(principles) <= 32),
    created_at  bigint  NOT NULL, -- unix milliseconds
    suspended   boolean NOT NULL DEFAULT false,
    due         bigint,           -- the memory: NULL until the first review
    stability   double precision CHECK (stability >= 0),
    difficulty  double precision CHECK (difficulty >= 0),
    last_review bigint,
    reps        bigint  NOT NULL DEFAULT 0 CHECK (reps >= 0),
    lapses      bigint  NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    CHECK ((due IS NULL) = (stability IS NULL) AND (due IS NULL) = (difficulty IS NULL)
           AND (due IS NULL) = (last_review IS NULL)),
    UNIQUE (owner_id, question_id) -- a pack question is carded once (own cards: NULL, distinct)
);
CREATE INDEX drill_cards_by_owner ON drill_cards (owner_id, id);

CREATE TABLE drill_reviews (
    id            bigserial PRIMARY KEY,
    owner_id      bigint NOT NULL REFERENCES users (id),
    card_id       bigint NOT NULL REFERENCES drill_cards (id) ON DELETE CASCADE,
    grade         bigint NOT NULL CHECK (grade BETWEEN 1 AND 4),
    reviewed_at   bigint NOT NULL,
    elapsed_days  double precision NOT NULL CHECK (elapsed_days >= 0),
    interval_days double precision NOT NULL CHECK (interval_days >= 0),
    stability     double precision NOT NULL CHECK (stability >= 0),
    difficulty    double precision NOT NULL CHECK (difficulty >= 0),
    answer        text CHECK (char_length(answer) <= 20000),
    score         bigint CHECK (score BETWEEN 0 AND 100)
);
CREATE INDEX drill_reviews_by_owner ON drill_reviews (owner_id, reviewed_at, id);
CREATE INDEX drill_reviews_by_card ON drill_reviews (card_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['plan_overrides', 'drill_cards', 'drill_reviews']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY owner_only ON %I USING (owner_id = tpmprep_owner())', t);
    END LOOP;
END $$;
