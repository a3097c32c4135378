-- Submissions of new or updated profiles, waiting for a curator (survey and review).
CREATE TABLE submissions (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    based_on     INTEGER,                     -- the version it was made on; NULL: a new region
    profile_json TEXT NOT NULL,               -- canonical JSON of the submitted profile
    status       TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    submitter    TEXT NOT NULL,               -- an account name, or 'visitor'
    contact      TEXT,                        -- what a visitor gave to be reached
    comment      TEXT,
    token_hash   TEXT NOT NULL UNIQUE,        -- the private status link's token, hashed
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    reviewed_by  TEXT,
    reviewed_at  TEXT,
    reason       TEXT,                        -- why it was rejected, or the review's comment
    version      INTEGER                      -- the version approving it made
) STRICT;
CREATE INDEX submissions_status ON submissions (status, id);
