-- The tests a graded submission failed, one `file::test` per line, so the cohort page
-- can name the test most learners fail without reading every stored report.
ALTER TABLE grading_jobs ADD COLUMN failed_tests TEXT;
