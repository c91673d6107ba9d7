"""Search work for the task worker (``manage.py db_worker``)."""

from django_tasks import task

from search import indexing


@task()
def index_entries(type_: str, ids: list[int]) -> int:
    """Index new items (``indexing.index_in_worker``): rebuilt from their rows
    as they are now, so a late or repeated run is still right."""
    indexing.index_now(type_, ids)
    return len(ids)


@task()
def send_index_backlog() -> dict[str, int]:
    """Send the Elasticsearch backlog; if anything failed, run again after the
    earliest retry time (never dropped: failed items stay in the backlog)."""
    sent, failed = 0, 0
    while True:
        batch_sent, batch_failed = indexing.backlog_send()
        sent, failed = sent + batch_sent, failed + batch_failed
        if not batch_sent:
            break
    if failed:
        indexing.schedule_retry()
    return {"sent": sent, "failed": failed}


@task()
def refresh_counts(type_: str, ids: list[int]) -> int:
    """Copy these items' counters into search (``counts.copy_later``): read
    as they are when it runs, so a late or repeated run is still right."""
    indexing.counters_now(type_, ids)
    return len(ids)
