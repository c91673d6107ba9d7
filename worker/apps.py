from django.apps import AppConfig


class WorkerConfig(AppConfig):
    """The task worker's heartbeat, and the sweep that gives the tasks of a
    worker that died (``kill -9``, a lost machine) back to the queue."""

    name = "worker"
    verbose_name = "Task worker"
    default_auto_field = "django.db.models.BigAutoField"
