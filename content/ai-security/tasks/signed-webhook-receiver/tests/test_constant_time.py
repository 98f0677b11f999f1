import ast

import cairn


def test_compares_in_constant_time():
    used = cairn.calls()
    assert used & {"hmac.compare_digest", "secrets.compare_digest"}, (
        "compare with hmac.compare_digest: == stops at the first byte that differs, "
        "so its timing tells an attacker how much of a guess was right"
    )


def _called_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def test_the_constant_time_comparison_decides():
    tree = cairn.syntax()
    compared = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) == "compare_digest":
            for argument in node.args:
                compared |= _names(argument)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            assert _called_name(node.value) != "compare_digest", \
                "the result of compare_digest is thrown away: it must decide the answer"
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
            operands = [node.left, *node.comparators]
            assert sum(bool(_names(o) & compared) for o in operands) < 2, \
                "the values given to compare_digest are compared with == as well"
