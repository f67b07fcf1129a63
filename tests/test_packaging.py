"""A plain, non-editable install ships the built-in derivations inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT)],
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    (path,) = folder.glob("symxent-*.whl")
    return path


def test_wheel_holds_the_derivations_inside_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for topic in ("entropy", "kl_identity", "softmax_ce_gradient", "jensen_bound"):
        assert f"symxent/_builtin_derivations/{topic}.py" in names
    assert not [n for n in names if n.startswith("derivations/")], (
        "no top-level derivations package"
    )
    assert "symxent/cli.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), "the MIT license"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF section names")
def test_the_compiled_kernels_carry_no_debug_information(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    (kernels,) = [n for n in archive.namelist() if n.startswith("_symxent_kernels")]
    data = archive.read(kernels)
    assert data[:4] == b"\x7fELF"
    assert b".debug_info" not in data and b".symtab" not in data  # -g0, stripped


def test_installed_wheel_lists_and_loads_the_derivations(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import symxent.catalogue as c; print(c.builtin_directory()); print(c.load('jensen_bound').title)",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    folder, title = done.stdout.strip().splitlines()
    assert Path(folder) == target / "symxent" / "_builtin_derivations"
    assert title.startswith("Jensen")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = 'pip install ".[test,torch]" && python -m pytest -q'
    assert command in readme
    assert ci.rstrip().endswith(command)
