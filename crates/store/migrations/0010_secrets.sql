-- Keys the server signs with (the survey's fill-time stamp), made once per database so that
-- several servers on one database accept each other's forms.
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
