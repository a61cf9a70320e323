-- PostgreSQL twin of migrations/sqlite/0004_story_day_scores.sql: each story's last scored revision
-- of each day (UTC), for the story scores over time.
CREATE TABLE story_day_scores (
    owner_id bigint NOT NULL REFERENCES users (id),
    story_id bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    day      bigint NOT NULL, -- days since 1970-01-01 of the revision's save
    rev      bigint NOT NULL,
    saved_at bigint NOT NULL, -- unix milliseconds
    score    bigint NOT NULL CHECK (score BETWEEN 0 AND 100),
    PRIMARY KEY (story_id, day)
);
CREATE INDEX story_day_scores_by_owner ON story_day_scores (owner_id, saved_at);

-- Stories already scored bring their current revision's score along.
INSERT INTO story_day_scores (owner_id, story_id, day, rev, saved_at, score)
SELECT s.owner_id, s.id, r.created_at / 86400000, s.rev, r.created_at, s.score
FROM stories s JOIN story_revisions r ON r.story_id = s.id AND r.rev = s.rev
WHERE s.score IS NOT NULL AND s.score_rev = s.rev AND s.score BETWEEN 0 AND 100;
