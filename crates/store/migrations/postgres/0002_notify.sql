-- Servers on one database learn of a commit at once: every audited change (a write, an
-- account change, shapes installed) and every vectors change notifies channel `pmatlas`
-- when its transaction commits (notifications within one are folded into one).
CREATE FUNCTION pmatlas_notify() RETURNS TRIGGER LANGUAGE plpgsql AS
$$ BEGIN PERFORM pg_notify('pmatlas', ''); RETURN NULL; END $$;
CREATE TRIGGER audit_notify AFTER INSERT ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION pmatlas_notify();
CREATE TRIGGER vectors_notify AFTER UPDATE ON vectors_generation
    FOR EACH STATEMENT EXECUTE FUNCTION pmatlas_notify();
