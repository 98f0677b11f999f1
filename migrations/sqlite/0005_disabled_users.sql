-- An admin can disable an account: it cannot sign in, and its sessions are deleted.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
