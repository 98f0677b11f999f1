# syntax=docker/dockerfile:1
#
# Cairn in a container: one image for `cairn serve`, `cairn worker` and the other
# commands. Build with `docker build -t cairn .` (BuildKit, the default builder since
# Docker 23, is needed for the cache mounts). docs/deploy.md explains how to run it.

# ---- Build ------------------------------------------------------------------------
FROM rust:1-bookworm AS build
WORKDIR /build

# Only what the compiler reads: the manifest, the sources (harness.py is embedded from
# src/grader/), the migrations (embedded with include_str!), and the two load
# generators Cargo.toml names as examples.
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY migrations ./migrations
COPY bench/*.rs ./bench/

# The registry and target folders live in BuildKit cache mounts, so a rebuild after a
# source change downloads nothing and recompiles only Cairn itself. A cache mount is
# not part of the image, hence the copy out of target/.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/usr/local/cargo/git \
    --mount=type=cache,target=/build/target \
    cargo build --release --locked \
    && cp target/release/cairn /usr/local/bin/cairn

# ---- Run --------------------------------------------------------------------------
FROM debian:bookworm-slim

# What the grader runs (src/grader/sandbox.rs): /usr/bin/bwrap (bubblewrap), then
# /usr/bin/prlimit inside the sandbox, then /usr/bin/python3; /usr/bin/setpriv only
# when the server runs as root. prlimit, setpriv, unshare and mount (the sandbox's
# capped scratch filesystem) come from util-linux. python3-venv lets `cairn env build`
# make the Python environments exercises with packages run in. tini is the
# container's init (see ENTRYPOINT below).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        bubblewrap ca-certificates python3 python3-venv tini util-linux \
    && rm -rf /var/lib/apt/lists/*

# Which user the server runs as.
#
# The grader behaves differently as root and as anyone else. As root it drops to
# `nobody` with setpriv before starting bubblewrap, so learners' code never runs as
# the user that owns the database. As any other user it starts bubblewrap directly,
# and the code runs, inside its own user namespace with no capabilities, as that user.
#
# Bubblewrap only works in a container whose seccomp filter, AppArmor profile and
# /proc masks are relaxed (see compose.yaml). With those relaxed, root in the container
# is much closer to root on the host: it can, for example, write the host kernel's
# settings under /proc/sys. So the server runs as an unprivileged `cairn` user: a flaw
# in the server, or code that got out of bubblewrap, holds only that user's rights.
# The price is that such code could also reach what `cairn` can, the data folder
# among it. To make the other trade, run the container as root (`--user 0`, or
# `user: "0"` in compose.yaml); the grader then drops to `nobody` by itself.
RUN groupadd --system --gid 10001 cairn \
    && useradd --system --uid 10001 --gid cairn --home-dir /srv/cairn \
        --no-create-home --shell /usr/sbin/nologin cairn

COPY --from=build /usr/local/bin/cairn /usr/local/bin/cairn

# Everything lives outside /usr on purpose: the sandbox shows learners' code all of
# /usr (read-only), and content/ holds the exercises' hidden tests.
WORKDIR /srv/cairn
COPY content ./content
COPY templates ./templates
COPY static ./static

# The SQLite database (sqlite://data/cairn.db, relative to /srv/cairn). Owned by
# `cairn` so that a new named volume mounted here starts out writable by the server.
RUN mkdir data environments && chown cairn:cairn data environments
VOLUME /srv/cairn/data

USER cairn

# The Python environments the bundled exercises need (NumPy, pandas...), built from PyPI
# into the image, outside the data volume so that a new image brings its own builds. A
# content folder mounted over /srv/cairn/content with other environments needs
# `cairn env build` run in the container (or an image built from it).
ENV CAIRN_ENVIRONMENTS_DIR=/srv/cairn/environments
RUN cairn env build

EXPOSE 8080

# /healthz answers 200 while the database is reachable. The image has no curl;
# python3 is there for the grader anyway. Proxies from the environment are ignored.
# `cairn worker` serves no HTTP: its service turns this check off (compose.yaml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python3", "-c", "import urllib.request as u; u.build_opener(u.ProxyHandler({})).open('http://127.0.0.1:8080/healthz', timeout=4)"]

# tini runs as PID 1 and starts the command below (or the one a compose file or
# `docker run IMAGE cairn ...` gives) as its child. Each sandbox run orphans
# bubblewrap's own helper processes, and the kernel hands orphans to PID 1 to reap.
# cairn waits only for the children it started, so as PID 1 it kept every one as a
# zombie (two per run: `cairn check` on the bundled content left 29), each holding a
# PID, so a busy grader would in time run out of them. tini reaps them, passes SIGTERM
# and SIGINT on to cairn (which still finishes requests in flight) and exits with
# cairn's status. -s (subreaper) keeps it reaping when something else is PID 1, as
# under `docker run --init`, and silences its warning there.
ENTRYPOINT ["/usr/bin/tini", "-s", "--"]

# 0.0.0.0 inside the container; publish the port or put a proxy in front. Settings
# come from CAIRN_* variables or a cairn.toml mounted at /srv/cairn/cairn.toml.
CMD ["cairn", "serve", "--bind", "0.0.0.0:8080"]
