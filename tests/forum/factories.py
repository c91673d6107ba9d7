import factory

from forum.models import Category, Post, Thread
from ideas.markdown import render_markdown
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name_sv = factory.Sequence(lambda n: f"Mobilitet {n}")
    name_en = factory.Sequence(lambda n: f"Mobility {n}")
    slug = factory.Sequence(lambda n: f"mobilitet-{n}")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Laddplatser i innerstaden {n}")
    author = factory.SubFactory(VerifiedUserFactory)


class PostFactory(factory.django.DjangoModelFactory):
    """A comment on an idea unless another target is given."""

    class Meta:
        model = Post

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(VerifiedUserFactory)
    body = factory.Sequence(lambda n: f"Bra tanke, nummer {n}.")
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
