"""Optional PDF copies through LibreOffice, which also proves a real office suite reads our DOCX."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import BuildError

_CANDIDATES = ("soffice", "libreoffice")


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


def convert_to_pdf(docx_files: list[Path], out_dir: Path, timeout: int = 300) -> list[Path]:
    soffice = require_soffice()
    # A private profile folder lets several conversions run at once without locking each other.
    with tempfile.TemporaryDirectory(prefix="profdocs-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, docx_files),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise BuildError(
                f"LibreOffice не успел преобразовать документы в PDF за {timeout} с."
            ) from None
    pdfs = [out_dir / f"{f.stem}.pdf" for f in docx_files]
    missing = [p.name for p in pdfs if not p.exists()]
    if proc.returncode != 0 or missing:
        raise BuildError(
            "LibreOffice не смог создать PDF: "
            + (", ".join(missing) or f"код ошибки {proc.returncode}")
            + ". Закройте открытые копии документов и повторите."
        )
    return pdfs
