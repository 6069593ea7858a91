"""The output file of `jiuze batch`: one JSON line per case, appended, resumable.

Why a module of its own: the file is the batch's only record of finished work,
so every way of opening it must keep that work (a resume never truncates a
file that is not ours) and every failure must be a located Chinese message
(exit 2), never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from jiuze.language.errors import Finding, JiuzeError
from jiuze.language.source import Span

try:
    import fcntl
except ImportError:  # not on Windows: there the lock is skipped
    fcntl = None

BLOCK = 1 << 20


@dataclass(frozen=True)
class ResumePoint:
    """How many cases OUT already holds, the input the last of them came from, and where
    the last whole line ends (a torn tail after it is cut only once the resume is accepted)."""

    done: int = 0
    last_source: str | None = None
    rulebook: str | None = None  # digest of the rulebook that wrote it (None: written before digests)
    end: int | None = None


@contextlib.contextmanager
def locked(output: str):
    """Hold an exclusive lock on OUT for the whole run: a second batch writing the same file
    at once is refused (two runs would interleave their lines).  Opening creates OUT but never
    truncates it, so taking the lock loses nothing; the lock goes with the process."""
    handle = _guard(output, lambda: open(output, "ab"))
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise JiuzeError(
                    [
                        Finding(
                            Span(output, 0, 0),
                            "output-locked",
                            "另一个 jiuze batch 正在写这个输出文件",
                            "等它结束后再运行（中断的运行可用 --resume 续跑），或用 -o 换一个输出文件。",
                        )
                    ]
                )
        yield
    finally:
        handle.close()


def start(output: str, resume: bool) -> ResumePoint:
    """Empty OUT for a fresh run, or find where an interrupted run stopped.

    On resume nothing is changed here: the last whole line is checked to be a result
    line of ours, and a torn last line (a crash mid-write) is cut by `skip_done`, once
    the input is known to be the same."""
    if not resume or _guard(output, lambda: os.path.getsize(output)) == 0:
        _guard(output, lambda: open(output, "w", encoding="utf-8").close())
        return ResumePoint()
    lines, end_of_last_line, size = _guard(output, lambda: _scan(output))
    point = ResumePoint()
    if lines:
        point = _check_last_line(output, lines, _guard(output, lambda: _read_line_before(output, end_of_last_line)))
    return replace(point, end=end_of_last_line if end_of_last_line != size else None)


def skip_done(jobs: Iterable, point: ResumePoint, output: str) -> Iterator:
    """The jobs after the `point.done` finished ones.  Skips now, not lazily, to check before
    any work starts that OUT's last line came from the same input (else two batches would mix);
    only then is a torn last line cut off, so a refused resume leaves OUT exactly as it was."""
    jobs = iter(jobs)
    last = None
    for _ in range(point.done):
        last = next(jobs, None)
        if last is None:
            break
    if point.done and (last is None or not same_origin(last.origin, point.last_source)):
        found = "输入中没有这么多案件" if last is None else f"输入中第 {point.done} 个案件是 {last.origin}"
        raise _error(
            output,
            point.done,
            f"输出文件第 {point.done} 行来自 {point.last_source}，但{found}",
            "续跑时给出与上次相同的输入；要重新开始，去掉 --resume。",
        )
    if point.end is not None:
        _guard(output, lambda: os.truncate(output, point.end))
    return jobs


def same_origin(origin: str, recorded: str | None) -> bool:
    """Whether two case origins (`path` or `path:line`) name the same case, however the path
    was spelled (relative or absolute, through a symlink)."""
    if recorded is None or origin == recorded:
        return origin == recorded

    def key(name: str) -> tuple[str, str]:
        path, colon, line = name.rpartition(":")
        if not colon or not line.isdigit():
            path, line = name, ""
        return os.path.realpath(path), line

    return key(origin) == key(recorded)


def append_line(out, line: str | bytes, output: str) -> None:
    """Whole lines (one, or a chunk's as UTF-8 bytes) per write(2): a run killed between writes leaves
    only whole lines, and one killed within a write at most a torn last line, which --resume cuts off."""
    data = line.encode("utf-8") if isinstance(line, str) else line

    def write():
        written = out.write(data)
        while written < len(data):  # a regular file takes it all at once; be safe anyway
            written += out.write(data[written:])

    _guard(output, write)


def open_for_append(output: str):
    return _guard(output, lambda: open(output, "ab", buffering=0))


def _scan(output: str) -> tuple[int, int, int]:
    """(complete lines, offset just past the last newline, size), reading in blocks."""
    lines, end_of_last_line, offset = 0, 0, 0
    with open(output, "rb") as handle:
        while block := handle.read(BLOCK):
            newline = block.rfind(b"\n")
            if newline >= 0:
                lines += block.count(b"\n")
                end_of_last_line = offset + newline + 1
            offset += len(block)
    return lines, end_of_last_line, offset


def _read_line_before(output: str, end: int) -> bytes:
    """The whole line that ends at offset `end` (its newline included)."""
    with open(output, "rb") as handle:
        start = end - 1
        while start > 0:
            step = min(BLOCK, start)
            handle.seek(start - step)
            chunk = handle.read(step)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                start = start - step + newline + 1
                break
            start -= step
        handle.seek(start)
        return handle.read(end - start)


def _check_last_line(output: str, lines: int, raw: bytes) -> ResumePoint:
    try:
        result = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        result = None
    if not isinstance(result, dict) or result.get("index") != lines - 1 or not isinstance(result.get("source"), str):
        raise _error(
            output,
            lines,
            f'这一行不是 jiuze batch 写出的第 {lines} 个结果（应为含 "index": {lines - 1} 和 "source" 的 JSON）',
            "检查 -o 是否指错了文件；文件未作改动。要重新开始，去掉 --resume。",
        )
    return ResumePoint(lines, result["source"], result.get("rulebook"))


def check_rulebook(point: ResumePoint, digest: str, output: str) -> None:
    """A resume must use the rulebook the earlier lines were computed with, or the file mixes two."""
    if point.rulebook is not None and point.rulebook != digest:
        raise _error(
            output,
            point.done,
            f"输出文件是用另一个规则库（摘要 {point.rulebook}）写出的，现在的规则库摘要是 {digest}",
            "续跑时用与上次相同的规则库（--rules 与规则文件都不能改）；规则改过了就去掉 --resume，重新开始。",
        )


def _guard(output: str, action):
    try:
        return action()
    except IsADirectoryError:
        message, hint = "输出路径是一个目录", "用 -o 给出一个文件名，如 -o 结果.jsonl。"
    except FileNotFoundError:
        message, hint = "输出文件所在的目录不存在", "先建立目录，或换一个输出路径。"
    except OSError as error:
        message, hint = (
            f"无法写入输出文件：{error.strerror}",
            "检查权限和磁盘空间；已写出的结果行完整保留，可用 --resume 续跑。",
        )
    raise JiuzeError([Finding(Span(output, 0, 0), "io", message, hint)])


def _error(output: str, line: int, message: str, hint: str) -> JiuzeError:
    return JiuzeError([Finding(Span(output, line, 1), "bad-resume", message, hint)])
