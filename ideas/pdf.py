"""What a PDF attachment may be: a document to read, nothing that runs.

A file is taken as a PDF when it has a PDF's frame (``%PDF-`` first, and
``startxref`` and ``%%EOF`` at the end, which an HTML page wrapped in
``%PDF-…%%EOF`` lacks) and none of the names PDF uses for active content:
scripts (``/JavaScript``, ``/JS``), actions run on opening or on events
(``/OpenAction``, ``/AA``, ``/Launch``), embedded files, forms that submit
(``/XFA``, ``/SubmitForm``) and embedded media (``/RichMedia``). Names may be
written with ``#xx`` escapes, and dictionaries may sit inside compressed
object streams, so escapes are decoded and Flate streams inflated (within a
budget, so a small file cannot unpack into gigabytes) before the search.
"""

import re
import zlib

ACTIVE_NAMES = (
    b"/JavaScript",
    b"/JS",
    b"/OpenAction",
    b"/AA",
    b"/Launch",
    b"/EmbeddedFile",
    b"/EmbeddedFiles",
    b"/XFA",
    b"/SubmitForm",
    b"/RichMedia",
)
NAME = re.compile(rb"/[^\s/\[\]<>(){}%]+")
ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
INFLATED_BUDGET = 64 * 1024 * 1024


class PdfRefused(ValueError):
    """Why the file is not taken: ``frame`` or ``active``."""


def inspect_pdf(content: bytes) -> None:
    """Raise PdfRefused unless ``content`` is a PDF without active content."""
    if not content.startswith(b"%PDF-"):
        raise PdfRefused("frame")
    tail = content[-2048:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise PdfRefused("frame")
    for chunk in _readable_parts(content):
        if _active_name_in(chunk):
            raise PdfRefused("active")


def _readable_parts(content: bytes):
    """The file itself, then every Flate stream in it, inflated."""
    yield content
    budget = INFLATED_BUDGET
    for match in STREAM.finditer(content):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue  # not Flate (an image, say): nothing to read in it
        budget -= len(inflated)
        if budget <= 0:
            raise PdfRefused("active")  # more packed inside than a document needs
        yield inflated


def _active_name_in(chunk: bytes) -> bool:
    for raw in NAME.findall(chunk):
        name = ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
        if name in ACTIVE_NAMES:
            return True
    return False
