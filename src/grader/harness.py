"""Cairn's test harness: runs an exercise's tests against a learner's module.

Standard library only. It runs inside the sandbox as two processes:

* The parent (trusted) imports the instructor's test files and runs every `test_*`
  function in them. It never imports the learner's code. Instead, the learner's module
  name (such as `solution`) is bound to a proxy whose functions are remote calls.
* The child imports the learner's module and answers those calls over a private pipe.
  Arguments and results cross as JSON, so the parent only ever sees plain data.

The parent makes itself non-dumpable, so the child (same user, no capabilities) can
neither trace it nor open its file descriptors through /proc. The parent is the
sandbox's first process (PID 1), so no other process holds the sandbox's stdout.

The instructor's tests never exist as files: they arrive as JSON on stdin, which the
parent reads to the end before the learner's code starts, then replaces with
/dev/null. The child is started with no descriptor but its two pipes. The child's own stdout
and stderr go nowhere; what the learner prints during a call is captured and returned
with the reply. Only the parent writes to stdout: one JSON report, last. So printing,
exiting early, writing files or patching modules in the child cannot produce a pass;
killing the parent produces no report, which the grader treats as a failure.

Tests see more than return values through `import cairn` (cairn.py beside this file):
iterators passed as arguments travel as one-shot streams that the child pulls from the
parent item by item; the arguments as the learner's code left them come back after
each call and are copied into the test's lists, dicts, sets and bytearrays; and each
call is measured (wall-clock, CPU, peak memory) from outside the child, by the kernel.

The sandbox can be started before the job exists (a warm sandbox): the learner's code
arrives on stdin with the tests, and the parent passes it to the child over the pipe.
Until the job arrives, a parent given modules to warm starts the child at once and has
it import them (numpy, pandas...), so a job does not wait for them.

Usage: python3 -I -B harness.py MODULE LEARNER_FILE WARM_JSON < JOB_JSON
where WARM_JSON is a list of module names and JOB_JSON an object with "tests" (a list
of [file name, source] pairs), "code" (the learner's file) and "settings".
"""

import builtins
import ctypes
import importlib.util
import io
import json
import linecache
import os
import select
import signal
import subprocess
import sys
import time
import traceback
import types

OUTPUT_CAP = 8192
MESSAGE_CAP = 2000
# What one call may print before it is stopped with an output-limit failure.
PRINT_LIMIT = 1024 * 1024


class OutputLimit(BaseException):
    """Raised in the learner's process when a call prints more than PRINT_LIMIT."""


class CappedOutput(io.StringIO):
    """Keeps what a call prints, up to a limit; past it, the call is stopped."""

    def __init__(self):
        super().__init__()
        self.written = 0

    def write(self, text):
        self.written += len(text)
        if self.written > PRINT_LIMIT:
            raise OutputLimit()
        return super().write(text[: max(0, OUTPUT_CAP - self.tell())])


