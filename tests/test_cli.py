"""The ``newsclean`` command, through click's CliRunner and as a real process.

Things that need a real process (exit codes as the shell sees them, stdin,
pipes and terminals, SIGKILL, worker processes) run ``python -m newsclean`` in
a subprocess; the rest runs in-process with CliRunner, which is faster.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsclean import Chain, Document, default_chain
from newsclean.cli import main
from newsclean.cli.files import TEMP_SUFFIX
from newsclean.cli.manifest import RUN_FOLDER, SUCCESS_NAME
from newsclean.steps.base import STEPS

# -- helpers -----------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")
RECORD_KEYS = {"id", "source", "text", "meta", "entities", "dates", "edits"}
SEED_001 = "001_f4e1e92a97ac4061.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
LATIN1_PARAGRAPH = (
    "Le café était très bon, déjà servi à l'été. Les élèves de l'école ont reçu leurs "
    "diplômes hier après-midi à Genève, où le maire a prononcé un discours très applaudi . "
    "« C'est une journée historique pour notre région », a-t-il déclaré."
)
HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Britain prepares to send troops back to Iraq</title></head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Britain prepares to send troops back to Iraq</h1>
<p>Britain is preparing to send soldiers back to Baghdad to support the US-led mission to
help the Iraqi security forces fight the Islamic State .</p>
<p>A number of officers are set to help train and advise the Iraqi army. They will be join an
American headquarters that has been established in the capital.</p>
<p>More British training teams could be sent to the semi-autonomous Kurdish north of the
country. An announcement is expected in the coming days.</p>
</article>
<footer>Copyright 2014 Example News. All rights reserved.</footer>
</body></html>
"""
SUMMARY = re.compile(r"^newsclean: \d+ files, \d+ documents \(\d+ dropped\), .*, (\d+) failed$")


@dataclass
class Run:
    """What a real ``newsclean`` process did."""

    returncode: int
    stdout: str
    stderr: str


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICK_COLOR"):
        env.pop(name, None)
    return env


def _argv(args: tuple[str | os.PathLike[str], ...]) -> list[str]:
    return [sys.executable, "-m", "newsclean", *map(os.fspath, args)]


def run_cli(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    stdin: bytes = b"",
    timeout: float = 60,
) -> Run:
    """``python -m newsclean ARGS`` as a real process, stdout and stderr piped."""
    done = subprocess.run(
        _argv(args), cwd=cwd, input=stdin, capture_output=True, timeout=timeout, env=_env()
    )
    return Run(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def run_in_terminal(
    *args: str | os.PathLike[str], stdout_tty: bool = True, timeout: float = 60
) -> tuple[int, str, str]:
    """Run with stdout and/or stderr on a pseudo-terminal: (exit code, tty text, piped text)."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    piped = subprocess.PIPE
    try:
        proc = subprocess.Popen(
            _argv(args),
            stdin=subprocess.DEVNULL,
            stdout=slave if stdout_tty else piped,
            stderr=piped if stdout_tty else slave,
            env=_env(),
        )
    finally:
        os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        other = (proc.stderr if stdout_tty else proc.stdout).read()  # type: ignore[union-attr]
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    tty_text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return code, tty_text, other.decode("utf-8", "replace")


def invoke(
    *args: str | os.PathLike[str], stdin: bytes | None = None, color: bool = False
) -> Result:
    """The command in this process (CliRunner); stdout and stderr kept apart."""
    return CliRunner().invoke(main, list(map(os.fspath, args)), input=stdin, color=color)


def files_under(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` (not following symlinks), by relative path.

    newsclean's run files (the ``.newsclean`` folder and ``_SUCCESS``) are left out.
    """
    found = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != RUN_FOLDER]
        for name in names:
            if name == SUCCESS_NAME and Path(folder) == root:
                continue
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def temporaries(root: Path) -> list[str]:
    return [name for name in files_under(root) if name.endswith(TEMP_SUFFIX)]


def tree_state(root: Path) -> dict[str, tuple[object, ...]]:
    """Names, kinds, contents, modes and mtimes of everything under ``root``."""
    state: dict[str, tuple[object, ...]] = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder, name)
            info = path.lstat()
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                state[key] = ("link", os.readlink(path))
            elif path.is_dir():
                state[key] = ("dir", info.st_mode)
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                state[key] = ("file", digest, info.st_mode, info.st_mtime_ns)
    return state


def cleaned(text: str) -> bytes:
    """What ``clean -o`` writes for a text file holding ``text``."""
    result = default_chain()(Document(text, {"format": "text"}))
    assert result is not None
    return (result.text + "\n").encode("utf-8") if result.text else b""


