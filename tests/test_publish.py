"""Safe and atomic output: one switched link, nothing left by failed or killed builds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from symxent.catalogue import load
from symxent.emit import checking
from symxent.emit.pipeline import build
from symxent.emit.publish import prepare, switch
from symxent.errors import CatalogueError, OutputError

SYMXENT = [sys.executable, "-m", "symxent"]


def store(out: Path) -> Path:
    return out.parent / f".{out.name}.symxent"


def builds(out: Path) -> list[str]:
    return sorted(entry.name for entry in store(out).iterdir())


def test_outputs_are_published_by_switching_one_link(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(["kl_identity"], out, pdf=False)
    assert out.is_symlink() and first.written
    target = os.readlink(out)
    assert builds(out) == [Path(target).name]
    second = build(["jensen_bound"], out, pdf=False)
    assert second.written and os.readlink(out) != target
    assert builds(out) == [Path(os.readlink(out)).name]  # the replaced build is gone
    assert sorted(p.name for p in out.iterdir()) == [
        "index.md",
        "jensen_bound.md",
        "jensen_bound.tex",
        "slides.tex",
    ]


def test_an_old_output_folder_is_taken_over_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "entropy.tex").write_text("old")
    (out / "slides.pdf").write_bytes(b"%PDF old")
    (out / ".symxent-staging-abc").mkdir()
    build(["kl_identity"], out, pdf=False)
    assert out.is_symlink()
    assert not (out / "entropy.tex").exists() and (out / "kl_identity.md").exists()
    assert len(builds(out)) == 1


@pytest.mark.parametrize("stranger", ["notes.txt", "figures"])
def test_a_folder_with_other_files_is_refused_untouched(tmp_path: Path, stranger: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "entropy.md").write_text("old")
    if stranger == "figures":
        (out / stranger).mkdir()
    else:
        (out / stranger).write_text("mine")
    with pytest.raises(OutputError, match="did not write"):
        build(["kl_identity"], out, pdf=False)
    assert sorted(p.name for p in out.iterdir()) == sorted(["entropy.md", stranger])


def test_a_link_symxent_did_not_make_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.symlink_to(elsewhere)
    with pytest.raises(OutputError, match="link symxent did not make"):
        build(["kl_identity"], out, pdf=False)


def test_a_failed_tex_build_leaves_no_folder_and_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tex: str
) -> None:
    out = tmp_path / "out"
    build(["kl_identity"], out, pdf=False)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    monkeypatch.setattr(
        "symxent.emit.decks.beamer_deck",
        lambda reports, **options: "\\documentclass{beamer}\\begin{document}\\bad\\end{document}",
    )
    with pytest.raises(OutputError, match="TeX failed"):
        build(["kl_identity"], out, pdf=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert builds(out) == [Path(os.readlink(out)).name]


def test_a_topic_name_changed_after_creation_cannot_escape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = load("kl_identity")
    topic.name = "../escaped"
    monkeypatch.setattr(checking, "load", lambda name, **options: topic)
    with pytest.raises(OutputError, match="not a file name"):
        build(["kl_identity"], tmp_path / "out", pdf=False)
    assert not (tmp_path / "escaped.tex").exists()
    assert not (tmp_path / "out").exists()


def test_a_derivation_file_cannot_set_symxents_exit_code(tmp_path: Path) -> None:
    for body in ("import sys\nsys.exit(7)\n", "import sys\ndef topic():\n    sys.exit(7)\n"):
        path = tmp_path / "exits.py"
        path.write_text(body)
        with pytest.raises(CatalogueError, match=r"sys\.exit\(7\)"):
            load(str(path))
        done = subprocess.run(
            [*SYMXENT, "build", str(path), "-o", str(tmp_path / "out"), "--pdf", "no"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert "sys.exit(7)" in done.stderr and "Traceback" not in done.stderr


def test_a_prepared_release_is_invisible_until_switched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    release = prepare(out)
    (release.folder / "a.md").write_text("new")
    assert not out.exists()
    switch(release)
    assert (out / "a.md").read_text() == "new"


def _consistent(out: Path) -> str:
    """The language every published file is in (they must all agree)."""
    names = sorted(p.name for p in out.iterdir())
    assert names == ["index.md", "jensen_bound.md", "jensen_bound.tex", "slides.pdf", "slides.tex"]
    languages = set()
    for name in ("index.md", "jensen_bound.md", "jensen_bound.tex", "slides.tex"):
        text = (out / name).read_text(encoding="utf-8")
        languages.add("ko" if "젠센" in text else "en")
    assert len(languages) == 1, f"a mix of builds: {languages}"
    return languages.pop()


@pytest.mark.slow
def test_a_killed_build_leaves_the_old_set_and_no_staging_folder(tmp_path: Path, tex: str) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [*SYMXENT, "build", "jensen_bound", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert _consistent(out) == "en"
    seen = set()
    for delay in (1.5, 3.0, 4.5, 6.0, 8.0):
        process = subprocess.Popen(
            [*SYMXENT, "build", "jensen_bound", "-o", str(out), "--lang", "ko"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the build and its TeX, at once
        process.wait()
        deadline = time.monotonic() + 20
        while len(builds(out)) > 1 and time.monotonic() < deadline:
            time.sleep(0.2)  # the watchdog cleans up after the killed build
        assert builds(out) == [Path(os.readlink(out)).name], f"left behind after {delay} s"
        seen.add(_consistent(out))
    assert "en" in seen  # at least one kill landed before the switch
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_a_frame_tex_finds_too_tall_is_split_in_the_slides_and_the_handout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tex: str
) -> None:
    from dataclasses import replace

    from symxent.emit import decks
    from symxent.emit.beamer import DeckMeta
    from symxent.emit.decks import DeckJob
    from symxent.emit.preamble import DeckStyle
    from symxent.emit.tex import TallFrame

    real = decks.compile_pdf
    compiled: list[str] = []

    def first_slides_too_tall(path: Path, **options: object) -> object:
        result = real(path, **options)
        compiled.append(path.name)
        if path.name == "slides.tex" and compiled.count("slides.tex") == 1:
            return replace(result, tall=(TallFrame("1.1.1/0:4", 300.0, 200.0),))
        return result

    monkeypatch.setattr(decks, "compile_pdf", first_slides_too_tall)
    job = DeckJob([load("entropy").check()], DeckStyle(), DeckMeta())
    before = job.deck(handout=True)
    names = job.write(tmp_path, pdf=True, handout=True)
    assert job.tighter == {"1.1.1/0": 3}
    assert compiled.count("slides.tex") == 2  # compiled again with the chain split
    assert compiled.count("slides-handout.tex") == 2  # the early handout had the old frames
    handout = (tmp_path / "slides-handout.tex").read_text(encoding="utf-8")
    assert handout != before and handout == job.deck(handout=True)
    assert handout.count("\\begin{frame}") == before.count("\\begin{frame}") + 1
    assert names == ["slides.tex", "slides.pdf", "slides-handout.tex", "slides-handout.pdf"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