def make_undumpable():
    """prctl(PR_SET_DUMPABLE, 0): no ptrace, no /proc/<pid>/fd or /mem for the child."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(4, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE) failed")


def plain(value, depth=0):
    """The JSON form of a result: iterators become lists, tuples lists, sets sorted lists."""
    if depth > 50:
        raise TypeError("the result is nested too deeply")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray)):
        return {"__bytes__": bytes(value).hex()}
    if hasattr(value, "__iter__") and hasattr(value, "__next__"):
        return [plain(v, depth + 1) for v in value]
    raise TypeError(f"a {type(value).__name__} cannot be checked; return numbers, strings, lists or dicts")


def unplain(value):
    if isinstance(value, list):
        return [unplain(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"__bytes__"}:
            return bytes.fromhex(value["__bytes__"])
        return {k: unplain(v) for k, v in value.items()}
    return value


def learner_frames(tb, learner_file):
    """The traceback lines that point into the learner's own file."""
    lines = []
    for frame in traceback.extract_tb(tb):
        if frame.filename == learner_file:
            lines.append(f'  File "{os.path.basename(frame.filename)}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                lines.append(f"    {frame.line}")
    return lines


# ---------------------------------------------------------------- child (untrusted) --

class RemoteStream:
    """An iterator whose items come from the parent (a test's stream), fetched in
    batches that double from one item as the code keeps pulling."""

    def __init__(self, number, ask):
        self._number = number
        self._ask = ask
        self._items = []
        self._want = 1
        self._done = False

    def __iter__(self):
        return self

    def __next__(self):
        if not self._items and not self._done:
            answer = self._ask({"pull": self._number, "want": self._want})
            self._want = min(self._want * 2, 1024)
            if "fail" in answer:
                self._done = True
                raise RuntimeError(answer["fail"])
            self._items = [unplain(item) for item in reversed(answer.get("items", []))]
            self._done = bool(answer.get("end"))
        if not self._items:
            raise StopIteration
        return self._items.pop()


def child(module_name, learner_file, requests_fd, replies_fd, _dumps=json.dumps, _loads=json.loads,
          _plain=plain, _unplain=unplain):
    # The functions this loop relies on are bound here, before the learner's module is
    # imported, so patching json or this module's globals does not change what is sent.
    requests = os.fdopen(requests_fd, "r", encoding="utf-8")
    replies = os.fdopen(replies_fd, "w", encoding="utf-8")

    def reply(message):
        replies.write(_dumps(message) + "\n")
        replies.flush()

    def ask(message):
        reply(message)
        return _loads(requests.readline())

    def argument(value):
        if isinstance(value, dict) and set(value) == {"__stream__"}:
            return RemoteStream(value["__stream__"], ask)
        return _unplain(value)

    def left(value):
        """An argument as the call left it, or None where it cannot travel back."""
        if isinstance(value, RemoteStream):
            return None
        try:
            return {"value": _plain(value)}
        except Exception:  # the learner put something in it that cannot be sent
            return None

    def failure(exc):
        message = str(exc)[:MESSAGE_CAP]
        return {
            "error": {
                "type": type(exc).__name__,
                "message": message,
                "traceback": learner_frames(exc.__traceback__, learner_file),
            }
        }

    captured = CappedOutput()
    sys.stdout = sys.stderr = captured
    module = None
    for line in requests:
        request = json.loads(line)
        captured.seek(0)
        captured.truncate()
        captured.written = 0
        try:
            if request["op"] == "warm":
                for name in request["modules"]:
                    importlib.import_module(name)
                answer = {"ok": None}
            elif request["op"] == "import":
                source = request["source"]
                linecache.cache[learner_file] = (len(source), None, source.splitlines(True), learner_file)
                module = types.ModuleType(module_name)
                module.__file__ = learner_file
                sys.modules[module_name] = module
                exec(compile(source, learner_file, "exec"), module.__dict__)
                answer = {"ok": None}
            elif request["op"] == "get":
                value = getattr(module, request["name"])
                answer = {"callable": True} if callable(value) else {"ok": plain(value)}
            else:
                function = getattr(module, request["name"])
                args = [argument(a) for a in request["args"]]
                kwargs = {k: argument(v) for k, v in request["kwargs"].items()}
                answer = {"ok": _plain(function(*args, **kwargs)),
                          "args": [left(a) for a in args],
                          "kwargs": {k: left(v) for k, v in kwargs.items()}}
        except BaseException as exc:  # the learner's exceptions, all of them
            answer = failure(exc)
        answer["output"] = captured.getvalue()[:OUTPUT_CAP]
        reply(answer)


# ---------------------------------------------------------------- parent (trusted) --

class LearnerError(Exception):
    """An exception raised by the learner's code, carried back from the child."""

    def __init__(self, kind, message, frames):
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind = kind
        self.message = message
        self.frames = frames


def learner_exception(error):
    """The learner's exception for the test: the same built-in type when there is one, so
    tests can catch `ValueError` and the like; it carries the learner's frames."""
    kind, message, frames = error["type"], error["message"], error["traceback"]
    cls = getattr(builtins, kind, None)
    exc = None
    if isinstance(cls, type) and issubclass(cls, Exception) and not issubclass(cls, AssertionError):
        try:
            exc = cls(message)
        except Exception:
            exc = None
    if exc is None:
        exc = LearnerError(kind, message, frames)
    exc.cairn_kind = kind
    exc.cairn_message = message
    exc.cairn_frames = frames
    return exc


class ChildGone(Exception):
    """The learner's process ended or stopped answering (limits, os._exit...)."""


class Learner:
    """The learner's module, running in a child process."""

    def __init__(self, module_name, learner_file, timeout, source=""):
        self.module_name = module_name
        self.learner_file = learner_file
        self.timeout = timeout
        self.source = source
        self.process = None
        self.output = []
        # How the child ended, in words, once it has: "killed by signal 11 (SIGSEGV)".
        self.ending = None

    def start(self):
        """Imports the learner's code in the child, starting the child unless a warm
        one is waiting."""
        if self.process is None or self.process.poll() is not None:
            self.stop()
            self.spawn()
        return self.call({"op": "import", "source": self.source})

    def warm(self, modules):
        """Starts the child early and imports `modules` in it, before the job arrives;
        a module that fails to import is left for the learner's code to meet."""
        self.spawn()
        try:
            self.call({"op": "warm", "modules": modules})
        except Exception:  # an import failed or the child died: start cold instead
            self.stop()

    def spawn(self):
        self.ending = None
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-B", __file__, "--child", self.module_name,
             self.learner_file, str(requests_r), str(replies_w)],
            pass_fds=(requests_r, replies_w),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            cwd="/work" if os.path.isdir("/work") else None,
        )
        os.close(requests_r)
        os.close(replies_w)
        self.requests = os.fdopen(requests_w, "w", encoding="utf-8")
        self.replies_fd = replies_r
        self.buffer = b""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
        if self.process:
            self.process.wait()
            self.process = None

    def ended_how(self):
        """Why the child is gone: `time` or `crash` (with `self.ending` saying how)."""
        if self.process is None:
            return "crash"
        try:
            code = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return "time"
        if code in (-24, -9):  # SIGXCPU, or SIGKILL at the hard CPU limit
            return "time"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = "unknown signal"
            self.ending = f"killed by signal {-code} ({name})"
        else:
            self.ending = f"exited with code {code}"
        return "crash"

    def read_line(self, deadline):
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChildGone("time")
            ready, _, _ = select.select([self.replies_fd], [], [], left)
            if not ready:
                raise ChildGone("time")
            chunk = os.read(self.replies_fd, 65536)
            if not chunk:
                raise ChildGone(self.ended_how())
            self.buffer += chunk
            if len(self.buffer) > 16 * 1024 * 1024:
                raise ChildGone("output")
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def send(self, message):
        try:
            self.requests.write(json.dumps(message) + "\n")
            self.requests.flush()
        except (BrokenPipeError, OSError):
            raise ChildGone(self.ended_how())

    def call(self, request, streams=()):
        """Sends a request and returns the child's reply, serving the child's pulls
        from `streams` meanwhile; the whole exchange counts against the call timeout."""
        if self.process is None:
            raise ChildGone("crash")
        deadline = time.monotonic() + self.timeout
        self.send(request)
        while True:
            reply = self.read_line(deadline)
            if "pull" not in reply:
                break
            self.send(pulled(streams, reply["pull"], reply.get("want")))
        if reply.get("output"):
            self.output.append(reply["output"])
        if "error" in reply:
            error = reply["error"]
            if error["type"] == "MemoryError":
                raise ChildGone("memory")
            if error["type"] == "OutputLimit":
                raise ChildGone("output")
            raise learner_exception(error)
        return reply


