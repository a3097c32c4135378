-- Copies merge field by field (issue 20). A version written as given (an edit on the site, an
-- approved submission, `import --replace`, a document without provenance) is the base that
-- later copies merge onto; copies stored before it no longer count. Edits and submissions
-- (source other than 'import') were always written so; this marks the rest from now on.
ALTER TABLE versions ADD COLUMN merge_base INTEGER NOT NULL DEFAULT 0;
