-- Checkable tasks: every attempt, and each learner's standing per task.

CREATE TABLE attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Stable task id `<module>/<name>`.
    task_id      TEXT    NOT NULL,
    -- The answer as checked: option indices in definition order ("0,2"), or the text typed.
    answer       TEXT    NOT NULL,
    -- The learner's parameter values, as JSON ("{}" for tasks without variants).
    variant      TEXT    NOT NULL,
    correct      INTEGER NOT NULL,
    score        REAL    NOT NULL,
    -- SHA-256 of the task definition the answer was checked against.
    content_hash TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX attempts_user_time ON attempts (user_id, created_at);
CREATE INDEX attempts_user_task ON attempts (user_id, task_id);

CREATE TABLE task_status (
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    task_id      TEXT    NOT NULL,
    attempts     INTEGER NOT NULL,
    -- Attempts that were not correct; one hint unlocks per wrong attempt.
    wrong        INTEGER NOT NULL,
    best_score   REAL    NOT NULL,
    solved_at    INTEGER,
    last_answer  TEXT    NOT NULL,
    last_correct INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    PRIMARY KEY (user_id, task_id)
);

-- Every stored attempt updates the learner's standing in the same statement, so the two
-- can never disagree, even if the process dies between writes. (PostgreSQL does the
-- same with one data-modifying statement; see src/store/attempts.rs.)
CREATE TRIGGER attempts_update_status AFTER INSERT ON attempts
BEGIN
    INSERT INTO task_status
        (user_id, task_id, attempts, wrong, best_score, solved_at, last_answer, last_correct, updated_at)
    VALUES (NEW.user_id, NEW.task_id, 1, 1 - NEW.correct, NEW.score,
            CASE WHEN NEW.correct = 1 THEN NEW.created_at END,
            NEW.answer, NEW.correct, NEW.created_at)
    ON CONFLICT (user_id, task_id) DO UPDATE SET
        attempts = task_status.attempts + 1,
        wrong = task_status.wrong + excluded.wrong,
        best_score = MAX(task_status.best_score, excluded.best_score),
        solved_at = COALESCE(task_status.solved_at, excluded.solved_at),
        last_answer = excluded.last_answer,
        last_correct = excluded.last_correct,
        updated_at = excluded.updated_at;
END;
