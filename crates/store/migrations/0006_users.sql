-- Accounts, their regions, sessions and login attempts (survey, review and roles).
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'curator', 'editor')),
    password_hash TEXT NOT NULL,              -- argon2id, PHC string
    trusted       INTEGER NOT NULL DEFAULT 0, -- an editor whose submissions publish without review
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The regions an editor may edit and submit for.
CREATE TABLE user_regions (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code    TEXT NOT NULL,
    PRIMARY KEY (user_id, code)
) STRICT;

-- Server-side sessions, shared by every server on the database: the cookie holds a random
-- token, the table only its BLAKE2b hash (a copy of the database opens no session).
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at TEXT NOT NULL
) STRICT;

-- Events counted for throttling: failed logins (by account and by address) and visitors'
-- submissions (by address).
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,          -- 'user:NAME', 'addr:IP' or 'submit:IP'
    at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX login_failures_key ON login_failures (key, at);
