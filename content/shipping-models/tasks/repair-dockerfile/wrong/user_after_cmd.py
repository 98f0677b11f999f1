BASE = "python:3.12-slim-bookworm"
USER = "10001"
APT_LISTS = "rm -rf /var/lib/apt/lists/*"


def fix_command(command):
    """One shell command of a RUN, with the flag hadolint asks for added."""
    words = command.split()
    if words[:2] == ["apt-get", "install"] and "--no-install-recommends" not in words:
        words.insert(2, "--no-install-recommends")
    if words[:2] == ["pip", "install"] and "--no-cache-dir" not in words:
        words.insert(2, "--no-cache-dir")
    return " ".join(words)


def fix_run(script):
    """The arguments of a RUN: every command fixed, apt's lists removed."""
    commands = [fix_command(c.strip()) for c in script.split("&&")]
    installs = any(c.startswith("apt-get install") for c in commands)
    if installs and APT_LISTS not in commands:
        commands.append(APT_LISTS)
    return " && ".join(commands)


def repair(dockerfile: str) -> str:
    """Return `dockerfile` with its hadolint findings fixed, running as a non-root user."""
    out = []
    user = None
    for line in dockerfile.splitlines():
        word, _, args = line.strip().partition(" ")
        word, args = word.upper(), args.strip()
        if word == "FROM":
            image, *rest = args.split()
            name, _, tag = image.partition(":")
            if "@" not in image and tag in ("", "latest"):
                image = BASE
            out.append(" ".join(["FROM", image, *rest]))
        elif word == "ADD":
            out.append(f"COPY {args}")
        elif word == "RUN":
            if args.startswith("cd "):
                cd, _, args = args.partition("&&")
                out.append(f"WORKDIR {cd.split()[1]}")
            out.append(f"RUN {fix_run(args.strip())}")
        elif word == "USER":
            user = args
            out.append(line)
        elif word == "CMD":
            out.append(line)
            if user is None or user.split(":")[0] in ("root", "0"):
                out.append(f"USER {USER}")
                user = USER
        else:
            out.append(line)
    return "\n".join(out) + "\n"
