"""`make audit` (part of `make lint`): fail on a known vulnerability in the
locked dependencies.

    python scripts/audit.py [--requirements FILE] [--no-npm]

Python: pip-audit checks the exact set uv.lock pins (exported by uv, every
package with its version; nothing is resolved again) against the PyPI JSON
API's per-release vulnerability reports (the Python Packaging Advisory
Database), then, if PyPI cannot answer, against OSV. AUDIT_OSV_URL asks an
OSV-compatible service of your own instead. npm: `npm audit` against the
registry's advisories.

Exit 1 when any vulnerability is known, naming each one and its fix. When no
vulnerability service answers at all, nothing could be audited: it says so
in a warning and exits 0, because an unreachable service says nothing about
the packages, or 2 with AUDIT_REQUIRED=1 (set it where the services are
reachable, so an outage cannot pass unnoticed). See the README, "Dependencies",
for what this machine's network lets through.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = "20"


def locked_requirements(folder: Path) -> Path:
    target = folder / "requirements.txt"
    subprocess.run(  # noqa: S603 - fixed arguments
        ["/bin/sh", str(ROOT / "scripts" / "uv"), "export", "--frozen", "--all-groups",
         "--no-emit-project", "--format", "requirements.txt", "--quiet",
         "--output-file", str(target)],
        cwd=ROOT, check=True,
    )  # fmt: skip
    return target


def pip_audit(requirements: Path, service: list[str]) -> dict | None:
    """pip-audit's JSON report, or None if the service could not be asked."""
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-m", "pip_audit", "--requirement", str(requirements),
         "--disable-pip", "--no-deps", "--format", "json",
         "--progress-spinner", "off", "--timeout", TIMEOUT, *service],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  {' '.join(service)}: could not be asked ({last[:200]})")
        return None
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    if dependencies and len(skipped) == len(dependencies):
        print(f"  {' '.join(service)}: answered for none of {len(dependencies)}"
              f" packages ({skipped[0]['skip_reason']})")  # fmt: skip
        return None
    return report


def audit_python(requirements: Path) -> str:
    """'vulnerable', 'clean' or 'unaudited'."""
    if os.environ.get("AUDIT_OSV_URL"):
        services = [["--vulnerability-service", "osv", "--osv-url",
                     os.environ["AUDIT_OSV_URL"]]]  # fmt: skip
    else:
        services = [["--vulnerability-service", "pypi"],
                    ["--vulnerability-service", "osv"]]  # fmt: skip
    for service in services:
        report = pip_audit(requirements, service)
        if report is None:
            continue
        dependencies = report["dependencies"]
        found = [d for d in dependencies if d.get("vulns")]
        for dependency in found:
            for vuln in dependency["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
                print(f"  {dependency['name']} {dependency['version']}: "
                      f"{vuln['id']} (fixed in {fixes})")  # fmt: skip
        skipped = [d["name"] for d in dependencies if d.get("skip_reason")]
        if skipped:
            print(f"  not audited: {', '.join(skipped)}")
        audited = len(dependencies) - len(skipped)
        print(f"Python: {audited} locked packages audited ({' '.join(service)}), "
              f"{len(found)} with known vulnerabilities")  # fmt: skip
        if found:
            return "vulnerable"
        return "unaudited" if skipped else "clean"
    print("Python: NOT AUDITED - no vulnerability service answered.")
    return "unaudited"


def audit_npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        print("npm: NOT AUDITED - npm is not installed")
        return "unaudited"
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [npm, "audit", "--json", "--package-lock-only"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        report = {"error": result.stderr.strip()[-200:]}
    if "error" in report or "metadata" not in report:
        print(f"npm: NOT AUDITED - the registry's audit service did not answer "
              f"({str(report.get('error', report))[:200]})")  # fmt: skip
        return "unaudited"
    counts = report["metadata"]["vulnerabilities"]
    found = sum(n for level, n in counts.items() if level not in ("info", "total"))
    for name, vuln in report.get("vulnerabilities", {}).items():
        print(f"  {name}: {vuln.get('severity')} ({vuln.get('range', '')})")
    print(f"npm: {found} packages with known vulnerabilities")
    return "vulnerable" if found else "clean"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=Path, help="audit this file instead")
    parser.add_argument("--no-npm", action="store_true", help="Python packages only")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        requirements = options.requirements or locked_requirements(Path(folder))
        outcomes = [audit_python(requirements)]
    if not options.no_npm:
        outcomes.append(audit_npm())
    if "vulnerable" in outcomes:
        print("Known vulnerabilities: update the packages named above.")
        return 1
    if "unaudited" in outcomes:
        print("WARNING: the dependencies could not all be audited (see above).")
        return 2 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
