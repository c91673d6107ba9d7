"""Search work for the task worker (``manage.py db_worker``)."""

from django_tasks import task

from search import indexing


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
