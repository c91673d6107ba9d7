"""The nightly open-data export on volume data: time, peak memory, file size.

    createdb idestad_bench_100000
    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
        python manage.py migrate && python manage.py seed_demo \\
        && python manage.py seed_load --ideas 100000 --supports 1000000 --posts 50000
    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
        python bench/export.py

Runs ``manage.py opendata_export`` as the scheduler does, in its own process
(into a temporary folder), and prints its wall time, its peak resident memory
(the kernel's high-water mark for the child, ``ru_maxrss``), the zip's size
and the rows per table. The export streams rows in batches, so the peak
should not grow with the number of rows.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {"OPENDATA_DIR": folder}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "opendata_export", "--no-progress"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        manifest = json.loads((Path(folder) / "manifest.json").read_text())
    print(f"export: {seconds:.1f} s, peak memory {peak_mb:.0f} MB")
    print(f"zip: {manifest['size'] / 1e6:.1f} MB")
    for table, rows in manifest["rows"].items():
        print(f"  {table:<18} {rows:>9} rows")


if __name__ == "__main__":
    main()
