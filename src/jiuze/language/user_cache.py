"""Files in the user's own cache directory, read and written so that no one else can plant one.

The directory is `$JIUZE_CACHE_DIR`, else `$XDG_CACHE_HOME/jiuze`, else `~/.cache/jiuze`; it is
created 0700 and used only if owned by this user and not writable by group or others.  Files are
written 0600 through a rename and read (O_NOFOLLOW) only if they are regular files owned by this
user with no group/other access.  It lives in the lowest stage so the parser's tables
(parser_tables.py) and the compiled rulebook (rulebook/cache.py) share the same rules.
Callers store data only (JSON), never code, and ignore anything they cannot read back.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


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
        with os.fdopen(descriptor, "rb") as handle:
            descriptor = None
            return handle.read()
    except OSError:
        return None
    finally:
        if descriptor is not None:
            os.close(descriptor)


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
