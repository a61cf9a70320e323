-- PostgreSQL twin of migrations/sqlite/0007_accounts_and_sessions.sql.
ALTER TABLE users ADD COLUMN email text UNIQUE;
ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'candidate'
    CHECK (role IN ('candidate', 'coach', 'admin'));
ALTER TABLE users ADD COLUMN password_hash text;
ALTER TABLE users ADD COLUMN disabled_at bigint;

CREATE TABLE sessions (
    token_hash   bytea  PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id),
    created_at   bigint NOT NULL,
    last_seen_at bigint NOT NULL,
    expires_at   bigint NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE invites (
    token_hash bytea  PRIMARY KEY,
    email      text   NOT NULL,
    role       text   NOT NULL CHECK (role IN ('candidate', 'coach', 'admin')),
    created_by bigint NOT NULL REFERENCES users (id),
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    used_at    bigint
);

CREATE TABLE login_failures (
    key text   NOT NULL,
    at  bigint NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
