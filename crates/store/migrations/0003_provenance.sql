-- Provenance of versions (issue: real documents read exactly).
-- The copy as read, when the published profile differs from it (fields carried forward from
-- older editions) or when the version was kept without being published.
ALTER TABLE versions ADD COLUMN copy_json TEXT;
-- 1 when the version became current when written; 0 for a copy cut part-way that was kept
-- as a version only (it would have removed what a complete copy of its edition says).
ALTER TABLE versions ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
-- The edition of the data ("2021 edition"), for listings that do not read the profile.
ALTER TABLE versions ADD COLUMN edition TEXT;
-- Where the copy stops, when it stops part-way ("after 'Topics cover' (line 74)").
ALTER TABLE versions ADD COLUMN incomplete TEXT;