def jsonl_records(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def assert_no_traceback(*streams: str) -> None:
    for stream in streams:
        assert "Traceback" not in stream, stream


@pytest.fixture
def seeds(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


# -- 1, 2: clean the seeds ------------------------------------------------------------


@pytest.mark.parametrize("how", ["process", "runner"])
def test_clean_mirrors_the_seeds(how: str, seeds_dir: Path, seeds: list[Path], tmp_path: Path):
    out = tmp_path / "out"
    if how == "process":
        done = run_cli("clean", seeds_dir, "-o", out)
        code, stdout, stderr = done.returncode, done.stdout, done.stderr
    else:
        result = invoke("clean", seeds_dir, "-o", out)
        code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    assert code == 0, stderr
    assert stdout == ""
    written = files_under(out)
    assert sorted(written) == [p.name for p in seeds]
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    summary = SUMMARY.match(lines[0])
    assert summary and summary.group(1) == "0", lines[0]
    assert "3 files, 3 documents" in lines[0]
    text = written[SEED_001].decode("utf-8")
    assert "Leave a Reply" not in text
    assert "problem. If" in text
    for seed in seeds:
        assert written[seed.name] == cleaned(seed.read_text(encoding="utf-8"))


@pytest.mark.parametrize("how", ["process", "runner"])
def test_clean_jsonl_to_stdout(how: str, seeds_dir: Path, seeds: list[Path], tmp_path: Path):
    out = tmp_path / "out"
    args = ("clean", seeds_dir, "--jsonl", "-", "-o", out)
    if how == "process":
        done = run_cli(*args)
        code, stdout, stderr = done.returncode, done.stdout, done.stderr
    else:
        result = invoke(*args)
        code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    assert code == 0, stderr
    records = jsonl_records(stdout)
    assert len(records) == len(seeds) == 3
    for record, seed in zip(records, seeds, strict=True):
        assert set(record) == RECORD_KEYS
        assert Path(str(record["source"])).name == seed.name
        assert Path(str(record["id"])).name == seed.name
        # the record's text is what -o wrote for the same input
        assert (str(record["text"]) + "\n").encode() == (out / seed.name).read_bytes()
        assert isinstance(record["meta"], dict)
        assert isinstance(record["entities"], list)
        assert isinstance(record["dates"], list)


def test_clean_jsonl_to_a_file_with_workers(seeds_dir: Path, seeds: list[Path], tmp_path: Path):
    target = tmp_path / "deep" / "all.jsonl"
    done = run_cli("clean", seeds_dir, "--jsonl", target, "--jobs", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    records = jsonl_records(target.read_text(encoding="utf-8"))
    assert [Path(str(r["source"])).name for r in records] == [p.name for p in seeds]
    assert not temporaries(tmp_path)


# -- 3: explain -----------------------------------------------------------------------


def test_explain_names_every_step_and_the_comment_form(seeds_dir: Path):
    result = invoke("explain", seeds_dir / SEED_001)
    assert result.exit_code == 0, result.stderr
    for name in default_chain().names:
        assert re.search(rf"^{re.escape(name)}: \d+ edits?$", result.stdout, re.M), name
    assert "boilerplate.comment_form" in result.stdout
    assert "Leave a Reply" in result.stdout  # what the rule removed is shown
    assert "spacing.after_punct" in result.stdout


def test_explain_json(seeds_dir: Path):
    result = invoke("explain", "--json", seeds_dir / SEED_001)
    assert result.exit_code == 0, result.stderr
    (report,) = jsonl_records(result.stdout)
    rules = {edit["rule"] for edit in report["edits"]}  # type: ignore[union-attr]
    assert {"boilerplate.comment_form", "spacing.after_punct"} <= rules
    assert report["dropped_by"] is None


def test_explain_piped_has_no_colour(seeds_dir: Path):
    done = run_cli("explain", seeds_dir / SEED_001)
    assert done.returncode == 0, done.stderr
    assert "boilerplate.comment_form" in done.stdout
    assert "\x1b" not in done.stdout


def test_explain_colour_when_forced_in_process(seeds_dir: Path):
    result = invoke("explain", seeds_dir / SEED_001, color=True)
    assert result.exit_code == 0
    assert ANSI.search(result.stdout)
    assert "boilerplate.comment_form" in ANSI.sub("", result.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_explain_colour_on_a_terminal(seeds_dir: Path):
    code, shown, _ = run_in_terminal("explain", seeds_dir / SEED_001)
    assert code == 0
    assert ANSI.search(shown)
    plain = ANSI.sub("", shown)
    for name in default_chain().names:
        assert re.search(rf"^{re.escape(name)}: \d+ edits?$", plain, re.M), name


# -- 4: steps -------------------------------------------------------------------------


def _steps_sections(text: str) -> dict[str, list[str]]:
    """``steps`` output as {step name: [rule ids]}."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line and not line[0].isspace():
            current = line.split()[0]
            sections[current] = []
        elif line.strip().startswith("rule "):
            assert current is not None
            sections[current].append(line.split()[1])
    return sections


def test_steps_lists_every_step_and_rule():
    result = invoke("steps")
    assert result.exit_code == 0, result.stderr
    sections = _steps_sections(result.stdout)
    chain = default_chain()
    assert list(sections)[: len(chain)] == list(chain.names)
    for step in chain:
        rules = type(step).rules
        assert rules, f"{step.name} declares no rules"
        assert sections[step.name] == list(rules), step.name
        for option, value in step.options().items():
            assert f"option {option} = {json.dumps(value, ensure_ascii=False)}" in result.stdout


def test_steps_json():
    done = run_cli("steps", "--json")
    assert done.returncode == 0, done.stderr
    described = json.loads(done.stdout)
    by_name = {item["name"]: item for item in described}
    for step in default_chain():
        item = by_name[step.name]
        assert item["rules"] == dict(type(step).rules)
        assert item["options"] == step.options()
        assert item["summary"] == type(step).summary
    builtin = {
        cls.name
        for name, cls in STEPS.items()
        if ":" not in name and cls.__module__.startswith("newsclean.")
    }
    assert set(by_name) == builtin


# -- 5: a tree of bad inputs -------------------------------------------------------------


@pytest.fixture
def bad_tree(tmp_path: Path, seeds: list[Path]) -> Path:
    src = tmp_path / "src"
    (src / "nested" / "deeper").mkdir(parents=True)
    (src / "good.txt").write_bytes(seeds[1].read_bytes())
    (src / "nested" / "deeper" / "also_good.txt").write_bytes(seeds[2].read_bytes())
    (src / "photo.txt").write_bytes(PNG)
    (src / "blob.bin").write_bytes(PNG)
    (src / "latin1.txt").write_bytes(LATIN1_PARAGRAPH.encode("latin-1"))
    (src / "empty.txt").write_bytes(b"")
    (src / "café_ünïcode.txt").write_text("Ünïcode names are fine .", encoding="utf-8")
    (src / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (src / ".hidden.txt").write_text("never read")
    try:
        os.symlink("loop", src / "loop")  # a link to itself
        os.symlink("..", src / "nested" / "up", target_is_directory=True)  # to its parent
        os.symlink(src, src / "nested" / "deeper" / "root", target_is_directory=True)
    except (OSError, NotImplementedError):  # pragma: no cover - no symlinks here
        pytest.skip("symlinks are not supported")
    return src


def test_bad_inputs_are_reported_and_the_rest_is_cleaned(bad_tree: Path, tmp_path: Path):
    out = tmp_path / "out"
    done = run_cli("clean", bad_tree, "-o", out, timeout=60)  # a hanging walk times out
    assert done.returncode == 1, done.stderr
    assert_no_traceback(done.stdout, done.stderr)
    written = files_under(out)
    expected = {
        "good.txt",
        "nested/deeper/also_good.txt",
        "latin1.txt",
        "empty.txt",
        "café_ünïcode.txt",
        "page.txt",
    }
    assert set(written) == expected, sorted(written)
    # the Latin-1 paragraph is read as Latin-1 and written as UTF-8
    latin = written["latin1.txt"].decode("utf-8")
    assert "Le café était très bon, déjà servi à l'été." in latin
    assert "« C'est une journée historique pour notre région »" in latin
    assert "applaudi. " in latin
    assert written["latin1.txt"] == cleaned(LATIN1_PARAGRAPH)
    assert written["café_ünïcode.txt"] == "Ünïcode names are fine.\n".encode()
    assert written["empty.txt"] == b""
    page = written["page.txt"].decode("utf-8")
    assert "The UK is preparing to send soldiers back to Baghdad" in page
    assert "They will join an American headquarters" in page
    assert "<p>" not in page
    # binary inputs are named with a reason, one error line each
    errors = [line for line in done.stderr.splitlines() if line.startswith("newsclean: error:")]
    for name in ("photo.txt", "blob.bin"):
        (line,) = [e for e in errors if e.endswith(f"{name}: binary data (NUL bytes), not text")]
        assert str(bad_tree / name) in line
    summary = done.stderr.splitlines()[-1]
    match = SUMMARY.match(summary)
    assert match and int(match.group(1)) == len(errors) >= 2, done.stderr
    assert not temporaries(out)
    assert not any(TEMP_SUFFIX in name for name in os.listdir(tmp_path))


def test_bad_inputs_with_workers_and_jsonl(bad_tree: Path, tmp_path: Path):
    for i in range(20):  # enough inputs for two workers to be used
        (bad_tree / "nested" / f"filler{i:02d}.txt").write_text(f"Filler number {i} .")
    out = tmp_path / "out"
    done = run_cli("clean", bad_tree, "-o", out, "--jsonl", "-", "--jobs", "2", timeout=60)
    assert done.returncode == 1, done.stderr
    assert_no_traceback(done.stderr)
    records = jsonl_records(done.stdout)
    names = {Path(str(r["source"])).name for r in records}
    assert {"good.txt", "latin1.txt", "page.html", "café_ünïcode.txt", "filler07.txt"} <= names
    assert not names & {"photo.txt", "blob.bin"}
    assert "photo.txt: binary data" in done.stderr
    assert "blob.bin: binary data" in done.stderr
    assert len(files_under(out)) == len(records)
    assert not temporaries(out)


def test_undecodable_file_names_and_lone_surrogates(tmp_path: Path):
    """File names that are not UTF-8 and "\\udc00" escapes in JSON must not crash the run."""
    src = tmp_path / "src"
    src.mkdir()
    raw_name = os.fsencode(src) + b"/caf\xe9-latin1-name.txt"
    try:
        with open(raw_name, "wb") as fh:
            fh.write("Le café .".encode("latin-1"))
    except (OSError, ValueError):
        pytest.skip("the file system refuses file names that are not UTF-8")
    lines = [
        '{"id": "odd", "text": "bad \\ud800 here .", "note": "\\udc00"}',
        '{"id": "fine", "text": "year ."}',
    ]
    (src / "odd.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run_cli("clean", src, "-o", out, "--jsonl", "-")
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done.stderr)
    records = {str(r["id"]): r for r in jsonl_records(done.stdout)}
    assert records["odd"]["meta"] == {"note": "\udc00", "language": "und"}
    assert records["fine"]["text"] == "year."
    (latin,) = [r for r in records.values() if str(r["source"]).endswith("-latin1-name.txt")]
    assert os.fsencode(str(latin["source"])) == raw_name  # the name survives the round trip
    assert latin["text"] == "Le café."
    assert (out / os.fsdecode(b"caf\xe9-latin1-name.txt")).read_bytes() == "Le café.\n".encode()
    assert len(jsonl_records((out / "odd.jsonl").read_text(encoding="utf-8"))) == 2


# -- 6: kill a run and run it again ---------------------------------------------------


def _make_corpus(root: Path, seeds: list[Path], count: int) -> None:
    """``count`` small, varied articles built from the seed paragraphs, with noise."""
    paragraphs = [
        p.strip()
        for seed in seeds
        for p in seed.read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 60
    ]
    rng = random.Random(20240611)
    noises = [
        lambda t: t.replace(".", " .", 1),
        lambda t: t + " That is a massive problem.If we lose Iraq then we are doomed.",
        lambda t: t.replace(" the ", " the the ", 1),
        lambda t: t.replace("will ", "will be ", 1),
        lambda t: t + " On 29 November 2017 Isis fell back .",
        lambda t: "Leave a Reply\n\n" + t if rng.random() < 0.5 else t + "\n\nLeave a Reply",
        lambda t: t.replace(" ", "\u00a0", 2),
        lambda t: t,
    ]
    for i in range(count):
        folder = root / f"section{i % 12:02d}" / f"day{i % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        chosen = rng.sample(paragraphs, 2)
        text = "\n\n".join(rng.choice(noises)(p[:260]) for p in chosen)
        (folder / f"article{i:04d}.txt").write_text(text + "\n", encoding="utf-8")


def _live_members(group: int) -> list[int]:
    """Processes of a process group that are still running (zombies do not count)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] not in "ZX":
            alive.append(int(entry.name))
    return alive


def _count_outputs(root: Path) -> int:
    return sum(
        1
        for _folder, _dirs, names in os.walk(root)
        for name in names
        if not name.endswith(TEMP_SUFFIX)
    )


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL and process groups")
def test_killed_run_reruns_to_the_same_bytes(tmp_path: Path, seeds: list[Path]):
    src, a, b = tmp_path / "src", tmp_path / "A", tmp_path / "B"
    _make_corpus(src, seeds, 1500)
    done = run_cli("clean", src, "-o", a, "--jobs", "1", timeout=120)
    assert done.returncode == 0, done.stderr
    reference = files_under(a)
    assert len(reference) == 1500

    proc = subprocess.Popen(
        _argv(("clean", src, "-o", b, "--jobs", "2")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
        start_new_session=True,  # its own process group: nothing it starts outlives the test
    )
    try:
        deadline = time.monotonic() + 60
        while _count_outputs(b) < 100 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        proc.kill()  # SIGKILL to the parent only: it cannot stop its workers
        proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL, "the run ended before it was killed"
        partial = files_under(b)
        assert 100 <= len([n for n in partial if not n.endswith(TEMP_SUFFIX)]) < 1500
        # what a killed run leaves is whole: every output equals the uninterrupted one
        for name, data in partial.items():
            if not name.endswith(TEMP_SUFFIX):
                assert data == reference[name], name
        if Path("/proc/self/stat").exists():
            # the orphaned workers notice and end, instead of writing on and then idling forever
            deadline = time.monotonic() + 10
            while _live_members(proc.pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not _live_members(proc.pid), "worker processes outlived their parent"
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    # a leftover from a write the kill interrupted (there may be real ones too)
    leftover = b / "section00" / "day0" / f".article0000.txt.x1y2z3{TEMP_SUFFIX}"
    leftover.parent.mkdir(parents=True, exist_ok=True)
    leftover.write_text("half an arti")

    done = run_cli("clean", src, "-o", b, "--jobs", "2", timeout=120)
    assert done.returncode == 0, done.stderr
    assert files_under(b) == reference  # same names, same bytes, no temporary files


# -- the output layout -----------------------------------------------------------------


@pytest.fixture
def layout_tree(tmp_path: Path) -> Path:
    news, blog = tmp_path / "news", tmp_path / "blog"
    (news / "2017").mkdir(parents=True)
    blog.mkdir()
    (news / "2017" / "troops.html").write_text(HTML_PAGE, encoding="utf-8")
    (news / "2017" / "troops.txt").write_text("They will be join the mission .")
    (news / "feed.jsonl").write_text(json.dumps(GOOD_RECORDS[0]) + "\n")
    (blog / "post.md").write_text("# A post\n\nyear .\n")
    return tmp_path


@pytest.mark.parametrize(
    ("sources", "flags", "expected"),
    [
        (["news"], [], ["2017/troops.txt", "2017/troops.txt.txt", "feed.jsonl"]),
        (
            ["news", "blog/post.md"],
            [],
            ["news/2017/troops.txt", "news/2017/troops.txt.txt", "news/feed.jsonl", "post.txt"],
        ),
        (
            ["news", "blog"],
            ["--include", "*.md", "--include", "*.jsonl"],
            ["blog/post.txt", "news/feed.jsonl"],
        ),
        (["news"], ["--include", "*.html"], ["2017/troops.txt"]),
        (["blog/post.md"], [], ["post.txt"]),
    ],
    ids=["one-folder", "folder-and-file", "include-two", "include-html", "one-file"],
)
def test_output_layout(sources: list[str], flags: list[str], expected: list[str], layout_tree):
    out = layout_tree / "cleaned"
    result = invoke("clean", *(layout_tree / s for s in sources), "-o", out, *flags)
    assert result.exit_code == 0, result.stderr
    assert sorted(files_under(out)) == expected


def test_same_output_name_keeps_the_full_name(layout_tree: Path):
    out = layout_tree / "cleaned"
    result = invoke("clean", layout_tree / "news", "-o", out)
    assert result.exit_code == 0, result.stderr
    from_html = (out / "2017" / "troops.txt").read_text(encoding="utf-8")
    from_text = (out / "2017" / "troops.txt.txt").read_text(encoding="utf-8")
    assert "The UK is preparing to send soldiers back to Baghdad" in from_html
    assert from_text == "They will join the mission.\n"


def test_an_output_may_not_overwrite_an_input(small_tree: Path):
    before = tree_state(small_tree)
    done = run_cli("clean", small_tree / SEED_001, "-o", small_tree)
    assert done.returncode == 1, done.stderr
    assert "would overwrite an input" in done.stderr
    assert_no_traceback(done.stderr)
    after = tree_state(small_tree)  # the output folder: only newsclean's run files are added
    assert {k: v for k, v in after.items() if not k.startswith(RUN_FOLDER)} == before


# -- 7: exit codes ---------------------------------------------------------------------


@pytest.fixture
def small_tree(tmp_path: Path, seeds: list[Path]) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for seed in seeds:
        (src / seed.name).write_bytes(seed.read_bytes())
    return src


CONFIGS = {
    "unknown_step.toml": '[[steps]]\nstep = "unicode"\n\n[[steps]]\nstep = "frobnicate"\n',
    "bad_toml.toml": "[[steps]\nstep = unicode\n",
    "unknown_option.toml": '[[steps]]\nstep = "spacing"\ncolour = "blue"\n',
    "no_module.toml": '[[steps]]\nstep = "no_such_module_xyz:shout"\n',
    "unknown_without.toml": 'extends = "default"\nwithout = ["frobnicate"]\n',
    "options_not_table.toml": 'extends = "default"\noptions = 3\n',
}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        pytest.param(["clean", "{src}"], 2, "-o OUTDIR and/or --jsonl", id="no-output"),
        pytest.param(
            ["clean", "{src}", "-o", "{out}", "--frobnicate"],
            2,
            "No such option",
            id="unknown-option",
        ),
        pytest.param(
            ["clean", "{tmp}/missing", "-o", "{out}"],
            2,
            "no such file or folder",
            id="missing-source",
        ),
        pytest.param(["clean", "{src}", "-o", "{src}"], 2, "is a source folder", id="out-is-src"),
        pytest.param(
            ["clean", "{src}", "-o", "{src}/."], 2, "is a source folder", id="out-is-src-dot"
        ),
        pytest.param(
            ["clean", "{src}", "-o", "{tmp}/link-to-src"],
            2,
            "is a source folder",
            id="out-is-src-via-symlink",
        ),
        pytest.param(
            ["clean", "{src}", "-o", "{src}/" + "001_f4e1e92a97ac4061.txt"],
            2,
            "is a file",
            id="out-is-a-file",
        ),
        pytest.param(["clean", "{src}", "-o", "{out}", "--jobs", "0"], 2, "--jobs", id="zero-jobs"),
        pytest.param(["clean", "-", "-o", "{out}"], 2, "cannot be combined", id="stdin-and-o"),
        pytest.param(
            ["clean", "{src}", "-o", "{out}", "--config", "{tmp}/nope.toml"],
            2,
            "nope.toml",
            id="missing-config",
        ),
        *(
            pytest.param(
                ["clean", "{src}", "-o", "{out}", "--config", "{tmp}/" + name],
                2,
                needle,
                id=name.removesuffix(".toml"),
            )
            for name, needle in [
                ("unknown_step.toml", "'frobnicate'"),
                ("bad_toml.toml", "not valid TOML"),
                ("unknown_option.toml", "'colour'"),
                ("no_module.toml", "no_such_module_xyz"),
                ("unknown_without.toml", "frobnicate"),
                ("options_not_table.toml", "options_not_table.toml"),
            ]
        ),
        pytest.param(["explain", "{src}"], 2, "is a directory", id="explain-folder"),
        pytest.param(["explain", "{tmp}/missing.txt"], 2, "does not exist", id="explain-missing"),
        pytest.param(["frobnicate"], 2, "No such command", id="unknown-command"),
        pytest.param(
            ["clean", "{src}", "{tmp}/photo.png", "-o", "{out}"], 1, "binary data", id="input-fails"
        ),
        pytest.param(["explain", "{tmp}/photo.png"], 1, "binary data", id="explain-fails"),
        pytest.param(["clean", "{src}", "-o", "{out}"], 0, "0 failed", id="ok"),
        pytest.param(["explain", "{src}/001_f4e1e92a97ac4061.txt"], 0, "", id="explain-ok"),
        pytest.param(["steps"], 0, "", id="steps-ok"),
        pytest.param(["--version"], 0, "", id="version"),
    ],
)
def test_exit_codes(args: list[str], code: int, message: str, small_tree: Path, tmp_path: Path):
    for name, text in CONFIGS.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "photo.png").write_bytes(PNG)
    os.symlink(small_tree, tmp_path / "link-to-src", target_is_directory=True)
    fields = {"src": small_tree, "out": tmp_path / "out", "tmp": tmp_path}
    done = run_cli(*(a.format(**fields) for a in args), cwd=tmp_path)
    assert done.returncode == code, done.stdout + done.stderr
    assert message in done.stderr, done.stderr
    assert_no_traceback(done.stdout, done.stderr)
    if code == 2 and args[0] == "clean":
        assert not (tmp_path / "out").exists()  # a usage error writes nothing


# -- 8: stdin ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "data", "code", "check"),
    [
        (["clean", "-"], b"year .\n", 0, lambda out: out == "year.\n"),
        (["clean", "-"], "Le café .".encode("latin-1"), 0, lambda out: out == "Le café.\n"),
        (["clean", "-"], b"", 0, lambda out: out in ("", "\n")),
        (
            ["clean", "-", "--jsonl", "-"],
            b"year .\n",
            0,
            lambda out: (
                [r["text"] for r in jsonl_records(out)] == ["year."]
                and set(jsonl_records(out)[0]) == RECORD_KEYS
            ),
        ),
        (["clean", "-"], PNG, 1, lambda out: out == ""),
        (["explain", "-"], b"year .\n", 0, lambda out: "spacing.before_punct" in out),
        (["explain", "-"], PNG, 1, lambda out: out == ""),
    ],
    ids=["text", "latin1", "empty", "jsonl", "binary", "explain", "explain-binary"],
)
def test_stdin(args: list[str], data: bytes, code: int, check, tmp_path: Path):
    done = run_cli(*args, stdin=data, cwd=tmp_path)
    assert done.returncode == code, done.stderr
    assert check(done.stdout), done.stdout
    assert_no_traceback(done.stderr)
    if code:
        assert "<stdin>: binary data" in done.stderr
    assert list(tmp_path.iterdir()) == []  # stdin mode writes no files


# -- 9: JSON Lines inputs ----------------------------------------------------------------

GOOD_RECORDS = [
    {
        "id": "a1",
        "text": "Isis advanced .They will be join the mission.",
        "lang": "en",
        "url": "https://example.org/a1",
    },
    {
        "id": "a2",
        "text": "The strategy is Iraq first .",
        "tags": ["iraq", "uk"],
        "meta": {"desk": "world"},
    },
    {"id": 7, "text": "On 29 November 2017 the Prime Minister visited Iraq.", "wordcount": 9},
]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("this is not json", "not valid JSON"),
        ('{"id": "n1", "body": "no text field"}', "a record needs a string 'text' field"),
        ("[1, 2, 3]", "a record needs a string 'text' field"),
        ('{"id": "n2", "text": 42}', "a record needs a string 'text' field"),
        ('{"id": "n3", "text": "cut off', "not valid JSON"),
    ],
    ids=["not-json", "no-text", "not-object", "text-not-string", "truncated"],
)
@pytest.mark.parametrize("output", ["-o", "--jsonl"])
def test_jsonl_input_keeps_good_records(output: str, bad_line: str, reason: str, tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    lines = [json.dumps(r) for r in GOOD_RECORDS]
    lines.insert(2, bad_line)  # the bad record is line 3
    lines.insert(1, "")  # blank lines are skipped, but still counted
    (src / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out" if output == "-o" else tmp_path / "all.jsonl"
    result = invoke("clean", src, output, target, "--jobs", "1")
    assert result.exit_code == 1, result.stderr
    written = target / "wire.jsonl" if output == "-o" else target
    records = jsonl_records(written.read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == ["a1", "a2", "7"]
    assert all(set(r) == RECORD_KEYS for r in records)
    assert records[0]["text"] == "Islamic State advanced. They will join the mission."
    assert records[0]["meta"] == {"lang": "en", "url": "https://example.org/a1", "language": "en"}
    assert records[1]["meta"] == {"tags": ["iraq", "uk"], "desk": "world", "language": "und"}
    assert records[2]["meta"] == {
        "wordcount": 9,
        "language": "und",
        "date": "2017-11-29",
        "date_source": "text",
    }
    assert "2017-11-29" in str(records[2]["text"])
    assert all(r["source"] == str(src / "wire.jsonl") for r in records)
    (error, summary) = result.stderr.splitlines()
    assert error.startswith(f"newsclean: error: {src / 'wire.jsonl'}:4: {reason}"), error
    assert SUMMARY.match(summary) and summary.endswith(" 1 failed"), summary


def test_empty_jsonl_input_gives_an_empty_output(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "none.jsonl").write_text("\n\n")
    result = invoke("clean", src, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "none.jsonl").read_bytes() == b""


# -- 10: a config with a custom step ----------------------------------------------------

MYSTEPS = '''\
import newsclean


@newsclean.step
def shout(doc, *, marks: int = 1):
    """Upper-case the text and add exclamation marks."""
    return doc.text.upper() + "!" * marks
'''
SHOUT_CONFIG = """\
[[steps]]
step = "unicode"

[[steps]]
step = "mysteps:shout"
marks = 2
"""


def test_config_with_a_custom_step(tmp_path: Path, seeds: list[Path]):
    config_dir = tmp_path / "config"
    config_dir.mkdir()
    (config_dir / "mysteps.py").write_text(MYSTEPS)
    config = config_dir / "chain.toml"
    config.write_text(SHOUT_CONFIG)
    src = tmp_path / "src"
    src.mkdir()
    texts = {}
    for i in range(24):  # enough inputs for --jobs 2 to start two workers
        text = f"Article {i}: “Britain prepares to send troops back to Iraq” ."
        texts[f"n{i:02d}.txt"] = text
        (src / f"n{i:02d}.txt").write_text(text, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    done = run_cli("clean", src, "-o", out, "--config", config, "--jobs", "2", cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    written = files_under(out)
    assert sorted(written) == sorted(texts)
    for name, text in texts.items():
        result = written[name].decode("utf-8")
        assert result.rstrip("\n").endswith("!!"), result
        assert result == result.upper()
        # the unicode step ran first: quotes made straight
        assert '"BRITAIN PREPARES TO SEND TROOPS BACK TO IRAQ"' in result
        assert text.upper().replace("“", '"').replace("”", '"') in result

    explained = run_cli("explain", src / "n00.txt", "--config", config, cwd=elsewhere)
    assert explained.returncode == 0, explained.stderr
    assert "shout: 1 edit" in explained.stdout
    assert "shout.rewrite" in explained.stdout

    saved_path = list(sys.path)
    try:
        chain = Chain.from_config(config)
        assert chain.names == ("unicode", "shout")
        assert Chain.from_config(chain.to_config()) == chain
        assert chain.to_config()["steps"][1] == {"step": "mysteps:shout", "marks": 2}
        result = chain(Document(texts["n03.txt"]))
        assert result is not None
        assert written["n03.txt"].decode("utf-8") == result.text + "\n"
    finally:
        sys.path[:] = saved_path
        sys.modules.pop("mysteps", None)
        STEPS.pop("mysteps:shout", None)


# -- 11: the source tree is read only -----------------------------------------------------


def test_sources_are_never_written(bad_tree: Path, tmp_path: Path, seeds_dir: Path):
    (bad_tree / "wire.jsonl").write_text(json.dumps(GOOD_RECORDS[0]) + "\n")
    for i in range(20):
        (bad_tree / "nested" / f"filler{i:02d}.txt").write_text(f"Filler number {i} .")
    before = tree_state(bad_tree)
    seeds_before = tree_state(seeds_dir)
    out = tmp_path / "out"
    runs = [
        run_cli("clean", bad_tree, "-o", out, "--jsonl", tmp_path / "all.jsonl", "--jobs", "2"),
        run_cli("clean", bad_tree, "-o", out, "--jobs", "1"),  # again, over existing outputs
        run_cli("clean", bad_tree / "good.txt", seeds_dir, "-o", out / "two"),
        run_cli("explain", bad_tree / "good.txt"),
    ]
    for done in runs:
        assert done.returncode in (0, 1), done.stderr
        assert_no_traceback(done.stderr)
    assert tree_state(bad_tree) == before
    assert tree_state(seeds_dir) == seeds_before


def test_output_inside_the_source_is_not_read_back(small_tree: Path):
    out = small_tree / "cleaned"
    first = run_cli("clean", small_tree, "-o", out)
    assert first.returncode == 0, first.stderr
    outputs = files_under(out)
    sources_before = tree_state(small_tree)
    second = run_cli("clean", small_tree, "-o", out)
    assert second.returncode == 0, second.stderr
    assert "3 files, 3 documents" in second.stderr
    assert files_under(out) == outputs
    assert not (out / "cleaned").exists()
    after = tree_state(small_tree)
    assert {k: v for k, v in after.items() if not k.startswith("cleaned")} == {
        k: v for k, v in sources_before.items() if not k.startswith("cleaned")
    }


def test_jsonl_output_inside_the_source_is_not_read_back(small_tree: Path):
    target = small_tree / "all.jsonl"
    for _ in range(2):
        result = invoke("clean", small_tree, "--jsonl", target)
        assert result.exit_code == 0, result.stderr
        assert "3 files, 3 documents" in result.stderr
    assert len(jsonl_records(target.read_text(encoding="utf-8"))) == 3


# -- 12: the progress bar -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "shown"),
    [([], False), (["--no-progress"], False), (["--progress"], True)],
    ids=["default", "no-progress", "progress"],
)
def test_progress_when_piped(flags: list[str], shown: bool, small_tree: Path, tmp_path: Path):
    done = run_cli("clean", small_tree, "-o", tmp_path / "out", *flags)
    assert done.returncode == 0, done.stderr
    assert ("cleaning" in done.stderr) is shown, done.stderr
    assert done.stderr.splitlines()[-1].startswith("newsclean: 3 files")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize(("flags", "shown"), [([], True), (["--no-progress"], False)])
def test_progress_on_a_terminal(flags: list[str], shown: bool, small_tree: Path, tmp_path: Path):
    code, stderr, _ = run_in_terminal(
        "clean", small_tree, "-o", tmp_path / "out", *flags, stdout_tty=False
    )
    assert code == 0, stderr
    assert ("cleaning" in stderr) is shown, stderr
    assert "3 files, 3 documents" in stderr
