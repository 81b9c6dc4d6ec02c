"""Stage 6: assemble the DOCX bytes deterministically and put a school's package in place.

Same profile → byte-identical files: fixed zip timestamps and entry order, and core
properties taken from the profile rather than the clock.

A school's folder `output/<school>/` is replaced as a whole (`replace_folder`): the new
package is written into a sibling folder `.<school>.new-…`, every file and the folder are
synced, and then one `renameat2(RENAME_EXCHANGE)` swaps the two folders; the old package,
now under the temporary name, is removed. Whoever lists `output/<school>/` sees the old
six documents or the new six, never some of each, and a build killed at any moment leaves
one of the two whole. A lock file `.<school>.lock` beside the folder admits one builder of a
school at a time; the next build removes what a killed one left behind.

Where RENAME_EXCHANGE is missing (not Linux, a kernel before 3.15, a file system without
it) the fallback is two renames: old folder → `.<school>.old-…`, new folder → `<school>`.
Between the two the school's folder is briefly absent; a build killed there leaves the old
package under `.<school>.old-…`, and the next build of the school puts it back before
anything else.

Most of a DOCX (styles, theme, numbering, fonts) is the same in every school's document:
those entries are deflated once per template and process and copied as ready bytes; only
the rendered parts and core.xml are compressed per document. The packed document keeps
the XML it was made of, so verification reads the parts without opening the zip again.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .docx.parts import CORE, STYLES, TEXT_PART
from .docx.zipio import Member, assemble, deflate_member
from .errors import BuildError
from .paths import SCHOOL_ID_RULE, is_school_id

if TYPE_CHECKING:
    from .render import CompiledTemplate


def escape(text: str) -> str:
    """XML text escaping (xml.sax.saxutils.escape, without importing xml.sax at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True, slots=True)
class CoreProps:
    title: str
    creator: str  # the school's short name: the organisation is the author of its acts
    subject: str
    date_iso: str  # the order date: when the package was adopted, not when it was printed


def core_xml(props: CoreProps) -> bytes:
    stamp = f"{props.date_iso}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(props.title)}</dc:title>"
        f"<dc:subject>{escape(props.subject)}</dc:subject>"
        f"<dc:creator>{escape(props.creator)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(props.creator)}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


@functools.lru_cache(maxsize=64)
def _static_members(template: CompiledTemplate) -> Mapping[str, Member]:
    """The template's entries that never change, deflated once per process."""
    dynamic = {p.name for p in template.parts} | {CORE}
    return {
        info.filename: deflate_member(info.filename, data)
        for info, data in template.entries
        if info.filename not in dynamic
    }


@dataclass(frozen=True, slots=True)
class PackedDocument:
    """A DOCX and the XML it was assembled from: verification reads `parts` as zipped.

    `members` are the archive's entries by name; an entry that is the template's own
    (styles, an unchanged header) is the same object in every school's document, so what
    was read of it once can be found again by identity.
    """

    data: bytes
    parts: Mapping[str, bytes]  # text parts and styles.xml, uncompressed
    members: Mapping[str, Member]


def _read_back(name: str) -> bool:
    return name == STYLES or TEXT_PART.match(name) is not None


def package(
    template: CompiledTemplate, parts: Mapping[str, bytes], props: CoreProps
) -> PackedDocument:
    """The template's zip with the rendered parts and fresh core properties swapped in."""
    static = _static_members(template)
    members: dict[str, Member] = {}
    texts: dict[str, bytes] = {}
    for info, data in template.entries:
        name = info.filename
        if name == CORE:
            members[name] = deflate_member(name, core_xml(props))
            continue
        content = parts.get(name)
        if content is not None:
            members[name] = deflate_member(name, content)
        elif name in static:
            members[name] = static[name]
            content = data
        else:  # a templated part the renderer left out: keep the template's text
            members[name] = deflate_member(name, data)
            content = data
        if _read_back(name):
            texts[name] = content
    return PackedDocument(assemble(members.values()), texts, members)


def _sync(fd: int) -> None:
    """Data on disk before the rename. fdatasync also flushes the size of a new file, which is
    all a reader needs; it skips the timestamps fsync would also write."""
    (getattr(os, "fdatasync", None) or os.fsync)(fd)


