-- Checkable tasks: every attempt, and each learner's standing per task.

CREATE TABLE attempts (
    id           BIGSERIAL        PRIMARY KEY,
    user_id      BIGINT           NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Stable task id `<module>/<name>`.
    task_id      TEXT             NOT NULL,
    -- The answer as checked: option indices in definition order ("0,2"), or the text typed.
    answer       TEXT             NOT NULL,
    -- The learner's parameter values, as JSON ("{}" for tasks without variants).
    variant      TEXT             NOT NULL,
    correct      BIGINT           NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    -- SHA-256 of the task definition the answer was checked against.
    content_hash TEXT             NOT NULL,
    created_at   BIGINT           NOT NULL
);
CREATE INDEX attempts_user_time ON attempts (user_id, created_at);
CREATE INDEX attempts_user_task ON attempts (user_id, task_id);

CREATE TABLE task_status (
    user_id      BIGINT           NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    task_id      TEXT             NOT NULL,
    attempts     BIGINT           NOT NULL,
    -- Attempts that were not correct; one hint unlocks per wrong attempt.
    wrong        BIGINT           NOT NULL,
    best_score   DOUBLE PRECISION NOT NULL,
    solved_at    BIGINT,
    last_answer  TEXT             NOT NULL,
    last_correct BIGINT           NOT NULL,
    updated_at   BIGINT           NOT NULL,
    PRIMARY KEY (user_id, task_id)
);
