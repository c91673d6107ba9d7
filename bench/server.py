"""What the benchmarks that go through a real server share: uvicorn under
production settings (static files collected into a temporary folder), one
timed GET, percentiles, and a static file from the same server as the floor."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def database_url(db: dict) -> str:
    """A ``DATABASE_URL`` for the server from Django's connection settings."""
    where = f"{db['HOST'] or HOST}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER'] or 'postgres'}@{where}/{db['NAME']}"


def server_environment(
    static_root: str, *, secret_key: str, database: str, **env: str
) -> dict[str, str]:
    """Production settings for a process of the bench (the server, a worker)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database,
        "STATIC_ROOT": static_root,
        "LOG_LEVEL": "WARNING",
        **env,
    }


def start_server(
    port: int,
    static_root: str,
    *,
    secret_key: str,
    database: str,
    workers: int = 1,
    **env: str,
) -> subprocess.Popen:
    environment = server_environment(
        static_root, secret_key=secret_key, database=database, **env
    )
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=environment,
        cwd=ROOT,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603 - uvicorn from our environment
        [
            sys.executable, "-m", "uvicorn", "config.asgi:application",
            "--host", HOST, "--port", str(port), "--workers", str(workers),
            "--log-level", "warning", "--no-access-log",
        ],
        env=environment,
        cwd=ROOT,
    )  # fmt: skip
    for _attempt in range(100):
        try:
            get(port, "/healthz")
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("The server did not start.")


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, float]:
    """Status and milliseconds for one complete response, body read."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return response.status, elapsed


def static_path(static_root: str) -> str:
    css = sorted(Path(static_root).glob("css/*.css"))
    return "/static/" + str(css[0].relative_to(static_root))


def cpu_seconds(root_pid: int) -> float | None:
    """Processor seconds (user and system) used so far by a process and all
    its descendants still running, read from /proc; None where there is no
    /proc. Less moved by a busy neighbour than requests per second."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # The command name may hold spaces or brackets: fields follow the last ")".
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return sum(
        seconds for pid, seconds in used.items() if _descends(pid, root_pid, parents)
    )


def _descends(pid: int, root_pid: int, parents: dict[int, int]) -> bool:
    while pid > 1:
        if pid == root_pid:
            return True
        pid = parents.get(pid, 0)
    return False


def local_postgres_pid(connection) -> int | None:
    """The PostgreSQL server's main process, if it runs on this machine: the
    parent of this connection's backend process; None otherwise."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        stat = Path(f"/proc/{backend}/stat").read_text()
    except OSError:
        return None
    name, fields = stat.split("(", 1)[1].rsplit(")", 1)
    return int(fields.split()[1]) if name == "postgres" else None


def request_bytes(method: str, path: str, headers: dict, body: str = "") -> bytes:
    """One HTTP/1.1 request, whole, to be sent by ``send_whole``; the server
    is asked to close the connection after its answer."""
    encoded = body.encode()
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    if encoded or method == "POST":
        lines.append(f"Content-Length: {len(encoded)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + encoded


def send_whole(port: int, request: bytes) -> tuple[int, dict[str, str], float]:
    """Send a request made by ``request_bytes`` on a new connection and read
    the answer to its end: status, headers (lowercase names) and milliseconds;
    status 0 when the connection closed without an answer.
    A crowd of these costs the machine a fraction of what ``http.client``
    does (it parses every header as an e-mail), and the bench's clients share
    the server's cores."""
    started = time.perf_counter()
    answer = bytearray()
    with socket.create_connection((HOST, port), timeout=60) as connection:
        try:
            connection.sendall(request)
            while chunk := connection.recv(65536):
                answer += chunk
        except ConnectionError:
            pass  # a server process killed under it: no answer (status 0)
    elapsed = (time.perf_counter() - started) * 1000
    head = bytes(answer).split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    if not head[0].startswith("HTTP/"):
        return 0, {}, elapsed
    status = int(head[0].split()[1])
    headers = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, elapsed
