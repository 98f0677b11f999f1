-- Settings an admin changes in the browser (the registration mode). Kept in the
-- database, not in memory, so every replica serving the same database agrees.
CREATE TABLE site_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
