"""scripts/find-python: make run and make test on whichever supported Python
the machine has, and one line saying what to install when it has none."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

FIND_PYTHON = Path(settings.BASE_DIR) / "scripts" / "find-python"
REFUSAL = (
    "No supported Python found: install Python 3.11, 3.12 or 3.13 (Debian: "
    "apt-get install python3; or pyenv install 3.13), or set "
    "PYTHON=/path/to/python3.x.\n"
)


def fake_python(folder: Path, name: str, version: str) -> Path:
    """An executable that answers the version probe as Python ``version`` would."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'#!/bin/sh\necho "{version} {path}"\n')
    path.chmod(0o755)
    return path


def find_python(tmp_path: Path, path_dirs, **extra):
    """Run the script with only ``path_dirs`` on the PATH and an empty pyenv."""
    environment = {
        "PATH": os.pathsep.join(str(d) for d in path_dirs),
        "HOME": str(tmp_path / "home"),
        "PYENV_ROOT": str(tmp_path / "no-pyenv"),
        **extra,
    }
    return subprocess.run(  # noqa: S603 - fixed arguments
        ["/bin/sh", str(FIND_PYTHON)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_picks_a_supported_python_on_the_path(tmp_path):
    """Only a python3.12 on the PATH (no python3.11): that one is chosen."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3.12").symlink_to(sys.executable)
    result = find_python(tmp_path, [bin_dir])
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == Path(sys.executable).resolve()


def test_picks_a_pyenv_version_when_the_path_has_none(tmp_path):
    """A Python 3.13 kept by pyenv, nothing on the PATH: found there."""
    pyenv = tmp_path / "pyenv" / "versions" / "3.13.1" / "bin"
    pyenv.mkdir(parents=True)
    (pyenv / "python3.13").symlink_to(sys.executable)
    result = find_python(
        tmp_path, [tmp_path / "empty"], PYENV_ROOT=str(tmp_path / "pyenv")
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == Path(sys.executable).resolve()


def test_passes_over_unsupported_and_broken_pythons(tmp_path):
    """python3 is 3.10 and a pyenv shim for 3.13 fails: the 3.11 is chosen."""
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir, "python3", "3.10")
    shim = bin_dir / "python3.13"
    shim.write_text(
        "#!/bin/sh\necho 'pyenv: python3.13: command not found' >&2\nexit 127\n"
    )
    shim.chmod(0o755)
    chosen = fake_python(bin_dir, "python3.11", "3.11")
    result = find_python(tmp_path, [bin_dir])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(chosen)


@pytest.mark.parametrize("version", ["3.10", "3.14", "2.7"])
def test_refuses_when_only_unsupported_pythons_exist(tmp_path, version):
    """Nothing supported: exit 1 and one line saying what to install."""
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir, "python3", version)
    result = find_python(tmp_path, [bin_dir])
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == REFUSAL


def test_refuses_an_unsupported_python_asked_for_by_name(tmp_path):
    """PYTHON= an unsupported one: refused with its version, nothing else tried."""
    bin_dir = tmp_path / "bin"
    unsupported = fake_python(bin_dir, "python3.10", "3.10")
    (bin_dir / "python3.12").symlink_to(sys.executable)
    result = find_python(tmp_path, [bin_dir], PYTHON=str(unsupported))
    assert result.returncode == 1
    assert result.stderr == (
        f"PYTHON={unsupported} is Python 3.10; the portal needs Python 3.11, 3.12 "
        "or 3.13.\n"
    )
