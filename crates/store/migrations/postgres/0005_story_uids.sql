-- PostgreSQL twin of migrations/sqlite/0005_story_uids.sql: a stable id for every story, kept through
-- export and import; stories saved before get a random version-4 UUID, as new ones do.
ALTER TABLE stories ADD COLUMN uid text NOT NULL DEFAULT '';
UPDATE stories SET uid = gen_random_uuid()::text;
CREATE UNIQUE INDEX stories_by_uid ON stories (owner_id, uid);
-- A story from a file without ids is recognised by identical content, looked up by its title.
CREATE INDEX stories_by_title ON stories (owner_id, title);
