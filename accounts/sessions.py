"""Sessions in the database, read with SQL written once (common.compiled).

Every signed-in request reads its session first; the ORM spent more Python
building that one-line query than the database took to answer it. Expiry is
checked here, on the row read by its key alone, as Django's own store checks
it in the query. Set as ``SESSION_ENGINE``."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from common.compiled import CompiledQuery

_by_key = CompiledQuery[Session](
    lambda key: Session.objects.filter(session_key=key), markers=("compiled:key",)
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Session | None:
        key = self.session_key
        # Django makes keys of lowercase letters and digits; anything else in a
        # cookie (a NUL byte, which PostgreSQL refuses) is no session.
        wellformed = bool(key) and key.isascii() and key.isalnum()
        session = _by_key.first(key) if wellformed else None
        if session is None or session.expire_date <= timezone.now():
            self._session_key = None
            return None
        return session
