"""The statistics page's charts in the reader's language: the period form,
and each chart built from the cached counts with its labels and summary."""

import re
from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import Locale

from accounts.models import Role
from cms.navigation import goal_labels
from ideas.models import IdeaKind
from opendata import charts
from opendata.statistics import (
    ANSWER_BUCKETS,
    FORMER,
    MAX_MONTHS,
    Numbers,
    Period,
    numbers,
)

MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


class PeriodForm(forms.Form):
    """Whole months, ``YYYY-MM`` as ``<input type="month">`` sends them."""

    start = forms.CharField(
        label=gettext_lazy("From month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    end = forms.CharField(
        label=gettext_lazy("To month"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def _month(self, name: str) -> date | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 2000:
            raise forms.ValidationError(_("Give a month as YYYY-MM, e.g. 2026-03."))
        return date(int(match[1]), int(match[2]), 1)

    def clean_start(self) -> date | None:
        return self._month("start")

    def clean_end(self) -> date | None:
        return self._month("end")

    def clean(self) -> dict:
        data = super().clean() or {}
        default = Period.last_twelve_months()
        first = data.get("start") or default.first
        last = data.get("end") or default.last
        if first > last:
            raise forms.ValidationError(_("The first month comes after the last."))
        if len(Period(first, last).months()) > MAX_MONTHS:
            raise forms.ValidationError(
                _("Choose at most %(count)s months.") % {"count": MAX_MONTHS}
            )
        data["period"] = Period(first, last)
        return data


def period_from(query: dict) -> tuple[PeriodForm, Period]:
    """The period asked for, or the last twelve months when the form has
    errors (shown beside it)."""
    form = PeriodForm(query or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["period"]
    return form, Period.last_twelve_months()


def role_labels() -> dict[str, str]:
    return {
        **{key: str(label) for key, label in Role.choices},
        FORMER: _("Former participant"),
    }


def _month_axis(period: Period) -> list[tuple[str, str]]:
    months = period.months()
    return [
        (
            date_format(m, "M") + (f" {m:%y}" if m.month == 1 or i == 0 else ""),
            date_format(m, "YEAR_MONTH_FORMAT"),
        )
        for i, m in enumerate(months)
    ]


def _monthly(
    slug: str, title: str, counts: dict[str, dict[str, int]], period: Period, what
) -> charts.Chart:
    labels = role_labels()
    keys = [m.strftime("%Y-%m") for m in period.months()]
    roles = [r for r in labels if any(counts.get(k, {}).get(r) for k in keys)]
    series = [(labels[r], [counts.get(k, {}).get(r, 0) for k in keys]) for r in roles]
    totals = [sum(counts.get(k, {}).values()) for k in keys]
    total = sum(totals)
    axis = _month_axis(period)
    if total:
        peak = max(range(len(keys)), key=lambda i: totals[i])
        summary = (
            what(total)
            + " "
            + _("Most in %(month)s (%(count)s).")
            % {
                "month": axis[peak][1],
                "count": totals[peak],
            }
        )
    else:
        summary = what(0)
    return charts.columns(
        slug=slug, title=title, summary=summary, months=axis, series=series
    )


def _ranked(slug: str, title: str, items: list[tuple[str, int]]) -> charts.Chart:
    items = sorted(items, key=lambda item: (-item[1], item[0]))
    total = sum(value for _label, value in items)
    if items and total:
        summary = _("Most ideas: %(label)s (%(count)s).") % {
            "label": items[0][0],
            "count": items[0][1],
        }
    else:
        summary = _("No ideas in the period.")
    return charts.bars(
        slug=slug, title=title, summary=summary, head=_("Ideas"), items=items
    )


def _goal_charts(counted: Numbers, locale: Locale) -> list[charts.Chart]:
    labels = goal_labels(locale)
    by_kind: dict[str, dict[str, int]] = {"main": {}, "dimension": {}}
    for goal_id, kind in counted.goal_kinds.items():
        label = labels.get(goal_id)
        if label is None or kind not in by_kind:
            continue
        title = str(label["title"])
        by_kind[kind][title] = by_kind[kind].get(title, 0) + counted.ideas_by_goal.get(
            goal_id, 0
        )
    return [
        _ranked("goals", _("Ideas per main goal"), list(by_kind["main"].items())),
        _ranked(
            "dimensions",
            _("Ideas per sustainability dimension"),
            list(by_kind["dimension"].items()),
        ),
    ]


def _funnel(counted: Numbers) -> charts.Chart:
    f = counted.funnel
    steps = [
        (_("Submitted"), f["submitted"]),
        (_("Answered officially"), f["answered"]),
        (_("Accepted"), f["accepted"]),
        (_("Became a project"), f["project"]),
        (_("Implemented"), f["completed"]),
    ]
    summary = (
        _(
            "Of %(submitted)s ideas, %(answered)s got an official answer, %(accepted)s "
            "were accepted, %(project)s became projects and %(completed)s were "
            "implemented."
        )
        % f
    )
    return charts.bars(
        slug="funnel",
        title=_("From idea to result"),
        summary=summary,
        head=_("Ideas"),
        items=steps,
    )


def _answer_time(counted: Numbers) -> charts.Chart:
    limits = ANSWER_BUCKETS
    names = [
        ngettext("Within %(days)s day", "Within %(days)s days", limits[0])
        % {"days": limits[0]},
        *(
            _("%(low)s–%(high)s days") % {"low": low + 1, "high": high}
            for low, high in zip(limits, limits[1:], strict=False)
        ),
        _("More than %(days)s days") % {"days": limits[-1]},
    ]
    days = counted.answer_days
    if days["median"] is None:
        summary = _("No idea from the period has had an official answer yet.")
    else:
        summary = _(
            "Half of the answered ideas got their first official answer within "
            "%(median)s days, nine in ten within %(p90)s days."
        ) % {"median": days["median"], "p90": days["p90"]}
    return charts.bars(
        slug="answer-time",
        title=_("Time to the first official answer"),
        summary=summary,
        head=_("Ideas"),
        items=list(zip(names, counted.answer_buckets, strict=True)),
    )


def all_charts(period: Period, locale: Locale) -> list[charts.Chart]:
    counted = numbers(period)

    def ideas_text(total: int) -> str:
        return ngettext(
            "%(count)s idea in the period.", "%(count)s ideas in the period.", total
        ) % {"count": total}

    def supports_text(total: int) -> str:
        return ngettext(
            "%(count)s support in the period.",
            "%(count)s supports in the period.",
            total,
        ) % {"count": total}

    def comments_text(total: int) -> str:
        return ngettext(
            "%(count)s public comment in the period.",
            "%(count)s public comments in the period.",
            total,
        ) % {"count": total}

    kinds = dict(IdeaKind.choices)
    return [
        _monthly(
            "ideas", _("New ideas per month, by role"), counted.ideas_by_month,
            period, ideas_text,
        ),
        _monthly(
            "supports", _("Supports per month, by role"), counted.supports_by_month,
            period, supports_text,
        ),
        _monthly(
            "comments", _("Comments per month, by role"), counted.comments_by_month,
            period, comments_text,
        ),
        *_goal_charts(counted, locale),
        _ranked(
            "districts",
            _("Ideas per district"),
            [
                (name or _("The whole city"), n)
                for name, n in counted.ideas_by_district.items()
            ],
        ),
        _ranked(
            "kinds",
            _("Ideas per kind"),
            [(str(kinds.get(k, k)), n) for k, n in counted.ideas_by_kind.items()],
        ),
        _funnel(counted),
        _answer_time(counted),
    ]  # fmt: skip
