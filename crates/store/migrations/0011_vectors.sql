-- Sentence embeddings of the profiles' texts (evidence units and asks), by the text's key
-- (pmatlas_core::matching::meaning::key), quantised to bytes with their scale. Worked out
-- by the process that writes when the model is installed; a cache, not a record: deleting
-- the rows loses nothing that cannot be worked out again.
CREATE TABLE vectors (
    key    INTEGER PRIMARY KEY,
    model  TEXT NOT NULL,
    scale  REAL NOT NULL,
    q      BLOB NOT NULL
) STRICT;

-- Counts every change to `vectors`: a read view learns in one lookup whether to read them
-- again (counting the rows would read the whole table).
CREATE TABLE vectors_generation (n INTEGER NOT NULL) STRICT;
INSERT INTO vectors_generation (n) VALUES (0);
