-- Code drafts: a learner's unsubmitted code per exercise, saved as they type, so it
-- survives a reload and follows them to another device. Submitting clears it (the
-- submission then holds the code).
CREATE TABLE drafts (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    task_id    TEXT    NOT NULL,
    code       TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, task_id)
);
