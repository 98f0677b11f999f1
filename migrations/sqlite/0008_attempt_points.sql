-- Points by attempt: each attempt records the points it earned (a correct answer earns
-- the task's points for that attempt number, so trying every option costs points), and
-- the standing keeps the best. Attempts stored before this migration have NULL points
-- and keep their scores: a task already solved then still counts its full points.

ALTER TABLE attempts ADD COLUMN points REAL;
ALTER TABLE task_status ADD COLUMN points REAL;

DROP TRIGGER attempts_update_status;
CREATE TRIGGER attempts_update_status AFTER INSERT ON attempts
BEGIN
    INSERT INTO task_status
        (user_id, task_id, attempts, wrong, best_score, solved_at, last_answer, last_correct, updated_at, points)
    VALUES (NEW.user_id, NEW.task_id, 1, 1 - NEW.correct, NEW.score,
            CASE WHEN NEW.correct = 1 THEN NEW.created_at END,
            NEW.answer, NEW.correct, NEW.created_at, COALESCE(NEW.points, 0))
    ON CONFLICT (user_id, task_id) DO UPDATE SET
        attempts = task_status.attempts + 1,
        wrong = task_status.wrong + excluded.wrong,
        best_score = MAX(task_status.best_score, excluded.best_score),
        solved_at = COALESCE(task_status.solved_at, excluded.solved_at),
        last_answer = excluded.last_answer,
        last_correct = excluded.last_correct,
        updated_at = excluded.updated_at,
        points = CASE
            WHEN task_status.points IS NULL AND task_status.solved_at IS NOT NULL THEN NULL
            ELSE MAX(COALESCE(task_status.points, 0), excluded.points)
        END;
END;
