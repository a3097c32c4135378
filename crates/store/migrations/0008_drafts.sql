-- Survey drafts: the form as it was left, resumable from a private link (only the token's
-- hash is stored). A draft may not read yet: it is form fields, not a profile.
CREATE TABLE drafts (
    token_hash  TEXT PRIMARY KEY,
    code        TEXT,                 -- the region being updated; NULL for a new region
    based_on    INTEGER,
    fields_json TEXT NOT NULL,        -- the form's fields, as [[name, value], …]
    owner       TEXT NOT NULL,        -- an account name, or 'visitor'
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
