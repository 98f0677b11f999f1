-- "Try it" runs: a learner's program run against an exercise's visible tests only.
-- They wait in the same durable queue as submissions (so they survive a restart) but
-- are claimed after every waiting submission, never count as an attempt and stay out
-- of instructors' statistics and trails. 1 for a try run, 0 for a submission.
ALTER TABLE grading_jobs ADD COLUMN try_run INTEGER NOT NULL DEFAULT 0;
