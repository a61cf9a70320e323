-- Job offers: a name, a currency code and the terms as a JSON document the app writes (the store
-- keeps its text as given and does not read it), with every revision as a story's: revision 1 is
-- the offer as created, each save that changes anything adds the next. The offer's row holds its
-- name and currency as of the latest revision, for listing and for the unique name: `name_key` is
-- the name trimmed and in lower case (computed by the store, so every backend compares alike).
-- Revisions go when their offer goes.
CREATE TABLE offers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id   INTEGER NOT NULL REFERENCES users (id),
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120), -- trimmed
    name_key   TEXT    NOT NULL CHECK (length(name_key) BETWEEN 1 AND 480),
    currency   TEXT    NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
    created_at INTEGER NOT NULL, -- unix milliseconds
    updated_at INTEGER NOT NULL  -- the latest revision's
);
CREATE UNIQUE INDEX offers_by_name ON offers (owner_id, name_key);

CREATE TABLE offer_revisions (
    owner_id INTEGER NOT NULL REFERENCES users (id),
    offer_id INTEGER NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    rev      INTEGER NOT NULL CHECK (rev >= 1), -- 1, 2, 3 ...
    name     TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    currency TEXT    NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
    body     TEXT    NOT NULL CHECK (length(body) <= 50000),
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (offer_id, rev)
);
CREATE INDEX offer_revisions_by_owner ON offer_revisions (owner_id, offer_id);
