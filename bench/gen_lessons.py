#!/usr/bin/env python3
"""Generate a large, valid Cairn content folder for start-up and memory benchmarks.

Usage: gen_lessons.py OUT_DIR [MODULES] [LESSONS_PER_MODULE]   (default 10 x 100)

Each lesson looks like a real one: front matter with objectives, a table of contents's
worth of h2/h3 headings, prose with inline code and links to the neighbouring lessons,
fenced code in several languages (highlighted at start-up), a table, inline and display
math, a footnote, a task list and a GitHub alert. Module k recommends module k-1 first.
The output is deterministic, so runs can be compared.
"""

import sys
from pathlib import Path

TOPICS = [
    "caching", "queues", "profiling", "batching", "retries", "observability",
    "storage", "networking", "scheduling", "autoscaling", "serialisation", "security",
]

PYTHON = '''```python
import time
from functools import lru_cache


@lru_cache(maxsize={size})
def load_{topic}(key: str) -> dict:
    """Fetch one record; repeated keys come from the cache."""
    time.sleep(0.01)  # stands in for a network call
    return {{"key": key, "size": len(key) * {n}}}


def run(keys):
    start = time.perf_counter()
    results = [load_{topic}(k) for k in keys]
    elapsed = time.perf_counter() - start
    print(f"{{len(results)}} records in {{elapsed:.3f}} s")
    return results
```'''

SHELL = '''```bash
# Measure the {topic} job before and after the change
for run in 1 2 3; do
  /usr/bin/time -f "%e s, %M KiB" python job_{n}.py --input data/{topic}.csv
done | sort -n | head -n 1
```'''

TOML = '''```toml
[{topic}]
enabled = true
max_workers = {size}
timeout_seconds = 30.5
tags = ["lesson-{n}", "bench"]
```'''

RUST = '''```rust
use std::time::{{Duration, Instant}};

/// Retries `op` up to {size} times with capped exponential backoff.
fn with_retries<T, E>(mut op: impl FnMut() -> Result<T, E>) -> Result<T, E> {{
    let mut delay = Duration::from_millis(100);
    let started = Instant::now();
    for _ in 0..{size} {{
        match op() {{
            Ok(value) => return Ok(value),
            Err(_) if started.elapsed() < Duration::from_secs(30) => {{
                std::thread::sleep(delay);
                delay = (delay * 2).min(Duration::from_secs(5));
            }}
            Err(err) => return Err(err),
        }}
    }}
    op()
}}
```'''

PARAGRAPH = (
    "When a {topic} workload grows, the first symptom is rarely an error: it is a slow "
    "drift in latency that nobody notices until a batch misses its window. Measure the "
    "baseline with `time.perf_counter()` and keep the numbers next to the code, so the next "
    "change can be compared with the last one. A change that saves {n} ms per call is worth "
    "it only if the call sits on the critical path; otherwise spend the time on *correctness* "
    "and on **clear failure messages**."
)


