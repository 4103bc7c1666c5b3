"""`make run`: the portal's web server, and a Celery worker with beat beside it.

    python scripts/serve.py 127.0.0.1:8000

Starts Django's development server and one Celery worker with beat embedded
(`celery worker --beat`), so uploads are imported in the background and the
scheduled jobs (reminders, opening and closing consultations, the outbox) run
on time, as in production. Without Redis they share a broker in a folder
(portal/settings/local.py). Stops both when either stops, or on Ctrl-C.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(*args):
    # Each in its own process group, so stopping one stops all its children.
    return subprocess.Popen(  # noqa: S603 - fixed arguments
        [sys.executable, *args], cwd=ROOT, start_new_session=True
    )


def stop(processes):
    """Ask each to stop (a worker finishes its task first), then end the rest
    of its process group (the server the development reloader started)."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    give_up = time.monotonic() + 20
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=max(give_up - time.monotonic(), 0.1))
        for signum in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, signum)
            except ProcessLookupError:
                break
            time.sleep(1)
        process.wait()


def main(address: str) -> int:
    processes = [
        start(
            "-m", "celery", "-A", "portal", "worker", "--beat",
            "--concurrency=2", "--loglevel=INFO",
        ),
        start("manage.py", "runserver", address),
    ]  # fmt: skip
    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    print(f"The portal: http://{address}/ (worker and beat running; Ctrl-C stops)")
    while not stopping and all(p.poll() is None for p in processes):
        time.sleep(0.5)
    stop(processes)
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))
