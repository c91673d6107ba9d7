from datetime import date

import factory

from ideas.models import Flag, FlagReason, Project
from tests.ideas.factories import IdeaFactory, VerifiedUserFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Läckagesensorer {n}")
    slug = factory.Sequence(lambda n: f"lackagesensorer-{n}")
    summary = "Sensorer i 50 brunnar."
    kind = Project.Kind.OPERATIONAL
    owner_kind = Project.OwnerKind.COMPANY_BOARD
    owner_name = "Stockholm Vatten och Avfall"
    contact = "projekt@example.org"
    starts_on = date(2025, 3, 1)
    status = Project.Status.RUNNING

    @factory.post_generation
    def owners(self, create: bool, extracted: object, **kwargs: object):
        if create and extracted:
            self.owners.set(extracted)


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(VerifiedUserFactory)
    reason = FlagReason.OFFENSIVE
