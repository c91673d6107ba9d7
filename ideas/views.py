"""Idea pages. Every form is plain HTML that works without JavaScript; the
support button also answers JSON when asked, so the page can update in place."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from accounts.models import Organisation
from accounts.services import participation_seen
from cms.models import ChallengePage, District, GoalPage
from common.locales import active_locale
from common.parsing import parse_id
from ideas import beside, media, selectors, services, supports, workflow
from ideas.access import back_to, idea_for_action
from ideas.forms import (
    AnswerForm,
    AttachmentForm,
    IdeaFilterForm,
    IdeaForm,
    ImageForm,
    StatusChangeForm,
)
from ideas.models import Idea, IdeaAttachment, IdeaImage, IdeaStatus
from ideas.moderation_views import FlagForm
from ideas.pagination import IdeaPaginator
from ideas.participation import participation_get
from ideas.similar import similar_ideas
from ideas.templatetags.numbers import number
from notifications.selectors import is_following
from notifications.services import follow_add, follow_remove

PER_PAGE = 20


def _error_text(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)]) or _(
        "You are not allowed to do that."
    )


class IdeaListView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        locale = active_locale()
        form = IdeaFilterForm(request.GET, locale=locale)
        form.is_valid()
        district_value = form.value("district")
        goal, challenge = form.value("goal"), form.value("challenge")
        organisation = form.value("organisation")
        filters = selectors.IdeaFilters(
            goal=GoalPage.objects.filter(pk=goal).first() if goal else None,
            district=District.objects.filter(slug=district_value).first()
            if district_value and district_value != "city"
            else None,
            whole_city=district_value == "city",
            challenge=ChallengePage.objects.filter(pk=challenge).first()
            if challenge
            else None,
            status=form.value("status") or "",
            kind=form.value("kind") or "",
            organisation=Organisation.objects.filter(pk=organisation).first()
            if organisation
            else None,
            sort=form.value("sort") or selectors.DEFAULT_SORT,
        )
        page = IdeaPaginator(selectors.idea_list(filters=filters), PER_PAGE).get_page(
            request.GET.get("page")
        )
        selectors.attach_localized_goals(list(page.object_list), locale=locale)
        query = request.GET.copy()
        query.pop("page", None)
        context = {"form": form, "page_obj": page, "query": query.urlencode()}
        return render(request, "ideas/idea_list.html", context)


class IdeaDetailView(View):
    def get(self, request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
        idea = selectors.idea_get(pk=pk, user=request.user)
        if idea.status == IdeaStatus.DUPLICATE and idea.duplicate_of_id:
            messages.info(
                request,
                _("“%(title)s” was a duplicate; its supporters are counted here.")
                % {"title": idea.title},
            )
            return redirect(idea.duplicate_of)
        title_shown = request.user.has_perm("ideas.view_idea", idea)
        if title_shown and slug != idea.slug:
            return redirect(idea, permanent=True)
        if not title_shown and slug:  # a hidden idea's title is not in its address
            return redirect("ideas:detail_short", pk=idea.pk)
        [idea] = selectors.attach_localized_goals([idea], locale=active_locale())
        selectors.attach_localized_challenge(idea, locale=active_locale())
        user = request.user
        context = {
            "idea": idea,
            "supports_by_role": selectors.supports_by_role(idea),
            "has_supported": selectors.has_supported(user, idea),
            "edited_since_support": selectors.edited_since_support(user, idea),
            "may_withdraw": idea.status in workflow.WITHDRAWABLE
            and idea.is_published
            and user.has_perm("ideas.withdraw_idea", idea),
            "support_closed_reason": supports.support_closed_reason(idea),
            "remaining_budget": supports.remaining_budget(user, idea.challenge)
            if user.is_authenticated
            else None,
            "can_support": user.has_perm("ideas.support_idea", idea),
            "can_edit": user.has_perm("ideas.change_idea", idea),
            "can_change_status": user.has_perm("ideas.change_status_idea", idea),
            "related": selectors.related_ideas(idea),
            "is_following": is_following(user, idea),
            "can_flag": user.has_perm("ideas.flag_idea", idea),
            "can_moderate": user.has_perm("ideas.moderate_idea"),
            "title_shown": title_shown,
            "flag_form": FlagForm(auto_id="flag_%s"),
            "timeline": selectors.timeline(idea),
            "extras": beside.extras(idea),
        }
        if context["can_change_status"]:
            allowed = workflow.allowed_next(idea)
            context["status_form"] = StatusChangeForm(allowed=allowed)
            context["answer_form"] = AnswerForm(
                initial={"text": idea.official_answer}, auto_id="answer_%s"
            )
        return render(request, "ideas/idea_detail.html", context)


class IdeaFormView(LoginRequiredMixin, View):
    template_name = "ideas/idea_form.html"

    def render(self, request: HttpRequest, form: IdeaForm, idea: Idea | None = None):
        status = 400 if form.is_bound else 200
        context = {"form": form, "idea": idea}
        return render(request, self.template_name, context, status=status)


class IdeaCreateView(IdeaFormView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("ideas.add_idea"):
            return self.not_verified(request)
        initial = {}
        if challenge := request.GET.get("challenge"):
            initial["challenge"] = challenge
        return self.render(request, IdeaForm(author=request.user, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("ideas.add_idea"):
            return self.not_verified(request)
        form = IdeaForm(request.POST, request.FILES, author=request.user)
        if form.is_valid():
            publish = "publish" in request.POST
            review = publish and self.needs_review(request, form)
            try:
                idea = services.idea_create(
                    actor=request.user,
                    data=form.to_data(),
                    publish=publish and not review,
                    **form.uploads(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if review:
                    messages.info(
                        request,
                        _(
                            "Your idea is saved as a draft. Similar ideas exist: "
                            "look at them before you publish."
                        ),
                    )
                    return redirect("search:idea_review", pk=idea.pk)
                if idea.is_published:
                    messages.success(request, _("Your idea has been published."))
                else:
                    messages.success(request, _("Your draft has been saved."))
                return redirect(idea)
        return self.render(request, form)

    def not_verified(self, request: HttpRequest) -> HttpResponse:
        return render(request, "ideas/verify_first.html", status=403)

    @staticmethod
    def needs_review(
        request: HttpRequest, form: IdeaForm, exclude: int | None = None
    ) -> bool:
        """Similar ideas exist and the writer has not seen them yet (the form's
        script marks the form once it has shown them while typing)."""
        if request.POST.get("similar_seen"):
            return False
        data = form.cleaned_data
        found = similar_ideas(
            title=data["title"], summary=data["summary"], exclude=exclude
        )
        return bool(found)


class IdeaEditView(IdeaFormView):
    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.idea = get_object_or_404(Idea, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("ideas.change_idea", self.idea):
            raise PermissionDenied
        initial = IdeaForm.initial_from(self.idea)
        # Co-authors edit too: the organisations offered are the author's.
        author = self.idea.author or request.user
        form = IdeaForm(author=author, initial=initial, with_uploads=False)
        return self.render(request, form, self.idea)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        author = self.idea.author or request.user
        form = IdeaForm(request.POST, author=author, with_uploads=False)
        if form.is_valid():
            try:
                services.idea_update(
                    actor=request.user, idea=self.idea, data=form.to_data()
                )
                review = (
                    "publish" in request.POST
                    and not self.idea.is_published
                    and IdeaCreateView.needs_review(request, form, exclude=self.idea.pk)
                )
                if "publish" in request.POST and not review:
                    services.idea_publish(actor=request.user, idea=self.idea)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if review:
                    return redirect("search:idea_review", pk=self.idea.pk)
                messages.success(request, _("Your idea has been saved."))
                self.idea.refresh_from_db()
                return redirect(self.idea)
        return self.render(request, form, self.idea)


class IdeaHistoryView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = selectors.idea_get(pk=pk, user=request.user)
        if idea.is_hidden and not request.user.has_perm("ideas.view_idea", idea):
            raise PermissionDenied
        context = {"idea": idea, "edits": selectors.edit_list(idea)}
        return render(request, "ideas/idea_history.html", context)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class SupportView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = idea_for_action(request, pk)
        withdraw = request.POST.get("action") == "withdraw"
        try:
            if withdraw:
                changed = supports.support_withdraw(actor=request.user, idea=idea)
            else:
                changed = supports.support_add(actor=request.user, idea=idea)
        except (ValidationError, PermissionDenied) as error:
            return self.refused(request, idea, _error_text(error))
        if not changed:
            idea.refresh_from_db(fields=["support_count"])
        if _wants_json(request):
            count = idea.support_count
            return JsonResponse(
                {
                    "supported": not withdraw,
                    "support_count": count,
                    "support_count_display": number(count),
                    "support_label": ngettext("supporter", "supporters", count),
                }
            )
        if not changed:
            # A repeated post (a double click, a reload) is told what holds.
            if withdraw:
                messages.info(request, _("You do not support this idea."))
            else:
                messages.info(request, _("You already support this idea."))
        elif withdraw:
            messages.success(request, _("You no longer support this idea."))
        else:
            messages.success(request, _("Thank you for your support!"))
        return back_to(request, idea)

    def refused(self, request: HttpRequest, idea: Idea, text: str) -> HttpResponse:
        if _wants_json(request):
            return JsonResponse({"error": text}, status=409)
        messages.error(request, text)
        return back_to(request, idea)


class StatusChangeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = idea_for_action(request, pk)
        if not request.user.has_perm("ideas.change_status_idea", idea):
            raise PermissionDenied
        form = StatusChangeForm(request.POST, allowed=workflow.allowed_next(idea))
        if form.is_valid():
            try:
                workflow.idea_status_change(
                    actor=request.user, idea=idea, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid():
            messages.error(request, " ".join(_flatten(form.errors)))
            return back_to(request, idea)
        messages.success(request, _("The status has been changed."))
        return back_to(request, idea)


class AnswerView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = idea_for_action(request, pk)
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                workflow.idea_answer(
                    actor=request.user, idea=idea, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                form.add_error(None, error)
        if not form.is_valid():
            messages.error(request, " ".join(_flatten(form.errors)))
        else:
            messages.success(request, _("The official answer has been published."))
        return back_to(request, idea)


class FollowView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        idea = idea_for_action(request, pk)
        if request.POST.get("action") == "unfollow":
            follow_remove(actor=request.user, target=idea)
            messages.success(request, _("You no longer follow this idea."))
        else:
            follow_add(actor=request.user, target=idea)
            messages.success(request, _("You now follow this idea."))
        return back_to(request, idea)


def _flatten(errors: dict) -> list[str]:
    return [str(message) for messages_ in errors.values() for message in messages_]


class AttachmentView(View):
    """A PDF attachment, always as a download (never shown inline, where a
    browser would run what it could), of an idea the reader may see."""

    def get(self, request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
        attachment = get_object_or_404(
            IdeaAttachment.objects.select_related("idea"), pk=attachment_id, idea_id=pk
        )
        if not request.user.has_perm("ideas.view_idea", attachment.idea):
            raise Http404
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=f"{slugify(attachment.title) or 'bilaga'}.pdf",
            content_type="application/pdf",
        )
        response["Content-Security-Policy"] = "sandbox; default-src 'none'"
        return response


class IdeaMediaView(LoginRequiredMixin, View):
    """Pictures and attachments of one idea: add (one at a time) and remove."""

    template_name = "ideas/idea_media.html"

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object):
        self.idea = get_object_or_404(Idea, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.has_perm("ideas.change_idea", self.idea):
            raise PermissionDenied
        return self.render(request, ImageForm(), AttachmentForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = request.POST.get("action")
        if action == "remove":
            return self.remove(request)
        image_form, attachment_form = ImageForm(), AttachmentForm()
        form = (
            ImageForm(request.POST, request.FILES)
            if action == "image"
            else AttachmentForm(request.POST, request.FILES)
        )
        if form.is_valid():
            try:
                if action == "image":
                    media.idea_image_add(
                        actor=request.user, idea=self.idea, **form.cleaned_data
                    )
                else:
                    media.idea_attachment_add(
                        actor=request.user, idea=self.idea, **form.cleaned_data
                    )
            except ValidationError as error:
                form.add_error(None, error.messages)
        if not form.is_valid():
            if action == "image":
                image_form = form
            else:
                attachment_form = form
            return self.render(request, image_form, attachment_form, status=400)
        messages.success(request, _("Added."))
        return redirect("ideas:media", pk=self.idea.pk)

    def remove(self, request: HttpRequest) -> HttpResponse:
        kind, _sep, item_text = request.POST.get("item", "").partition(":")
        item_pk = parse_id(item_text)
        model = IdeaImage if kind == "image" else IdeaAttachment
        item = get_object_or_404(model, pk=item_pk or 0, idea=self.idea)
        media.idea_media_remove(actor=request.user, item=item)
        messages.success(request, _("Removed."))
        return redirect("ideas:media", pk=self.idea.pk)

    def render(self, request, image_form, attachment_form, status: int = 200):
        context = {
            "idea": self.idea,
            "image_form": image_form,
            "attachment_form": attachment_form,
            "images": self.idea.images.all(),
            "attachments": self.idea.attachments.all(),
        }
        return render(request, self.template_name, context, status=status)


class ParticipationView(LoginRequiredMixin, View):
    """Everything the person took part in; what changed since their last visit
    is marked, and this visit becomes the last."""

    def get(self, request: HttpRequest) -> HttpResponse:
        found = participation_get(request.user)
        participation_seen(actor=request.user)
        return render(request, "ideas/participation.html", {"found": found})