# A temporary file is created here or not at all (O_EXCL: never through an existing name or
# link), binary on Windows, and not inherited by LibreOffice when --pdf starts it. Its mode
# is what open() would give (0666 less the umask), so colleagues can read the documents.
_CREATE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
)
_TEMP_IDS = itertools.count()


def _create_temp(path: Path) -> tuple[int, str]:
    """A new, empty file next to `path`: its descriptor and name."""
    folder = os.path.dirname(path)
    while True:
        tmp = os.path.join(folder, f".{path.name}.{os.getpid()}-{next(_TEMP_IDS)}.tmp")
        try:
            return os.open(tmp, _CREATE, 0o666), tmp
        except FileExistsError:  # left by a crashed run that had the same process id
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def write_all_atomic(files: Mapping[Path, bytes]) -> None:
    """Write several files so that either all are replaced or none is.

    Every file goes to a temporary name first and is synced; only then are all renamed.
    A school's package never ends up half old, half new when the disk fills up on the
    fourth document, and syncing after all writes lets the disk take them in one go
    rather than one flush a file.
    """
    pending: list[tuple[str, Path]] = []
    fds: list[int] = []
    try:
        for folder in dict.fromkeys(path.parent for path in files):
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in files.items():
            fd, tmp = _create_temp(path)
            fds.append(fd)
            pending.append((tmp, path))
            _write_all(fd, data)
        for fd in fds:
            _sync(fd)
        while fds:  # popped first: a descriptor is never closed twice
            os.close(fds.pop())
        for tmp, path in pending:
            os.replace(tmp, path)
    except BaseException:
        while fds:
            with contextlib.suppress(OSError):
                os.close(fds.pop())
        for tmp, _ in pending:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    write_all_atomic({path: data})


# --------------------------------------------------------------------------- package folder

LOCK_WAIT = 600.0  # seconds a second build of a school waits for the first (--pdf is slow)
_LOCK_POLL = 0.05


def replace_folder(
    target: Path,
    files: Mapping[str, bytes],
    extra: Callable[[Path], Iterable[str]] | None = None,
) -> list[Path]:
    """Make `target` hold exactly `files` (name → bytes), replacing the old folder whole.

    `extra(staging)` may add files to the new folder before the swap (the PDF copies); it
    returns their names, and anything else it leaves there is removed. The paths returned
    are the final ones, inside `target`.
    """
    parent, school = target.parent, target.name
    if not is_school_id(school):
        raise BuildError(f"Папка «{school}» не подходит для документов: {SCHOOL_ID_RULE}.")
    try:
        made_parent = not parent.is_dir()
        parent.mkdir(parents=True, exist_ok=True)
        if made_parent:
            _sync_dir(parent.parent)
        with _school_lock(parent, school):
            _recover(parent, school)
            _check_target(target)
            staging = parent / f".{school}.new-{os.getpid()}-{next(_TEMP_IDS)}"
            try:
                names = _fill(staging, files, extra)
                _swap(staging, target)
            finally:
                _remove(staging)  # after the swap it holds the old package
    except OSError as exc:
        raise BuildError(_os_message(exc, target)) from exc
    return [target / name for name in names]


def _fill(
    staging: Path, files: Mapping[str, bytes], extra: Callable[[Path], Iterable[str]] | None
) -> list[str]:
    """The new package in `staging`, every file and the folder itself on disk."""
    os.mkdir(staging)
    fds: list[int] = []
    try:
        for name, data in files.items():
            fd = os.open(staging / name, _CREATE, 0o666)
            fds.append(fd)
            _write_all(fd, data)
        for fd in fds:
            _sync(fd)
    finally:
        while fds:
            os.close(fds.pop())
    names = list(files)
    if extra is not None:
        added = [n for n in extra(staging) if n not in files]
        keep = {*names, *added}
        for entry in os.scandir(staging):  # a half-made PDF, LibreOffice's lock files
            if entry.name not in keep:
                _remove(Path(entry.path))
        for name in added:
            fd = os.open(staging / name, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            try:
                _sync(fd)
            finally:
                os.close(fd)
        names += added
    _sync_dir(staging)
    return names


def _swap(staging: Path, target: Path) -> None:
    """The one step after which readers see the new package."""
    if not target.exists():
        os.rename(staging, target)  # the first build: nothing to keep apart
    elif not _exchange(staging, target):
        old = target.parent / f".{target.name}.old-{time.time_ns()}-{os.getpid()}"
        os.rename(target, old)
        try:
            os.rename(staging, target)
        except BaseException:
            os.rename(old, target)
            raise
        os.rename(old, staging)  # removed with the staging folder
    _sync_dir(target.parent)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _libc_renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc before 2.28)
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func  # type: ignore[no-any-return]


