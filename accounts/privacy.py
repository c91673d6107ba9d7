"""One registry through which every app takes part in "download my data" and
"delete my account", so new apps plug in without editing accounts/.

An app registers a contributor in its AppConfig.ready():

    privacy.register("ideas", export=export_ideas, erase=erase_ideas)

``export(user)`` returns JSON-ready data about the person; ``files(user)`` the
files they uploaded (pictures, documents), which the download carries beside
the data in one zip. ``erase(user, keep)``
runs inside the deletion transaction, before the user row goes: with ``keep`` the
person's public contributions stay, unlinked from them ("Former participant");
without it they are deleted. Either way nothing may keep pointing at the person.
"""

import json
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from django.core.files.storage import Storage
from django.utils import timezone

from accounts.models import User

EXPORT_FORMAT_VERSION = 2
# Held in memory up to this size, then in a temporary file.
SPOOL_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class ExportFile:
    """A file the person uploaded: where it is stored and what it is."""

    storage: Storage
    name: str
    description: str
    folder: str

    @property
    def path(self) -> str:
        """Its path inside the zip: files/<folder>/<stored file name>."""
        return str(PurePosixPath("files", self.folder, PurePosixPath(self.name).name))


Export = Callable[[User], Any]
Erase = Callable[[User, bool], None]
Files = Callable[[User], Iterable[ExportFile]]


@dataclass(frozen=True)
class Contributor:
    key: str
    export: Export
    erase: Erase | None
    files: Files | None = None


_contributors: dict[str, Contributor] = {}


def register(
    key: str, *, export: Export, erase: Erase | None = None, files: Files | None = None
) -> None:
    if key in _contributors:
        raise ValueError(f"A privacy contributor named {key!r} is already registered.")
    _contributors[key] = Contributor(key=key, export=export, erase=erase, files=files)


def contributors() -> list[Contributor]:
    return list(_contributors.values())


def export_user_data(user: User) -> dict[str, Any]:
    """Everything held about the person, with a list of their uploaded files
    (path in the zip, what it is, whether it could be read)."""
    data: dict[str, Any] = {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
    }
    for contributor in contributors():
        data[contributor.key] = contributor.export(user)
    data["files"] = [
        {"path": path, "description": f.description, "stored_as": f.name}
        for path, f in export_files(user)
    ]
    return data


def export_files(user: User) -> list[tuple[str, ExportFile]]:
    """The person's files, each with its own path in the zip."""
    found: list[tuple[str, ExportFile]] = []
    taken: set[str] = set()
    for contributor in contributors():
        for file in contributor.files(user) if contributor.files else ():
            path, n = file.path, 1
            while path in taken:
                n += 1
                stem = PurePosixPath(file.path)
                path = str(stem.with_name(f"{stem.stem}-{n}{stem.suffix}"))
            taken.add(path)
            found.append((path, file))
    return found


def export_archive(
    data: dict[str, Any], files: list[tuple[str, ExportFile]]
) -> IO[bytes]:
    """A zip of data.json and the files, rewound for reading. A file missing
    from storage is named in data.json as missing rather than failing the
    whole download."""
    archive = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    missing = set()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for path, file in files:
            try:
                with file.storage.open(file.name, "rb") as source:
                    with zipped.open(path, "w", force_zip64=True) as target:
                        while chunk := source.read(1024 * 1024):
                            target.write(chunk)
            except FileNotFoundError:
                missing.add(path)
        for listed in data.get("files", []):
            listed["missing"] = listed["path"] in missing
        zipped.writestr(
            "data.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        )
    archive.seek(0)
    return archive


def erase_user_data(user: User, *, keep_contributions: bool) -> None:
    """Call inside the deletion transaction."""
    for contributor in contributors():
        if contributor.erase is not None:
            contributor.erase(user, keep_contributions)
