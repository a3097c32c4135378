-- NUTS boundary shapes, installed by the user (their licence forbids shipping them):
-- projected to EPSG:3035, simplified, as SVG path data in map kilometres.
CREATE TABLE shapes (
    nuts_id TEXT PRIMARY KEY,
    level   INTEGER NOT NULL,
    name    TEXT NOT NULL,
    path    TEXT NOT NULL,
    min_x INTEGER NOT NULL, min_y INTEGER NOT NULL, max_x INTEGER NOT NULL, max_y INTEGER NOT NULL
) STRICT;

CREATE TABLE shapes_source (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    source       TEXT NOT NULL,
    installed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    count        INTEGER NOT NULL
) STRICT;
