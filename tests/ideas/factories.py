import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Role
from ideas import ranking
from ideas.markdown import render_markdown
from ideas.models import Idea
from tests.accounts.factories import UserFactory


class VerifiedUserFactory(UserFactory):
    """A person whose e-mail address is confirmed: they may take part. Their
    account is a month old (younger accounts have tighter posting limits)."""

    date_joined = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=30)
    )

    @factory.post_generation
    def verified_email(self, create: bool, extracted: object, **kwargs: object):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )


class StaffFactory(VerifiedUserFactory):
    """City staff (or ``group="Moderators"``), with the authenticator app staff
    power needs; ``second_factor=False`` for one without it."""

    role = Role.CITY_STAFF
    unit = "Trafikkontoret"

    @factory.post_generation
    def group(self, create: bool, extracted: object, **kwargs: object):
        if create:
            name = extracted or "City staff"
            self.groups.add(Group.objects.get_or_create(name=name)[0])

    @factory.post_generation
    def second_factor(self, create: bool, extracted: object, **kwargs: object):
        if create and extracted is not False:
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(self, generate_totp_secret())


class IdeaFactory(factory.django.DjangoModelFactory):
    """A published idea; pass ``goals=[...]`` to link goals."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Sensorer i vattennätet {n}")
    slug = factory.Sequence(lambda n: f"sensorer-i-vattennatet-{n}")
    summary = "Uppkopplade sensorer som hittar läckor tidigt."
    body = "Vi vill **mäta** flöden i realtid."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    author = factory.SubFactory(VerifiedUserFactory)
    published_at = factory.LazyFunction(timezone.now)
    heat = factory.LazyAttribute(
        lambda o: ranking.heat(o.published_at, 1.0) if o.published_at else 0.0
    )

    @factory.post_generation
    def goals(self, create: bool, extracted: object, **kwargs: object):
        if create and extracted:
            self.goals.set(extracted)
