"""Small PDFs for tests, written here object by object with a real cross-
reference table, as a PDF writer would."""

import zlib


def pdf(*extra_objects: bytes, catalog_extra: bytes = b"") -> bytes:
    """A one-page PDF. ``catalog_extra`` goes into the catalogue dictionary;
    ``extra_objects`` are numbered from 4 on."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def stream(content: bytes, *, compress: bool = True) -> bytes:
    data = zlib.compress(content) if compress else content
    kind = b"/Filter /FlateDecode " if compress else b""
    return (
        b"<< " + kind + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    )


PLAIN = pdf()
OPENS_A_SCRIPT = pdf(
    b"<< /S /JavaScript /JS (app.alert(1)) >>", catalog_extra=b"/OpenAction 4 0 R"
)
ESCAPED_SCRIPT = pdf(
    b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>", catalog_extra=b"/Op#65nAction 4 0 R"
)
SCRIPT_IN_OBJECT_STREAM = pdf(
    stream(b"5 0 << /S /JavaScript /JS (app.alert(1)) >>"),
)
EMBEDDED_FILE = pdf(
    b"<< /EmbeddedFiles << /Names [(x.exe) 5 0 R] >> >>",
    catalog_extra=b"/Names 4 0 R",
)
HTML_IN_A_PDF_FRAME = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n"
