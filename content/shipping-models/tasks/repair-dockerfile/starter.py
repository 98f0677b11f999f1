def repair(dockerfile: str) -> str:
    """Return `dockerfile` with its hadolint findings fixed, running as a non-root user.

    dockerfile: one instruction per line (FROM, ENV, ADD, COPY, RUN, USER, EXPOSE, CMD),
    no continuation lines, a single stage, exactly one CMD.
    """
    lines = []
    for line in dockerfile.splitlines():
        word, _, args = line.strip().partition(" ")
        # A start: ADD becomes COPY. The rest is yours.
        if word.upper() == "ADD":
            line = f"COPY {args}"
        lines.append(line)
    return "\n".join(lines) + "\n"