def _renameat2(a: bytes, b: bytes) -> int:
    """renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE); 0 or an errno."""
    import ctypes

    func = _libc_renameat2()
    if func is None:
        return errno.ENOSYS
    if func(_AT_FDCWD, a, _AT_FDCWD, b, _RENAME_EXCHANGE) == 0:
        return 0
    return ctypes.get_errno()


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically; False where the system cannot (then two renames)."""
    code = _renameat2(os.fsencode(a), os.fsencode(b))
    if code == 0:
        return True
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _recover(parent: Path, school: str) -> None:
    """What a killed build of this school left: its old package goes back if the school's
    folder is missing (killed between the two renames of the fallback), the rest goes."""
    target = parent / school
    leftovers = sorted(
        (e.name for e in os.scandir(parent) if e.name.startswith(f".{school}.")),
        reverse=True,  # the newest «.old-<time>» first
    )
    for name in leftovers:
        if name.startswith(f".{school}.old-") and not os.path.lexists(target):
            os.rename(parent / name, target)
            _sync_dir(parent)
        elif name.startswith((f".{school}.new-", f".{school}.old-")):
            _remove(parent / name)


def _check_target(target: Path) -> None:
    """The school's folder is a folder of the output folder, never a link out of it."""
    if target.is_symlink():
        raise BuildError(
            f"{target} — это ссылка, а не папка: документы записываются только внутрь папки "
            "вывода (-o). Удалите ссылку или укажите другую папку вывода."
        )
    if target.exists() and not target.is_dir():
        raise BuildError(
            f"На месте папки для документов {target} лежит файл. Переименуйте или удалите его."
        )


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _sync_dir(folder: Path) -> None:
    """A folder's entries on disk (a created or renamed entry); not possible on Windows."""
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _school_lock(parent: Path, school: str) -> Iterator[None]:
    """One builder of a school at a time: an advisory lock on «.<school>.lock».

    The lock file stays (removing it would let a third build lock a file the second one
    no longer sees); closing the descriptor, or the process dying, releases the lock.
    """
    fd = os.open(parent / f".{school}.lock", os.O_RDWR | os.O_CREAT | _CLOEXEC, 0o666)
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise BuildError(
                    f"Папку {parent / school} уже записывает другая сборка этой школы, и она не "
                    f"закончилась за {LOCK_WAIT:.0f} с. Дождитесь её окончания и повторите."
                )
            time.sleep(_LOCK_POLL)
        yield
    finally:
        os.close(fd)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def _try_lock(fd: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: a byte-range lock on the lock file
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


_OS_REASONS = {
    errno.ENOSPC: "на диске не осталось места",
    errno.EDQUOT: "превышена квота диска",
    errno.EACCES: "нет прав на запись",
    errno.EPERM: "нет прав на запись",
    errno.EROFS: "диск доступен только для чтения",
    errno.ENAMETOOLONG: "слишком длинный путь",
    errno.ENOTDIR: "часть пути — файл, а не папка",
    errno.EIO: "ошибка ввода-вывода диска",
    errno.EEXIST: "на месте папки лежит файл",
    errno.ENOENT: "папка не найдена",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Russian where the reason is a common one."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def _os_message(exc: OSError, target: Path) -> str:
    reason = os_reason(exc)
    return (
        f"Не удалось записать документы в папку {target}: {reason}. Прежние документы школы "
        "остались нетронутыми; устраните причину и повторите сборку."
    )
