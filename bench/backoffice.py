"""The back office's triage list on volume data, through a real server.

    createdb idestad_bench_100000
    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
        python manage.py migrate && python manage.py seed_demo \\
        && python manage.py seed_load --ideas 100000 --supports 500000 --people 20000
    DATABASE_URL=postgres://postgres@127.0.0.1/idestad_bench_100000 \\
        python bench/backoffice.py [--runs 200]

Starts uvicorn under production settings (one worker, its static files
collected into a temporary folder), signs in a moderator with an
authenticator (a session made here, sent as its cookie), and times complete
HTTP responses from a client process: the triage list with the filters staff
use most (its facet counts are cached until any idea is written: each such
case is timed again with a write's cache bump before every request), the
answer-times page, the Wagtail dashboard with its panels, and a static file
from the same server as the floor. Prints p50, p95 and max in milliseconds,
and the number of ideas. Set REDIS_URL as the server's (the shared cache).
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
SECRET_KEY = "bench-backoffice-" + "x" * 40
# The session made here is read by the server: both sign with this key.
os.environ["SECRET_KEY"] = SECRET_KEY

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from backoffice.selectors import counts_changed  # noqa: E402
from bench.server import (  # noqa: E402
    database_url,
    get,
    percentile,
    start_server,
    static_path,
)
from cms.models import District, GoalPage  # noqa: E402
from ideas.models import Idea  # noqa: E402

MODERATOR = "bench-moderator@load.idestad.example"


def moderator_session() -> str:
    """A signed-in moderator with an authenticator app, as staff must be."""
    user, created = User.objects.get_or_create(
        email=MODERATOR, defaults={"display_name": "Bench Moderator"}
    )
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    if not Authenticator.objects.filter(user=user, type="totp").exists():
        TOTP.activate(user, generate_totp_secret())
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.EmailAuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def cases() -> list[tuple[str, str, bool]]:
    goal = GoalPage.objects.filter(locale__language_code="sv").first()
    district = District.objects.first()
    word = Idea.objects.visible().order_by("pk").first().title.split()[0]
    triage = "/admin/idestad/ideas/?"
    # (label, path, whether an idea is written before each request, so the
    # facet counts are counted afresh instead of read from the cache)
    return [
        ("triage: waiting, oldest first", triage + "waiting=on", False),
        ("  the same, counted afresh", triage + "waiting=on", True),
        ("triage: everything", triage, False),
        ("  the same, counted afresh", triage, True),
        ("triage: waiting over 30 days", triage + "waiting=on&age=30", False),
        ("triage: goal + district",
         triage + f"goal={goal.pk}&district={district.pk}", False),
        ("  the same, counted afresh",
         triage + f"goal={goal.pk}&district={district.pk}", True),
        ("triage: status + kind + role",
         triage + "status=submitted&kind=idea&author_role=resident", False),
        ("triage: title search", triage + f"q={word}", False),
        ("  the same, counted afresh", triage + f"q={word}", True),
        ("triage: page 40, most supported", triage + "sort=supported&p=40", False),
        ("answer times", "/admin/idestad/answer-times/", False),
        ("dashboard (Wagtail home)", "/admin/", False),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--port", type=int, default=8765)
    runs = parser.parse_args().runs
    port = parser.parse_args().port
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database with load data.")
    total = Idea.objects.count()
    cookie = {"Cookie": f"sessionid={moderator_session()}"}
    measured = cases()
    with tempfile.TemporaryDirectory() as static_root:
        server = start_server(
            port,
            static_root,
            secret_key=SECRET_KEY,
            database=database_url(connection.settings_dict),
        )
        try:
            measured.append(("static file (floor)", static_path(static_root), False))
            print(f"{total} ideas, {runs} runs each, one uvicorn worker")
            for label, path, afresh in measured:
                for _warm in range(3):
                    get(port, path, cookie)
                samples = []
                for _run in range(runs):
                    if afresh:
                        counts_changed()  # what any write to an idea does
                    status, elapsed = get(port, path, cookie)
                    if status != 200:
                        raise SystemExit(f"{path} answered {status}")
                    samples.append(elapsed)
                print(
                    f"{label:<34} p50 {statistics.median(samples):6.1f} ms"
                    f"  p95 {percentile(samples, 0.95):6.1f} ms"
                    f"  max {max(samples):6.1f} ms"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
