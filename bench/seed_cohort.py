#!/usr/bin/env python3
"""Seeds a Cairn SQLite database with one cohort of learners part-way through the path,
for bench/cohort.

    bench/seed_cohort.py DATABASE CONTENT_DIR INSTRUCTOR_ID LEARNERS

The database must already be migrated and hold the instructor (bench/cohort creates it
with `cairn user add`). Every learner gets lesson progress and attempts on the tasks of
the lessons they reached: most solve each task within one to four attempts, some give
up; Python exercises also get graded jobs whose failed tests are taken from the
exercise's own test files. The attempts go through the table's trigger, as the server's
own inserts do, so each learner's standing per task is built the same way. Random but
repeatable (fixed seed). Prints one line: learners, attempts, jobs.
"""

import pathlib
import random
import re
import sqlite3
import sys
import time


def lessons_and_tasks(content):
    """[(lesson id, [(task id, failing test names or None)])] in path order."""
    path = (content / "path.toml").read_text()
    modules = re.search(r"modules\s*=\s*\[(.*?)\]", path, re.S).group(1)
    order = re.findall(r'"([^"]+)"', modules)
    lessons = []
    for module in order:
        folder = content / module
        for lesson in sorted(folder.glob("[0-9]*.md")):
            slug = re.sub(r"^\d+-", "", lesson.stem)
            text = lesson.read_text()
            # A task is placed by a fence holding its id: ```task / id / ```.
            placed = re.findall(r"^```task[ \t]*\n([\w-]+)[ \t]*\n```", text, re.M)
            tasks = []
            for name in placed:
                tests = folder / "tasks" / name / "tests"
                failing = None
                if tests.is_dir():
                    failing = [
                        f"{f.name}::{t}"
                        for f in sorted(tests.glob("test_*.py"))
                        for t in re.findall(r"^def (test_\w+)", f.read_text(), re.M)
                    ]
                tasks.append((f"{module}/{name}", failing))
            lessons.append((f"{module}/{slug}", tasks))
    return lessons


def main():
    database, content, instructor, learners = sys.argv[1:5]
    content = pathlib.Path(content)
    learners = int(learners)
    rng = random.Random(42)
    lessons = lessons_and_tasks(content)
    db = sqlite3.connect(database)
    now = int(time.time()) - 86_400
    db.execute("INSERT INTO cohorts (name, created_at) VALUES ('Bench cohort', ?)", (now,))
    cohort = db.execute("SELECT MAX(id) FROM cohorts").fetchone()[0]
    db.execute(
        "INSERT INTO cohort_members (cohort_id, user_id, role, joined_at) VALUES (?, ?, 'instructor', ?)",
        (cohort, int(instructor), now),
    )
    attempts = jobs = 0
    for n in range(learners):
        name = f"learner-{n:04d}"
        cur = db.execute(
            "INSERT INTO users (username, username_key, password_hash, role, created_at) "
            "VALUES (?, ?, 'not-a-hash', 'learner', ?)",
            (name, name, now),
        )
        user = cur.lastrowid
        db.execute(
            "INSERT INTO cohort_members (cohort_id, user_id, role, joined_at) VALUES (?, ?, 'learner', ?)",
            (cohort, user, now),
        )
        reached = rng.randint(1, len(lessons))
        t = now
        for lesson_id, tasks in lessons[:reached]:
            done = True
            for task_id, failing in tasks:
                tries = rng.choice([1, 1, 2, 2, 3, 4, 6])
                solves = rng.random() < 0.85
                done = done and solves
                for i in range(tries):
                    correct = solves and i == tries - 1
                    t += rng.randint(5, 120)
                    answer = "def solve():\n    return 42\n" if failing is not None else str(rng.random())
                    db.execute(
                        "INSERT INTO attempts (user_id, task_id, answer, variant, correct, score, content_hash, created_at) "
                        "VALUES (?, ?, ?, '{}', ?, ?, 'bench', ?)",
                        (user, task_id, answer, int(correct), 1.0 if correct else 0.0, t),
                    )
                    attempts += 1
                    if failing is not None:
                        failed = [] if correct else rng.sample(failing, k=min(len(failing), rng.randint(1, 2)))
                        db.execute(
                            "INSERT INTO grading_jobs (user_id, task_id, code, content_hash, state, result, failed_tests, created_at, finished_at) "
                            "VALUES (?, ?, ?, 'bench', 'done', ?, ?, ?, ?)",
                            (user, task_id, answer,
                             '{"outcome": "%s", "score": %d, "tests": []}' % ("passed" if correct else "failed", int(correct)),
                             "\n".join(failed), t, t),
                        )
                        jobs += 1
            db.execute(
                "INSERT INTO lesson_progress (user_id, lesson_id, first_visited_at, completed_at) VALUES (?, ?, ?, ?)",
                (user, lesson_id, t, t if done else None),
            )
    db.commit()
    print(f"{learners} learners, {attempts} attempts, {jobs} graded jobs")


if __name__ == "__main__":
    main()