def pulled(streams, number, want):
    """The answer to the child's pull of up to `want` items from stream `number` (at
    most the stream's own batch size: 1 for a test that counts exactly)."""
    if not isinstance(number, int) or not 0 <= number < len(streams):
        return {"fail": "no such stream"}
    stream = streams[number]
    limit = max(1, min(want if isinstance(want, int) else 1, getattr(stream, "batch", 1024)))
    items = []
    try:
        while len(items) < limit:
            items.append(plain(next(stream)))
    except StopIteration:
        return {"items": items, "end": True}
    except Exception as exc:  # the test's own iterable failed
        return {"fail": f"{type(exc).__name__}: {exc}"[:MESSAGE_CAP]}
    return {"items": items}


def is_stream(value):
    """Iterators and generators travel as streams; lists, strings and the like are copied."""
    return hasattr(value, "__next__") and hasattr(value, "__iter__")


def mirror(original, after):
    """Copies what the learner's code left in an argument into the test's own object."""
    if not isinstance(after, dict) or "value" not in after:
        return
    new = unplain(after["value"])
    try:
        if isinstance(original, list) and isinstance(new, list):
            original[:] = new
        elif isinstance(original, dict) and isinstance(new, dict):
            original.clear()
            original.update(new)
        elif isinstance(original, set) and isinstance(new, list):
            original.clear()
            original.update(new)
        elif isinstance(original, bytearray) and isinstance(new, bytes):
            original[:] = new
    except TypeError:  # unhashable items for a set: the test sees the set unchanged
        pass


