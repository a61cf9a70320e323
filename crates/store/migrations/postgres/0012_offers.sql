-- PostgreSQL twin of migrations/sqlite/0012_offers.sql. The body is `text`, not `json`: the store
-- keeps the app's text exactly (a save compares it with the latest). Both tables are an account's
-- data, behind the same row-level security as the others (migration 0008): a transaction acting for
-- one account sees and writes only that account's rows.
CREATE TABLE offers (
    id         bigserial PRIMARY KEY,
    owner_id   bigint NOT NULL REFERENCES users (id),
    name       text   NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120), -- trimmed
    name_key   text   NOT NULL CHECK (char_length(name_key) BETWEEN 1 AND 480),
    currency   text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    created_at bigint NOT NULL, -- unix milliseconds
    updated_at bigint NOT NULL  -- the latest revision's
);
CREATE UNIQUE INDEX offers_by_name ON offers (owner_id, name_key);

CREATE TABLE offer_revisions (
    owner_id bigint NOT NULL REFERENCES users (id),
    offer_id bigint NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    rev      bigint NOT NULL CHECK (rev >= 1),
    name     text   NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
    currency text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    body     text   NOT NULL CHECK (char_length(body) <= 50000),
    saved_at bigint NOT NULL,
    PRIMARY KEY (offer_id, rev)
);
CREATE INDEX offer_revisions_by_owner ON offer_revisions (owner_id, offer_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['offers', 'offer_revisions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY owner_only ON %I USING (owner_id = tpmprep_owner())', t);
    END LOOP;
END $$;