def lesson_body(module_index, lesson_index, lessons, slugs):
    topic = TOPICS[(module_index + lesson_index) % len(TOPICS)]
    n = module_index * 100 + lesson_index + 1
    size = 8 + lesson_index % 56
    parts = []
    parts.append(PARAGRAPH.format(topic=topic, n=n))
    parts.append(f"## Why {topic} matters\n\n" + PARAGRAPH.format(topic=topic, n=n * 2))
    parts.append(
        "> [!NOTE]\n"
        f"> Every example in this lesson runs with the Python standard library; no cloud "
        f"account is needed for lesson {n}."
    )
    parts.append(f"### A first measurement\n\nSave this as `{topic}_{n}.py` and run it twice.\n\n"
                 + PYTHON.format(topic=topic, n=n, size=size))
    parts.append(
        "Throughput and latency are linked by Little's law: with $L$ requests in flight and "
        "an arrival rate $\\lambda$, the mean time in the system is $W = L / \\lambda$. "
        "For a batch of $n$ items processed $k$ at a time:\n\n"
        "$$T(n) = \\left\\lceil \\frac{n}{k} \\right\\rceil \\cdot t_{\\text{batch}} + "
        "\\sum_{i=1}^{r} d_i$$"
    )
    parts.append(
        f"## Comparing the options\n\n"
        f"| Option | Latency (p50) | Latency (p99) | Monthly cost |\n"
        f"|---|---:|---:|---:|\n"
        f"| In-process {topic} | {n % 7 + 1} ms | {n % 13 + 9} ms | $0 |\n"
        f"| Shared service | {n % 5 + 3} ms | {n % 17 + 20} ms | ${size * 12} |\n"
        f"| Managed offering | {n % 3 + 2} ms | {n % 11 + 15} ms | ${size * 40} |\n\n"
        f"The managed option wins on tail latency[^tail] but costs "
        f"{size * 40 // max(size * 12, 1)}× more."
    )
    parts.append(f"### From the shell\n\n" + SHELL.format(topic=topic, n=n))
    parts.append(f"### Configuration\n\n" + TOML.format(topic=topic, n=n, size=size))
    if lesson_index % 3 == 0:
        parts.append("### The same idea in Rust\n\n" + RUST.format(size=size % 9 + 2))
    parts.append(
        "## Check yourself\n\n"
        "- [x] Measured the baseline\n"
        f"- [ ] Compared two {topic} strategies\n"
        "- [ ] Wrote the numbers down ~~in your head~~ in the repository"
    )
    links = []
    if lesson_index > 0:
        links.append(f"[the previous lesson]({lesson_index:03d}-{slugs[lesson_index - 1]}.md)")
    if lesson_index + 1 < lessons:
        links.append(f"[the next lesson]({lesson_index + 2:03d}-{slugs[lesson_index + 1]}.md#why-"
                     f"{TOPICS[(module_index + lesson_index + 1) % len(TOPICS)]}-matters)")
    if links:
        parts.append("## Where next\n\nSee " + " and ".join(links) + ".")
    parts.append(f"[^tail]: Measured at half of the maximum rate, {n % 4 + 2} runs each.")
    return "\n\n".join(parts) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    modules = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    lessons = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    out.mkdir(parents=True, exist_ok=True)
    names = [f"bench-module-{m + 1:02d}" for m in range(modules)]
    (out / "path.toml").write_text(
        'title = "Benchmark path"\n\n'
        'description = """\nA generated path with '
        f"{modules} modules of {lessons} lessons each, for start-up and memory benchmarks.\n"
        '"""\n\n'
        "modules = [" + ", ".join(f'"{n}"' for n in names) + "]\n"
    )
    for m, name in enumerate(names):
        folder = out / name
        folder.mkdir(exist_ok=True)
        requires = f'requires = ["{names[m - 1]}"]\n' if m > 0 else ""
        (folder / "module.toml").write_text(
            f'title = "Benchmark module {m + 1}"\n'
            f'summary = "Generated module {m + 1} with {lessons} lessons about infrastructure work."\n'
            f"{requires}"
            f"estimated_hours = {lessons * 0.25}\n"
        )
        slugs = [f"{TOPICS[(m + i) % len(TOPICS)]}-in-practice-{i + 1}" for i in range(lessons)]
        for i, slug in enumerate(slugs):
            topic = TOPICS[(m + i) % len(TOPICS)]
            front = (
                "+++\n"
                f'title = "{topic.capitalize()} in practice, part {i + 1}"\n'
                f'summary = "Measure, compare and configure {topic} for a real workload."\n'
                f"estimated_minutes = {10 + i % 30}\n"
                "objectives = [\n"
                f'  "Measure a {topic} baseline with the standard library",\n'
                f'  "Compare three {topic} options on latency and cost",\n'
                '  "Write the numbers down next to the code",\n'
                "]\n"
                "+++\n\n"
            )
            body = lesson_body(m, i, lessons, slugs)
            (folder / f"{i + 1:03d}-{slug}.md").write_text(front + body)


if __name__ == "__main__":
    main()