class Measure:
    """The child's CPU time and memory as the kernel counts them, read from /proc."""

    def __init__(self, pid):
        self.pid = pid

    def cpu_seconds(self):
        total = 0
        try:
            for task in os.listdir(f"/proc/{self.pid}/task"):
                with open(f"/proc/{self.pid}/task/{task}/schedstat") as f:
                    total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
        return total / 1e9

    def memory(self, field):
        try:
            with open(f"/proc/{self.pid}/status") as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError):
            pass
        return None

    def reset_peak(self):
        """Lets the peak resident memory start again from the current one."""
        try:
            with open(f"/proc/{self.pid}/clear_refs", "w") as f:
                f.write("5")
            return True
        except OSError:
            return False


def measured_call(learner, request, streams):
    """A call to the learner's code, with cairn.last_call set to its measurements."""
    measure = Measure(learner.process.pid) if learner.process else None
    peak_known = measure.reset_peak() if measure else False
    rss = measure.memory("VmRSS") if measure else None
    cpu = measure.cpu_seconds() if measure else 0.0
    started = time.monotonic()
    try:
        return learner.call(request, streams)
    finally:
        seconds = time.monotonic() - started
        if measure and learner.process:
            peak = measure.memory("VmHWM")
            peak_memory = max(0, peak - rss) if peak_known and peak is not None and rss is not None else None
            cpu = measure.cpu_seconds() - cpu
        else:
            peak_memory, cpu = None, 0.0
        cairn = sys.modules.get("cairn")
        if cairn is not None:
            cairn.last_call = cairn.Call(request["name"], seconds, cpu, peak_memory)


def proxy_module(learner):
    module = types.ModuleType(learner.module_name)

    def remote(name):
        def call(*args, **kwargs):
            streams = []

            def send(value):
                if is_stream(value):
                    streams.append(value)
                    return {"__stream__": len(streams) - 1}
                return plain(value)
            request = {"op": "call", "name": name, "args": [send(a) for a in args],
                       "kwargs": {k: send(v) for k, v in kwargs.items()}}
            reply = measured_call(learner, request, streams)
            for original, after in zip(args, reply.get("args") or []):
                mirror(original, after)
            left = reply.get("kwargs") or {}
            for key, original in kwargs.items():
                mirror(original, left.get(key))
            return unplain(reply["ok"])
        call.__name__ = name
        return call

    def lookup(name):
        if name.startswith("__"):
            raise AttributeError(name)
        reply = learner.call({"op": "get", "name": name})
        return remote(name) if reply.get("callable") else unplain(reply["ok"])

    module.__getattr__ = lookup
    return module


def load_tests(sources):
    """Runs each test file's source as a module (named as its file, so tracebacks and
    assertion lines read as usual) and collects its `test_*` functions."""
    tests = []
    for file_name, source in sorted(sources):
        if not (file_name.startswith("test_") and file_name.endswith(".py")):
            continue
        path = f"tests/{file_name}"
        linecache.cache[path] = (len(source), None, source.splitlines(True), path)
        module = types.ModuleType(file_name[:-3])
        module.__file__ = path
        try:
            exec(compile(source, path, "exec"), module.__dict__)
        except ChildGone:
            raise
        except Exception as exc:  # e.g. `from solution import add` with no `add`
            tests.append((file_name, file_name[:-3], broken_file(exc)))
            continue
        for name, value in vars(module).items():
            if name.startswith("test_") and callable(value):
                tests.append((file_name, name, value))
    return tests


