-- A stable id for every story, kept through export and import, so importing an export again
-- recognises the stories the bank holds instead of copying them (issue 12). Stories saved before get
-- a random version-4 UUID, as new ones do.
ALTER TABLE stories ADD COLUMN uid TEXT NOT NULL DEFAULT '';
UPDATE stories SET uid = lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
    substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' ||
    hex(randomblob(6)));
CREATE UNIQUE INDEX stories_by_uid ON stories (owner_id, uid);
-- A story from a file without ids is recognised by identical content, looked up by its title.
CREATE INDEX stories_by_title ON stories (owner_id, title);
