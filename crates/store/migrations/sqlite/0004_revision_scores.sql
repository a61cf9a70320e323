-- The critic's score of each scored revision: a cache the critic can always recompute, kept beside the
-- revisions (which stay unchanged) so the dashboard can draw the story scores over time.
CREATE TABLE revision_scores (
    owner_id INTEGER NOT NULL REFERENCES users (id),
    story_id INTEGER NOT NULL,
    rev      INTEGER NOT NULL,
    score    INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    PRIMARY KEY (story_id, rev),
    FOREIGN KEY (story_id, rev) REFERENCES story_revisions (story_id, rev) ON DELETE CASCADE
);

-- Stories already scored bring their current revision's score along.
INSERT INTO revision_scores (owner_id, story_id, rev, score)
SELECT owner_id, id, rev, score FROM stories
WHERE score IS NOT NULL AND score_rev = rev AND score BETWEEN 0 AND 100;
