"""How long the Markdown renderer takes on the worst text a field may hold.

Every shape in tests/portal/core/markdown_shapes.py (those that made
Python-Markdown recurse or go quadratic: 20 s on unclosed links), rendered
with the per-process cache emptied, best of five by CPU time: the test suite
checks that each renders; this measures that none is slow (at most 100 ms).
"""

import time

LIMIT_MS = 100


def markdown_times(repeats: int = 5) -> dict:
    from portal.core.markdown import MAX_LENGTH, render_markdown
    from tests.portal.core.markdown_shapes import PATHOLOGICAL

    shapes = {}
    for name, text in PATHOLOGICAL.items():
        fastest = float("inf")
        for _ in range(repeats):
            render_markdown.cache_clear()
            started = time.process_time()
            render_markdown(text[:MAX_LENGTH])
            fastest = min(fastest, time.process_time() - started)
        shapes[name] = round(1000 * fastest, 2)
    worst = max(shapes, key=shapes.get)
    return {"shapes_ms": shapes, "worst": worst, "worst_ms": shapes[worst]}
