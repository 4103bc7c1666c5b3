"""Install the pinned uv into a folder of the project, from PyPI, checked by hash.

    python scripts/bootstrap_uv.py DEST

Downloads the uv wheel for this machine from PyPI, refuses it unless its
SHA-256 is the one pinned below, and unpacks the ``uv`` binary to ``DEST/uv``.
Only the standard library is used, so it works where pip or venv are missing.
scripts/setup runs it when no uv of exactly this version is on the PATH.
To move to a newer uv, change UV_VERSION and the hashes (from
https://pypi.org/simple/uv/) and ``required-version`` in pyproject.toml.
"""

import hashlib
import io
import json
import platform
import stat
import sys
import urllib.request
import zipfile
from pathlib import Path

UV_VERSION = "0.13.9"
# Wheel file name -> SHA-256, for the machines the portal is developed on.
WHEELS = {
    ("Linux", "x86_64", "glibc"): (
        "uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "d7f459fe4fd247d830351c75686d3996ace3c6f3f728eb0e85a30b7ada0cef19",
    ),
    ("Linux", "x86_64", "musl"): (
        "uv-0.13.9-py3-none-musllinux_1_1_x86_64.whl",
        "2c45530751517d6c3bbc69a19473f6effe47cce047bede01ffd8af7ea7b36b25",
    ),
    ("Linux", "aarch64", "glibc"): (
        "uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64"
        ".musllinux_1_1_aarch64.whl",
        "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe",
    ),
    ("Linux", "aarch64", "musl"): (
        "uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64"
        ".musllinux_1_1_aarch64.whl",
        "5435c5ce14a56431208ca0996416d310f1598e8c2c8ba707688985a16bb82dbe",
    ),
    ("Darwin", "x86_64", ""): (
        "uv-0.13.9-py3-none-macosx_10_12_x86_64.whl",
        "c16ed11e013557536b3e60065f1b912f6407bd6518e041b961e23ef9e6b4fbf5",
    ),
    ("Darwin", "arm64", ""): (
        "uv-0.13.9-py3-none-macosx_11_0_arm64.whl",
        "66c512266d633bef48384a1f53003f41f2a8e7b36fe6e7fbfd3e0fd52d96fa63",
    ),
}
INDEX = "https://pypi.org/simple/uv/"


def wheel_for_this_machine() -> tuple[str, str]:
    system, machine = platform.system(), platform.machine().lower()
    machine = {
        "amd64": "x86_64",
        "arm64": "arm64" if system == "Darwin" else "aarch64",
    }.get(machine, machine)
    libc = ""
    if system == "Linux":
        libc = "musl" if "musl" in (platform.libc_ver()[0] or "musl") else "glibc"
    try:
        return WHEELS[(system, machine, libc)]
    except KeyError:
        sys.exit(
            f"No pinned uv {UV_VERSION} wheel for {system} {machine}: install uv "
            f"{UV_VERSION} yourself (https://docs.astral.sh/uv/) and run make again."
        )


def main(dest: Path) -> None:
    name, expected = wheel_for_this_machine()
    request = urllib.request.Request(
        INDEX, headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        files = {f["filename"]: f["url"] for f in json.load(answer)["files"]}
    with urllib.request.urlopen(files[name], timeout=300) as answer:  # noqa: S310
        data = answer.read()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        sys.exit(
            f"{name}: SHA-256 {actual} is not the pinned {expected}; not installed."
        )
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        binary = wheel.read(f"uv-{UV_VERSION}.data/scripts/uv")
    target = dest / "uv"
    target.write_bytes(binary)
    target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    print(f"uv {UV_VERSION} installed in {dest}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
