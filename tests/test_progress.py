"""The progress of a load and a check: the callbacks the library calls, the bar the command draws on a terminal,
and no bar anywhere else."""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import os
import pty
import re
import select
import struct
import subprocess
import termios

import pytest
from test_cli import COMMAND, EXAMPLE, KUANGQU, command_env, compliance
from test_text_report import ANSI, Terminal

from compliance import check, load_ruleset
from compliance.labels import EN, ZH
from compliance.load_summary import LoadError
from compliance.loading import load
from compliance.progress import Line, bar, steps
from compliance.terminal import cells


class Calls(list):
    def __call__(self, done: int, total: int, item: str) -> None:
        self.append((done, total, item))


def test_steps_tell_before_each_item_and_once_at_the_end():
    calls = Calls()
    assert list(steps(["a", "bb", "ccc"], calls, str.upper, len)) == ["a", "bb", "ccc"]
    assert calls == [(0, 6, "A"), (1, 6, "BB"), (3, 6, "CCC"), (6, 6, "")]
    assert list(steps(["a"], None, str.upper)) == ["a"]  # no callback, nothing counted


def test_a_load_counts_the_bytes_of_each_file():
    calls = Calls()
    dataset, _ = load(EXAMPLE, progress=calls)
    files = sorted(EXAMPLE.iterdir())
    total = sum(f.stat().st_size for f in files)
    assert [item for _, _, item in calls] == [f.name for f in files] + [""]
    assert [done for done, _, _ in calls][-2:] == [total - files[-1].stat().st_size, total]
    assert {t for _, t, _ in calls} == {total}
    single = Calls()
    load(EXAMPLE.parent / "kuangqu.xlsx", progress=single)
    size = (EXAMPLE.parent / "kuangqu.xlsx").stat().st_size
    assert single == [(0, size, "kuangqu.xlsx"), (size, size, "")]


def test_a_check_counts_the_rules():
    calls = Calls()
    ruleset = load_ruleset(KUANGQU)
    dataset, _ = load(EXAMPLE)
    check(dataset, ruleset, dt.date(2025, 3, 1), progress=calls)
    n = len(ruleset.rules)
    # the rules over objects are named first: they are evaluated while the rules over frames run on threads
    by_objects = [rule.id for rule in ruleset.rules if not rule.rule.reads_frames()]
    by_frames = [rule.id for rule in ruleset.rules if rule.rule.reads_frames()]
    assert by_objects and by_frames
    assert calls == [(i, n, rule) for i, rule in enumerate(by_objects + by_frames)] + [(n, n, "")]


def drawn(output: str) -> list[str]:
    """What each redraw left on the line."""
    return [part for part in output.split("\r") if part.strip()]


def test_the_bar_draws_in_place_within_the_terminal_and_blanks_the_line(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")  # a stream with no terminal of its own: $COLUMNS
    stream = Terminal()
    with bar(stream, ZH) as (loading, checking):
        load(EXAMPLE, progress=loading)
        loading(0, 10, "行政执法人员名单（二〇二四年）.xlsx")
        check(load(EXAMPLE).dataset, KUANGQU, dt.date(2025, 3, 1), progress=checking)
    output = stream.getvalue()
    lines = drawn(output)
    assert lines[0].startswith("读取 [..........]   0% 0.0/0.3 MB")  # a narrow terminal: a short bar
    assert "\r读取 [##########] 100% 0.3/0.3 MB" in output
    assert "\r检查 [##########] 100% 21/21 条规则" in output
    assert all(cells(line) <= 39 for line in lines)  # one cell short of the edge, Chinese counted double
    clipped = next(line for line in lines if "0.0/0.0 MB" in line)
    assert clipped.endswith("0.0/0.0 MB  行政") and cells(clipped) == 39  # clipped by cells, not characters
    assert re.fullmatch(r".*\r {1,39}\r", output, re.DOTALL)  # blanked at the end


def test_a_shorter_redraw_blanks_what_the_longer_one_left():
    stream = Terminal()
    line = Line(stream)
    line.draw("loading officers.jsonl")
    line.draw("loading x")
    line.clear()
    assert stream.getvalue() == "\rloading officers.jsonl\rloading x             \r" + " " * 9 + "\r"


def test_the_bar_is_cleared_when_the_load_fails(tmp_path):
    stream = Terminal()
    with pytest.raises(LoadError), bar(stream, EN) as (loading, _):
        load(tmp_path / "nothing here", progress=loading)
    assert stream.getvalue() == ""  # nothing was drawn, so nothing to blank
    stream = Terminal()
    (tmp_path / "officers.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(LoadError), bar(stream, EN) as (loading, _):
        load(tmp_path, progress=loading)
    assert stream.getvalue().endswith("\r")
    assert drawn(stream.getvalue())[-1].strip().startswith("loading")
    assert stream.getvalue().split("\r")[-2].strip() == ""


@pytest.mark.parametrize(("stream", "enabled"), [(io.StringIO(), True), (Terminal(), False)])
def test_no_bar_off_a_terminal_or_when_switched_off(stream, enabled):
    with bar(stream, EN, enabled=enabled) as callbacks:
        assert callbacks == (None, None)
    assert stream.getvalue() == ""


def test_the_command_draws_no_bar_when_standard_error_is_not_a_terminal():
    result = compliance("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01")
    assert result.returncode == 1 and result.stderr == ""


# --- on a real terminal, as a user runs it --------------------------------------------------------------------


def in_terminal(*args: str, columns: int = 60, stdout_too: bool = True) -> tuple[int, str, str]:
    """Run the command with its standard error (and output) on a pseudo-terminal ``columns`` wide: the exit code,
    what the terminal showed, and what went to the pipe when standard output is not on it."""
    assert COMMAND, "the compliance command is not installed"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    process = subprocess.Popen([COMMAND, *args], stdin=slave, stderr=slave,
                               stdout=slave if stdout_too else subprocess.PIPE, env=command_env(TERM="xterm"))
    os.close(slave)
    shown = b""
    while select.select([master], [], [], 120)[0]:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the command has closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    piped = process.stdout.read().decode() if process.stdout else ""
    code = process.wait(timeout=120)
    os.close(master)
    return code, shown.decode().replace("\r\n", "\n"), piped  # the terminal turns each \n into \r\n


@pytest.mark.parametrize(("lang", "loading", "header"), [
    ("en", "loading", "compliance report"), ("zh", "读取", "执法合规检查报告")])
def test_at_a_terminal_the_bar_runs_then_the_coloured_report_starts_on_a_clean_line(lang, loading, header):
    code, shown, _ = in_terminal("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01", "--lang", lang)
    assert code == 1
    progress, report = shown.split("compliance 0.1.0", 1)
    assert progress.startswith(f"\r{loading} [") and re.search(r"\r {1,59}\r$", progress)
    assert all(cells(line) <= 59 for line in drawn(progress))
    assert report.startswith(f" — {header}\n") and "\x1b[1;31m" in report  # coloured: the terminal wants it


def test_with_the_report_piped_only_standard_error_shows_the_bar():
    args = ("check", str(EXAMPLE), "--ruleset", KUANGQU, "--as-of", "2025-03-01")
    code, shown, piped = in_terminal(*args, stdout_too=False)
    assert code == 1 and "\rchecking [" in shown and shown.endswith("\r")
    assert piped.startswith("compliance 0.1.0") and not ANSI.search(piped)
    assert in_terminal(*args, "--no-progress", stdout_too=False)[1] == ""
