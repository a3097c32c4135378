-- Regions and their immutable versions. The current (published) version is a pointer.
CREATE TABLE regions (
    code            TEXT PRIMARY KEY,
    current_version INTEGER NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE versions (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    number       INTEGER NOT NULL,           -- 1, 2, … per region
    based_on     INTEGER,                    -- the version this one was written over
    author       TEXT NOT NULL,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    source       TEXT NOT NULL CHECK (source IN ('import', 'survey', 'edit')),
    comment      TEXT,
    source_ref   TEXT,                       -- file name or other origin
    source_text  TEXT,                       -- the document as given, when there was one
    profile_json TEXT NOT NULL,              -- canonical JSON of the profile
    UNIQUE (code, number)
) STRICT;

-- Versions are never changed or removed.
CREATE TRIGGER versions_immutable_update BEFORE UPDATE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;
CREATE TRIGGER versions_immutable_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are immutable'); END;

CREATE TABLE audit (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    code   TEXT,
    detail TEXT
) STRICT;
