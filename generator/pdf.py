"""Optional PDF copies through LibreOffice, which also proves a real office suite reads our DOCX.

Every copy is PDF/A-2b: schools publish their acts on their websites and archive them, and
an archive copy must carry its fonts and say which standard it keeps. LibreOffice's
`SelectPdfVersion` 2 gives PDF/A-2b (1 would give PDF/A-1a, not 1b).

Starting LibreOffice costs more than converting a document, so a batch converts many
documents in one run (`convert_many`) instead of one run per school.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import BuildError

_CANDIDATES = ("soffice", "libreoffice")

# writer_pdf_Export with PDF/A-2b: embedded fonts, XMP with pdfaid:part 2, conformance B.
PDF_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'

# Seconds a run may take: LibreOffice's start, then each document (a long journal, a slow
# shared machine); a run of a whole chunk of schools gets time in proportion.
TIMEOUT_START = 240
TIMEOUT_PER_DOCUMENT = 15


def find_soffice() -> str | None:
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        raise BuildError(
            "Для --pdf нужен LibreOffice, но команда soffice не найдена. Установите его "
            "(Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui; Windows: "
            "libreoffice.org) или соберите документы без --pdf."
        )
    return soffice


def timeout_for(count: int) -> int:
    return TIMEOUT_START + TIMEOUT_PER_DOCUMENT * count


def convert_many(
    documents: Sequence[Path], out_dir: Path, timeout: int | None = None
) -> dict[Path, Path]:
    """Every DOCX of `documents` to PDF/A-2b in `out_dir`, in ONE LibreOffice run.

    Returns the PDF made for each document that got one (document → PDF); a document
    LibreOffice could not convert is missing from the result, and the caller says which.
    The names' stems must differ: LibreOffice writes «<stem>.pdf» into one folder.
    Raises BuildError only when the run itself fails (LibreOffice missing, timed out).
    """
    stems = [d.stem for d in documents]
    if len(set(stems)) != len(stems):
        raise ValueError("convert_many: documents with the same name would overwrite each other")
    if not documents:
        return {}
    soffice = require_soffice()
    timeout = timeout if timeout is not None else timeout_for(len(documents))
    out_dir.mkdir(parents=True, exist_ok=True)
    # A private profile folder lets several runs (one per worker) go at once without
    # locking each other, and never touches the user's own LibreOffice settings.
    with tempfile.TemporaryDirectory(prefix="profdocs-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(out_dir),
            *map(str, documents),
        ]
        try:
            subprocess.run(
                cmd,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise BuildError(
                f"LibreOffice не успел преобразовать документы в PDF за {timeout} с."
            ) from None
        except OSError as exc:
            raise BuildError(f"Не удалось запустить LibreOffice ({soffice}): {exc}.") from None
    made = {d: out_dir / f"{d.stem}.pdf" for d in documents}
    return {d: pdf for d, pdf in made.items() if pdf.is_file() and pdf.stat().st_size > 0}


def missing_message(names: Sequence[str]) -> str:
    return (
        "LibreOffice не смог создать PDF: "
        + ", ".join(names)
        + ". Закройте открытые копии документов и повторите."
    )


def convert_to_pdf(docx_files: list[Path], out_dir: Path, timeout: int | None = None) -> list[Path]:
    """The PDF/A-2b copies of one package, all of them or a BuildError naming what failed."""
    made = convert_many(docx_files, out_dir, timeout)
    missing = [f"{d.stem}.pdf" for d in docx_files if d not in made]
    if missing:
        raise BuildError(missing_message(missing))
    return [made[d] for d in docx_files]
