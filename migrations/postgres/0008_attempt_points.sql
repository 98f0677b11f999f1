-- Points by attempt: each attempt records the points it earned (a correct answer earns
-- the task's points for that attempt number, so trying every option costs points), and
-- the standing keeps the best. Attempts stored before this migration have NULL points
-- and keep their scores: a task already solved then still counts its full points.
-- (The standing is updated by the statement in src/store/attempts.rs.)

ALTER TABLE attempts ADD COLUMN points DOUBLE PRECISION;
ALTER TABLE task_status ADD COLUMN points DOUBLE PRECISION;
