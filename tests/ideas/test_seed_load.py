import pytest
from django.core.management import call_command
from django.db.models import Count, F

from forum.models import Post
from ideas.models import Idea, Support

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_seed_load_generates_ideas_and_supports_with_exact_counts(goals, capsys):
    call_command("seed_load", ideas=300, supports=2_000, people=50, posts=400)
    assert Idea.objects.count() == 300
    assert Idea.objects.filter(goals__isnull=True).count() == 0
    supports = Support.objects.count()
    assert 1_500 <= supports <= 2_000  # repeated pairs are dropped
    wrong = Idea.objects.annotate(n=Count("supports")).exclude(support_count=F("n"))
    assert not wrong.exists()
    assert "supports" in capsys.readouterr().err
    assert Post.objects.count() == 400
    wrong = Idea.objects.annotate(n=Count("comments")).exclude(comment_count=F("n"))
    assert not wrong.exists()
    call_command("seed_load", ideas=10, supports=10, people=5, clear=True)
    assert Idea.objects.count() == 10