def load_cairn(source):
    """Makes `import cairn` give the tests cairn.py, beside this file."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cairn.py")
    spec = importlib.util.spec_from_file_location("cairn", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module._source = source
    sys.modules["cairn"] = module


def broken_file(exc):
    """A stand-in test for a test file that could not be loaded: it fails with why."""
    def test():
        raise exc
    return test


def assertion_message(exc, tb):
    message = str(exc)
    if message:
        return message[:MESSAGE_CAP]
    frames = traceback.extract_tb(tb)
    return (frames[-1].line or "assertion failed")[:MESSAGE_CAP] if frames else "assertion failed"


class ProgramRun:
    """One process of the learner's program, as `cairn.runs` shows it to the tests."""

    def __init__(self, rank, returncode, stdout, stderr, seconds, timed_out):
        self.rank = rank
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.timed_out = timed_out

    def __repr__(self):
        how = "stopped at the time limit" if self.timed_out else f"exit code {self.returncode}"
        return f"rank {self.rank}: {how} after {self.seconds:.2f} s"


def run_program(learner_file, source, program):
    """Runs the learner's file as a program in `processes` copies at once, each told its
    place as torchrun tells it (RANK, WORLD_SIZE, MASTER_ADDR on the sandbox's own
    loopback, MASTER_PORT), within `timeout` seconds for them all."""
    count = int(program.get("processes", 1))
    timeout = float(program.get("timeout", 5))
    # The program's file goes to the working folder, where the processes run.
    learner_file = os.path.join("/work" if os.path.isdir("/work") else os.getcwd(),
                                os.path.basename(learner_file))
    with open(learner_file, "w", encoding="utf-8") as f:
        f.write(source)
    started = time.monotonic()
    processes = []
    for rank in range(count):
        env = dict(os.environ, RANK=str(rank), LOCAL_RANK=str(rank), WORLD_SIZE=str(count),
                   LOCAL_WORLD_SIZE=str(count), MASTER_ADDR="127.0.0.1", MASTER_PORT="29500")
        processes.append(subprocess.Popen(
            [sys.executable, "-I", "-B", learner_file, *program.get("args", [])],
            env=env, cwd="/work" if os.path.isdir("/work") else None,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    streams = {}
    for rank, process in enumerate(processes):
        streams[process.stdout.fileno()] = (rank, "stdout")
        streams[process.stderr.fileno()] = (rank, "stderr")
    kept = {key: bytearray() for key in streams.values()}
    printed = [0] * count
    open_fds = set(streams)
    ended = [None] * count
    while open_fds and time.monotonic() < started + timeout:
        ready, _, _ = select.select(list(open_fds), [], [], max(0.0, started + timeout - time.monotonic()))
        for fd in ready:
            chunk = os.read(fd, 65536)
            key = streams[fd]
            if not chunk:
                open_fds.discard(fd)
                continue
            printed[key[0]] += len(chunk)
            room = OUTPUT_CAP - len(kept[key])
            kept[key] += chunk[:max(0, room)]
            if printed[key[0]] > PRINT_LIMIT:
                processes[key[0]].kill()
    runs = []
    for rank, process in enumerate(processes):
        left = max(0.0, started + timeout - time.monotonic())
        try:
            process.wait(timeout=left)
            timed_out = False
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            timed_out = True
        ended[rank] = time.monotonic() - started
        runs.append(ProgramRun(rank, process.returncode,
                               kept[(rank, "stdout")].decode("utf-8", "replace"),
                               kept[(rank, "stderr")].decode("utf-8", "replace"),
                               ended[rank], timed_out))
    return runs


def program_output(runs):
    """What the learner's processes printed, rank by rank, within the output cap."""
    parts = []
    for run in runs:
        text = (run.stdout + run.stderr).rstrip()
        if text or run.timed_out or run.returncode:
            parts.append(f"--- {run!r}\n{text}" if len(runs) > 1 or run.timed_out or run.returncode else text)
    return "\n".join(parts)[:OUTPUT_CAP]


def test_failure(exc):
    """A test's status and message for the exception it raised: `fail` for a failed
    assertion, `error` for the learner's exception (with their frames) or a broken test."""
    if isinstance(exc, AssertionError):
        return {"status": "fail", "message": assertion_message(exc, exc.__traceback__)}
    if isinstance(exc, LearnerError):
        return {"status": "error", "message": str(exc)[:MESSAGE_CAP], "traceback": exc.frames}
    if hasattr(exc, "cairn_frames"):  # the learner's built-in exception, re-raised here
        kind, message = exc.cairn_kind, exc.cairn_message
        return {"status": "error", "message": (f"{kind}: {message}" if message else kind)[:MESSAGE_CAP],
                "traceback": exc.cairn_frames}
    return {"status": "error", "message": f"{type(exc).__name__}: {exc}"[:MESSAGE_CAP]}


def parent_of_program(learner_file, source, sources, settings):
    """A program exercise: run the learner's processes first, then the tests, which
    read `cairn.runs` and the files the processes wrote."""
    runs = run_program(learner_file, source, settings["program"])
    load_cairn(source)
    sys.modules["cairn"].runs = runs
    output = program_output(runs)
    results = []
    for file_name, name, test in load_tests(sources):
        result = {"file": file_name, "name": name}
        try:
            test()
            result["status"] = "pass"
        except Exception as exc:  # a failed assertion, a broken test, unreadable files
            result.update(test_failure(exc))
        result["output"] = output
        results.append(result)
    outcome = "time" if any(run.timed_out for run in runs) else "completed"
    return {"outcome": outcome, "tests": results}


def parent(learner, source, sources, settings):
    if settings.get("program"):
        learner.stop()
        return parent_of_program(learner.learner_file, source, sources, settings)
    learner.source = source
    learner.timeout = settings.get("call_timeout", 10)
    module_name = learner.module_name
    results = []
    outcome = "completed"
    try:
        learner.start()
    except ChildGone as gone:
        learner.stop()
        return {"outcome": str(gone), "tests": [], "output": "", "message": learner.ending}
    except Exception as exc:  # the learner's module raised while importing
        learner.stop()
        return {"outcome": "error", "import_error": {"type": exc.cairn_kind, "message": exc.cairn_message,
                "traceback": exc.cairn_frames}, "output": "".join(learner.output)[:OUTPUT_CAP], "tests": []}
    sys.modules[module_name] = proxy_module(learner)
    load_cairn(source)
    try:
        tests = load_tests(sources)
    except ChildGone as gone:
        learner.stop()
        return {"outcome": str(gone), "tests": [], "output": ""}
    for file_name, name, test in tests:
        learner.output = []
        result = {"file": file_name, "name": name}
        try:
            test()
            result["status"] = "pass"
        except ChildGone as gone:
            result["status"] = str(gone)
            if str(gone) == "crash" and learner.ending:
                result["message"] = f"Your code crashed: {learner.ending}."
            outcome = str(gone) if outcome == "completed" else outcome
            learner.stop()
            try:
                learner.start()
            except Exception:  # the next test reports the failure again
                pass
        except Exception as exc:  # a failed assertion, the learner's exception, a broken test
            result.update(test_failure(exc))
        result["output"] = "".join(learner.output)[:OUTPUT_CAP]
        results.append(result)
    learner.stop()
    return {"outcome": outcome, "tests": results}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, module_name, learner_file, requests_fd, replies_fd = sys.argv
        child(module_name, learner_file, int(requests_fd), int(replies_fd))
        return
    module_name, learner_file, warm = sys.argv[1:4]
    make_undumpable()
    # No descriptor inherited past stderr reaches the learner's process.
    os.closerange(3, 1 << 16)
    learner = Learner(module_name, learner_file, 10)
    if json.loads(warm):
        learner.warm(json.loads(warm))
    # The job: the tests and the learner's code. Nothing the learner's code could
    # reach keeps the tests: stdin is drained, then replaced.
    job = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = None
    # Results go to the real stdout, saved before anything can replace sys.stdout.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    sys.stdout = io.StringIO()  # what tests print is not part of the report
    report = parent(learner, job["code"], job["tests"], job["settings"])
    out.write("\n" + json.dumps(report) + "\n")
    out.flush()


if __name__ == "__main__":
    builtins.__dict__.pop("breakpoint", None)
    main()
