"""What an exercise's tests can see of how the learner's code runs: `import cairn`.

The harness loads this module in its trusted process before the tests, and keeps its
state up to date (the learner's file, the last call's measurements). Standard library
only. The tests call the learner's functions remotely, so by default they see only
return values; this module adds four things:

* `Stream(iterable, batch=1024)`: a one-shot stream for the learner's code. Passed as
  an argument (any iterator or generator is passed the same way), the learner's
  function receives an iterator that pulls items from this process as it goes; a
  second pass sees nothing, as with an open file. `stream.pulled` says how many items
  were sent. Items go in batches that double from one as the code keeps pulling, so
  `pulled` runs ahead of what the code consumed by less than what it consumed; with
  `batch=1` every item is pulled alone and `pulled` is exact.
* Arguments come back: after each call, lists, dicts, sets and bytearrays passed to the
  learner's function hold what the learner's code left in them, so a test can check
  that an input was (or was not) modified in place.
* `last_call`: the wall-clock time, CPU time and peak memory of the latest call,
  measured by the kernel from outside the learner's process (they cannot be faked by
  the learner's code).
* `source()`, `syntax()`, `calls()`, `imports()`, `loops()`, `functions()`: the
  learner's file as text and small questions over its syntax tree. These judge the
  code's form, not its behaviour; use them for teaching goals behaviour cannot show
  (a constant-time comparison, no Python-level loop over the rows).
"""

import ast

# Set by the harness.
_source = None
last_call = None
runs = []


class Stream:
    """A one-shot stream of `iterable`'s items for the learner's code."""

    def __init__(self, iterable, batch=1024):
        self._items = iter(iterable)
        self.batch = max(1, int(batch))
        self.pulled = 0
        self.finished = False

    def __iter__(self):
        return self

    def __next__(self):
        try:
            item = next(self._items)
        except StopIteration:
            self.finished = True
            raise
        self.pulled += 1
        return item


class Call:
    """Measurements of one call into the learner's code.

    `seconds` is wall-clock time seen from the harness (it includes passing the
    arguments); `cpu_seconds` is the CPU time of the learner's process and its threads
    (not of processes it starts); `peak_memory` is how far, in bytes, the process's
    resident memory rose above where it stood when the call began.
    """

    def __init__(self, name, seconds, cpu_seconds, peak_memory):
        self.name = name
        self.seconds = seconds
        self.cpu_seconds = cpu_seconds
        self.peak_memory = peak_memory

    def __repr__(self):
        memory = "unknown" if self.peak_memory is None else f"{self.peak_memory / 2**20:.1f} MiB"
        return f"{self.name}(): {self.seconds * 1000:.1f} ms, {self.cpu_seconds * 1000:.1f} ms of CPU, peak {memory}"


def source():
    """The learner's file, as submitted."""
    return _source


def syntax():
    """The learner's file as a syntax tree (`ast.Module`)."""
    return ast.parse(source())


def _scope(function):
    tree = syntax()
    if function is None:
        return tree
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            return node
    raise LookupError(f"the learner's file defines no function {function!r}")


def _aliases(tree):
    """Local names bound by imports, mapped to what they import (`cd` -> `hmac.compare_digest`)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def calls(function=None):
    """The names the learner's code calls, in the whole file or in one function,
    resolved through imports: `compare_digest(a, b)` after `from hmac import
    compare_digest` is `hmac.compare_digest`."""
    aliases = _aliases(syntax())
    found = set()
    for node in ast.walk(_scope(function)):
        if isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name:
                head, _, rest = name.partition(".")
                head = aliases.get(head, head)
                found.add(f"{head}.{rest}" if rest else head)
    return found


def imports():
    """The modules the learner's file imports (`from a.b import c` gives `a.b`)."""
    found = set()
    for node in ast.walk(syntax()):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def loops(function=None):
    """How many Python-level loops (`for`, `while` and comprehensions) the file, or one
    function, contains."""
    kinds = (ast.For, ast.AsyncFor, ast.While, ast.comprehension)
    return sum(isinstance(node, kinds) for node in ast.walk(_scope(function)))


def functions():
    """The names of the functions the learner's file defines, nested ones included."""
    return {node.name for node in ast.walk(syntax())
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
