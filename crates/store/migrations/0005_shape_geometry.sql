-- The boundary in longitude/latitude (a GeoJSON geometry, as installed), for the GeoJSON
-- downloads; NULL for shapes installed before this column existed (reinstall to fill it).
ALTER TABLE shapes ADD COLUMN geometry TEXT;
