-- Server mode's accounts: an e-mail address to sign in with, a role, an argon2id password hash
-- (never the password) and whether the account is disabled. The local user has none of these.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'candidate'
    CHECK (role IN ('candidate', 'coach', 'admin'));
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
CREATE UNIQUE INDEX users_email ON users (email);

-- A signed-in browser: only the SHA-256 of its 256-bit token is stored, so a copy of the database
-- signs no one in. Idle expiry reads last_seen_at; absolute expiry is expires_at.
CREATE TABLE sessions (
    token_hash   BLOB    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- One-time invitations: the hash of the link's token, whom it is for and in what role.
CREATE TABLE invites (
    token_hash BLOB    PRIMARY KEY,
    email      TEXT    NOT NULL,
    role       TEXT    NOT NULL CHECK (role IN ('candidate', 'coach', 'admin')),
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

-- Failed sign-ins, one row each, by key (an account's e-mail or an address), so the limit holds
-- across every app process sharing the database.
CREATE TABLE login_failures (
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
