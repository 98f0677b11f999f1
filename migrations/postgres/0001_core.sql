-- Accounts, server-side sessions, sign-in throttling and lesson progress.
-- Times are Unix seconds (BIGINT) so both backends store them the same way.

CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT   NOT NULL,
    -- Lower-cased username: uniqueness and sign-in ignore case.
    username_key  TEXT   NOT NULL UNIQUE,
    email         TEXT,
    password_hash TEXT   NOT NULL,
    role          TEXT   NOT NULL DEFAULT 'learner'
                  CHECK (role IN ('learner', 'instructor', 'admin')),
    created_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's token; the token itself is never stored.
    token_hash   TEXT   PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_throttle (
    username_key  TEXT   PRIMARY KEY,
    failures      BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE lesson_progress (
    user_id          BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Stable lesson id `<module>/<slug>`.
    lesson_id        TEXT   NOT NULL,
    first_visited_at BIGINT NOT NULL,
    completed_at     BIGINT,
    PRIMARY KEY (user_id, lesson_id)
);
CREATE INDEX lesson_progress_completed ON lesson_progress (user_id, completed_at);
