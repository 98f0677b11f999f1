-- Python submissions waiting for, or done with, grading in the sandbox.

CREATE TABLE grading_jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Stable task id `<module>/<name>`.
    task_id      TEXT NOT NULL,
    code         TEXT NOT NULL,
    -- SHA-256 of the task definition when the code was submitted.
    content_hash TEXT NOT NULL,
    -- pending, running or done.
    state        TEXT NOT NULL,
    -- A running job whose lease has passed was left by a crashed worker: it is claimed
    -- again. Only the holder of the current token may write the result.
    lease_until  INTEGER,
    lease_token  TEXT,
    -- The verdict, as JSON, once done.
    result       TEXT,
    created_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER
);
CREATE INDEX grading_jobs_state ON grading_jobs (state, id);
CREATE INDEX grading_jobs_user_task ON grading_jobs (user_id, task_id, id);
CREATE INDEX grading_jobs_user_time ON grading_jobs (user_id, created_at);
