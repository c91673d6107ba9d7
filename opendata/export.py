"""The bulk open dataset: every table of ``opendata.tables`` as CSV and as JSON
(UTF-8, ISO dates), with a Frictionless ``datapackage.json`` and the CC0
licence, in one zip. Rows stream from the database into the zip in batches, so
memory stays flat at any size. The zip is written beside the last one and
swapped in whole (a reader never gets half a file), with a small manifest the
open-data page reads: when it finished, its size, the rows per table."""

import csv
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from opendata.tables import TABLES, Table, Value, plain

ZIP_NAME = "idestad-oppna-data.zip"
MANIFEST_NAME = "manifest.json"
DATAPACKAGE_NAME = "datapackage.json"
CC0 = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "Creative Commons Zero v1.0 Universal",
}
LICENCE_TEXT = """Idéstad – öppna data / open data

Staden har avstått från all upphovsrätt och närstående rättigheter till dessa
data enligt Creative Commons Zero (CC0 1.0). Du får kopiera, ändra, sprida och
använda dem, även kommersiellt, utan att fråga om lov.

The City of Stockholm has waived all copyright and related rights to this data
under Creative Commons Zero (CC0 1.0). You may copy, modify, distribute and use
it, even commercially, without asking permission.

https://creativecommons.org/publicdomain/zero/1.0/
"""
TITLE = _("Idéstad: ideas, support and follow-up of Stockholm's smart city strategy")
DESCRIPTION = _(
    "Everything public on Idéstad: ideas for smart city services linked to the "
    "goals of the Strategy for Stockholm as a smart and connected city, their "
    "support and official answers, public comments, and the projects with their "
    "milestones, indicators and annual reports."
)

Progress = Callable[[Table, int, int], None]  # table, rows written, rows in all


@dataclass(frozen=True)
class Manifest:
    finished_at: datetime
    size: int
    rows: dict[str, int]


def export_dir() -> Path:
    return Path(settings.OPENDATA_DIR)


def zip_path() -> Path:
    return export_dir() / ZIP_NAME


def read_manifest() -> Manifest | None:
    try:
        data = json.loads((export_dir() / MANIFEST_NAME).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return Manifest(
        finished_at=datetime.fromisoformat(data["finished_at"]),
        size=data["size"],
        rows=data["rows"],
    )


def datapackage(rows: dict[str, int] | None = None) -> dict:
    """The Frictionless Data Package that describes the zip (in English)."""
    with translation.override("en"):
        resources = []
        for table in TABLES:
            schema: dict[str, object] = {
                "fields": [
                    {"name": c.name, "type": c.type, "description": str(c.description)}
                    for c in table.columns
                ]
            }
            if table.primary_key:
                schema["primaryKey"] = list(table.primary_key)
            for fmt, media in (("csv", "text/csv"), ("json", "application/json")):
                resource: dict[str, object] = {
                    "name": table.name if fmt == "csv" else f"{table.name}-json",
                    "path": f"data/{table.name}.{fmt}",
                    "profile": "tabular-data-resource",
                    "format": fmt,
                    "mediatype": media,
                    "encoding": "utf-8",
                    "description": str(table.description),
                    "schema": schema,
                }
                if rows is not None:
                    resource["rows"] = rows.get(table.name, 0)
                resources.append(resource)
        return {
            "name": "idestad",
            "title": str(TITLE),
            "description": str(DESCRIPTION),
            "homepage": settings.SITE_URL,
            "licenses": [CC0],
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "resources": resources,
        }


def export(progress: Progress | None = None) -> Manifest:
    """Write the whole dataset; returns what the new manifest says."""
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{ZIP_NAME}.{os.getpid()}.partial"
    rows: dict[str, int] = {}
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for table in TABLES:
                total = table.count() if progress else 0
                rows[table.name] = _write_csv(archive, table, total, progress)
                _write_json(archive, table)
            archive.writestr("LICENSE.txt", LICENCE_TEXT)
            archive.writestr(DATAPACKAGE_NAME, json.dumps(datapackage(rows), indent=2))
        (folder / DATAPACKAGE_NAME).write_text(
            json.dumps(datapackage(rows), indent=2), "utf-8"
        )
        os.replace(partial, folder / ZIP_NAME)
    finally:
        partial.unlink(missing_ok=True)
    manifest = Manifest(
        finished_at=datetime.now(UTC),
        size=(folder / ZIP_NAME).stat().st_size,
        rows=rows,
    )
    _write_manifest(folder, manifest)
    return manifest


def _write_manifest(folder: Path, manifest: Manifest) -> None:
    data = {
        "finished_at": manifest.finished_at.isoformat(),
        "size": manifest.size,
        "rows": manifest.rows,
    }
    partial = folder / f".{MANIFEST_NAME}.partial"
    partial.write_text(json.dumps(data), "utf-8")
    os.replace(partial, folder / MANIFEST_NAME)


def _entry(name: str) -> zipfile.ZipInfo:
    """A file in the zip, dated now and compressed (a bare name would be dated
    1980 when written as a stream)."""
    entry = zipfile.ZipInfo(name, date_time=timezone.localtime().timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _cells(table: Table) -> Iterator[list[Value]]:
    for row in table.rows():
        yield [plain(value) for value in row]


def _write_csv(
    archive: zipfile.ZipFile, table: Table, total: int, progress: Progress | None
) -> int:
    written = 0
    with archive.open(_entry(f"data/{table.name}.csv"), "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow([column.name for column in table.columns])
        for cells in _cells(table):
            writer.writerow(["" if cell is None else cell for cell in cells])
            written += 1
            if progress and written % 5000 == 0:
                progress(table, written, total)
        text.flush()
        text.detach()
    if progress:
        progress(table, written, max(total, written))
    return written


def _write_json(archive: zipfile.ZipFile, table: Table) -> None:
    names = [column.name for column in table.columns]
    with archive.open(_entry(f"data/{table.name}.json"), "w", force_zip64=True) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        text.write("[")
        for index, cells in enumerate(_cells(table)):
            text.write(",\n" if index else "\n")
            text.write(
                json.dumps(dict(zip(names, cells, strict=True)), ensure_ascii=False)
            )
        text.write("\n]\n")
        text.flush()
        text.detach()
