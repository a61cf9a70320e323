-- Accounts: one local user now; server mode adds more. Every table holding user data has owner_id.
CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
INSERT INTO users (id, name, created_at) VALUES (1, 'local', 0);

-- One row per story: the current revision number plus columns denormalised from that revision's
-- content for listing and filtering. The revisions table is the source of truth.
CREATE TABLE stories (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    rev        INTEGER NOT NULL CHECK (rev >= 1),
    title      TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('draft', 'ready', 'retired')),
    principles TEXT    NOT NULL, -- principle ids joined by U+001F (unit separator)
    tags       TEXT    NOT NULL, -- tags joined by U+001F
    times_used INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL, -- unix milliseconds
    updated_at INTEGER NOT NULL,
    trashed_at INTEGER           -- set while in the trash
);
CREATE INDEX stories_by_owner ON stories (owner_id, trashed_at, id);

-- Every save is a revision; revisions are never changed or deleted except by an explicit purge.
CREATE TABLE story_revisions (
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    story_id   INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    rev        INTEGER NOT NULL,
    content    TEXT    NOT NULL, -- JSON of the story content
    created_at INTEGER NOT NULL,
    PRIMARY KEY (story_id, rev)
);

-- The current revision's principle tags, for filtering by principle.
CREATE TABLE story_principles (
    owner_id  INTEGER NOT NULL REFERENCES users (id),
    story_id  INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    principle TEXT    NOT NULL,
    PRIMARY KEY (story_id, principle)
);
CREATE INDEX story_principles_by_owner ON story_principles (owner_id, principle);
