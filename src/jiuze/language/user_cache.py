"""Files in the user's own cache directory, read and written so that no one else can plant one.

The directory is `$JIUZE_CACHE_DIR`, else `$XDG_CACHE_HOME/jiuze`, else `~/.cache/jiuze`; it is
created 0700 and used only if owned by this user and not writable by group or others.  Files are
written 0600 through a rename and read (O_NOFOLLOW) only if they are regular files owned by this
user with no group/other access.  It lives in the lowest stage so the parser's tables
(parser_tables.py) and the compiled rulebook (rulebook/cache.py) share the same rules.
Callers store data only (JSON), never code, and ignore anything they cannot read back.
The folder is kept under `BUDGET` bytes: entries unused the longest are removed first (a read marks
an entry used), once per process that writes (entries of older jiuze code are never read again).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

BUDGET = 128 * 2**20
"""Bytes the cache folder may hold before its least recently used entries are removed (down to
half): every change of jiuze's code, and every case `explain` remembers, adds entries that would
otherwise stay for good (≈ 2 MB per jiuze version for the national rulebook and its files)."""

_pruned = False  # the folder is pruned at most once per process, at its first write


def directory() -> Path | None:
    """The user's cache directory, created owner-only; None if it is not safely ours."""
    root = os.environ.get("JIUZE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "jiuze"
    )
    try:
        os.makedirs(root, mode=0o700, exist_ok=True)
        info = os.stat(root, follow_symlinks=False)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        return None
    return Path(root)


def read(name: str) -> bytes | None:
    """The bytes of entry `name`, or None when it is missing or not safely the user's own."""
    folder = directory()
    if folder is None:
        return None
    try:
        descriptor = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if info.st_uid != os.getuid() or info.st_mode & 0o077 or not stat.S_ISREG(info.st_mode):
            return None
        _mark_used(descriptor)
        with os.fdopen(descriptor, "rb") as handle:
            descriptor = None
            return handle.read()
    except OSError:
        return None
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _mark_used(descriptor: int) -> None:
    """Touch an entry as it is read: pruning removes the entries unused the longest."""
    if os.utime in os.supports_fd:
        try:
            os.utime(descriptor)
        except OSError:  # a read-only cache is still read
            pass


def write(name: str, data: bytes) -> None:
    """Write entry `name` (0600, atomically); a cache that cannot be written is simply not used."""
    import tempfile  # here: a run that only reads its cache does not import it (nor random, bisect, …)

    folder = directory()
    if folder is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, folder / name)
    except OSError:
        return
    global _pruned
    if not _pruned:
        _pruned = True
        prune(folder, BUDGET)


def prune(folder: Path, budget: int) -> None:
    """Remove the entries unused the longest until the folder holds half of `budget`, if it holds
    more than `budget` (one scan of the folder: ≈ 1 ms for 500 entries)."""
    try:
        entries = [
            (e.stat(follow_symlinks=False), e.path) for e in os.scandir(folder) if e.is_file(follow_symlinks=False)
        ]
    except OSError:
        return
    total = sum(info.st_size for info, _ in entries)
    if total <= budget:
        return
    for info, path in sorted(entries, key=lambda entry: (entry[0].st_mtime_ns, entry[1])):
        if total <= budget // 2:
            return
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= info.st_size
