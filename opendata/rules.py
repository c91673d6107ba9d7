"""Who may manage the partners' webhooks: city staff and administrators, with
their second factor (accounts.second_factor), asked by the admin's views and
again by the services."""

import rules

from accounts.models import User
from accounts.rules import has_second_factor, in_city_staff


@rules.predicate
def is_administrator(user: User) -> bool:
    return user.is_authenticated and user.is_superuser


rules.add_perm(
    "opendata.manage_webhooks", (in_city_staff | is_administrator) & has_second_factor
)
