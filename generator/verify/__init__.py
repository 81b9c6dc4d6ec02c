"""Verification of rendered documents and of a school's whole package before writing.

`document` checks one document (requirements, leftover tags, empty requisites, repealed
acts), `package` checks that the documents agree with each other, `facts` are what they
must agree on, `names` finds the people a document names.
"""

from __future__ import annotations

from ..documents import PERSONAL_DOCUMENTS
from ..docx.read import clear_cache
from .document import verify_document
from .facts import PackageFacts
from .package import verify_package

__all__ = ["PERSONAL_DOCUMENTS", "PackageFacts", "clear_cache", "verify_document", "verify_package"]
