"""Work the task worker does after a discussion's change has committed."""

from django_tasks import task

from forum import notices
from forum.models import Post


@task()
def post_notices(*, post_id: int, site: str) -> None:
    """Tell those a new post concerns (forum.notices.post_notices_send)."""
    post = Post.objects.select_related("author").filter(pk=post_id).first()
    if post is not None:
        notices.post_notices_send(post=post, site=site)
