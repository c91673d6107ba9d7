"""Page factories: each page is added under its parent and published, as an editor
would, through Wagtail's own tree and revision API."""

import datetime

import factory
from django.utils import timezone
from wagtail.models import Page

from cms import models


def phases_around(current: str, *, days: int = 10) -> list[models.ChallengePhase]:
    """A challenge's phases in order, ``days`` each, with ``current`` running
    today."""
    kinds = [kind for kind, _label in models.PhaseKind.choices]
    today = timezone.localdate()
    offset = kinds.index(current)
    result = []
    for i, kind in enumerate(kinds):
        start = today + datetime.timedelta(days=(i - offset) * days - days // 2)
        end = (
            None
            if kind == models.PhaseKind.CLOSED
            else start + datetime.timedelta(days=days - 1)
        )
        result.append(models.ChallengePhase(kind=kind, starts_on=start, ends_on=end))
    return result


class PageFactory(factory.Factory):
    """Build with ``parent=...``; the page is added as its child and published."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Sida {n}")
    slug = factory.Sequence(lambda n: f"sida-{n}")

    @classmethod
    def _create(cls, model_class: type[Page], *args: object, parent: Page, **kwargs):
        goals = kwargs.pop("goals", None)
        kwargs.setdefault("locale", parent.locale)
        page = model_class(**kwargs)
        if goals is not None:
            page.goals = goals
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = models.HomePage

    title = "Idéstad"
    slug = factory.Sequence(lambda n: f"hem-{n}")
    intro = "Idéer för ett smart och uppkopplat Stockholm."


class StrategyPageFactory(PageFactory):
    class Meta:
        model = models.StrategyPage

    title = "Strategin"
    slug = "strategi"
    intro = "Målbilden."
    show_in_menus = True


class GoalPageFactory(PageFactory):
    class Meta:
        model = models.GoalPage

    title = factory.Sequence(lambda n: f"Mål {n}")
    slug = factory.Sequence(lambda n: f"mal-{n}")
    kind = models.GoalKind.DIMENSION
    short_description = "Ett mål i strategin."
    colour = models.GoalColour.GREEN
    icon = models.GoalIcon.LEAF


class ChallengeIndexPageFactory(PageFactory):
    class Meta:
        model = models.ChallengeIndexPage

    title = "Utmaningar"
    slug = "utmaningar"
    intro = "Stadens utmaningar."
    show_in_menus = True


class ChallengePageFactory(PageFactory):
    class Meta:
        model = models.ChallengePage

    title = factory.Sequence(lambda n: f"Utmaning {n}")
    slug = factory.Sequence(lambda n: f"utmaning-{n}")
    intro = "En utmaning från staden."
    # The phases are a challenge's dates: by default, taking ideas now.
    phases = factory.LazyFunction(lambda: phases_around(models.PhaseKind.IDEATION))


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = models.NewsIndexPage

    title = "Nyheter"
    slug = "nyheter"
    show_in_menus = True


class NewsPageFactory(PageFactory):
    class Meta:
        model = models.NewsPage

    title = factory.Sequence(lambda n: f"Nyhet {n}")
    slug = factory.Sequence(lambda n: f"nyhet-{n}")
    intro = "Något har hänt."
    date = factory.LazyFunction(timezone.localdate)


class StandardPageFactory(PageFactory):
    class Meta:
        model = models.StandardPage

    title = factory.Sequence(lambda n: f"Om {n}")
    slug = factory.Sequence(lambda n: f"om-{n}")


class PrincipleIndexPageFactory(PageFactory):
    class Meta:
        model = models.PrincipleIndexPage

    title = "Principer"
    slug = "principer"
    intro = "Så genomför vi strategin."


class PrinciplePageFactory(PageFactory):
    class Meta:
        model = models.PrinciplePage

    title = factory.Sequence(lambda n: f"Princip {n}")
    slug = factory.Sequence(lambda n: f"princip-{n}")
    kind = models.PrincipleKind.ENABLING
    summary = "Data ska vara öppen."
