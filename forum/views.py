"""Forum and discussion pages. Every form works as plain HTML; with JavaScript,
posts also arrive live (static/js/live.js)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import View

from common.parsing import plain_text
from forum import selectors, services
from forum.forms import EditForm, PostForm, ThreadForm
from forum.models import Category, Post
from forum.notices import post_url
from forum.targets import about_get, target_get, target_visible_to


def error_text(error: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)]) or _(
        "You are not allowed to do that."
    )


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class ForumIndexView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        about = about_get(request.GET.get("about", ""))
        return render(
            request,
            "forum/index.html",
            {
                "categories": selectors.category_list(),
                "recent_threads": selectors.thread_list()[:10],
                "about": about[1] if about else None,
                "about_value": request.GET.get("about", "") if about else "",
            },
        )


class CategoryView(View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        category = get_object_or_404(Category, slug=slug)
        page = selectors.thread_page(category=category, page=request.GET.get("page"))
        return render(
            request,
            "forum/category.html",
            {"category": category, "page_obj": page},
        )


class ThreadCreateView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        category = get_object_or_404(Category, slug=slug)
        form = ThreadForm(initial={"about": request.GET.get("about", "")})
        return self.show(request, category, form)

    def show(self, request, category, form, status=200) -> HttpResponse:
        about = about_get(form["about"].value() or "")
        context = {"category": category, "form": form, "about": about and about[1]}
        return render(request, "forum/thread_form.html", context, status=status)

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        category = get_object_or_404(Category, slug=slug)
        form = ThreadForm(request.POST)
        if not form.is_valid():
            return self.show(request, category, form, status=400)
        try:
            about = about_get(form.cleaned_data["about"])
            thread = services.thread_create(
                actor=request.user,
                category=category,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                links=dict([about]) if about else None,
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
            return self.show(request, category, form, status=400)
        return redirect(thread)


class ThreadView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        thread = selectors.thread_get(pk)
        if thread is None or not request.user.has_perm("forum.view_thread", thread):
            raise Http404
        return render(request, "forum/thread.html", {"thread": thread})


def _target_or_404(request: HttpRequest, kind: str, pk: int) -> models.Model:
    target = target_get(kind, pk)
    if target is None or not target_visible_to(request.user, target):
        raise Http404
    return target


class PostCreateView(LoginRequiredMixin, View):
    """Write a post on any discussion; back to the post, or the form with the
    typed text and the reason when it is refused."""

    def post(self, request: HttpRequest, kind: str, pk: int) -> HttpResponse:
        target = _target_or_404(request, kind, pk)
        # Two permission lookups, asked only of a post meant to be official.
        may_answer = bool(request.POST.get("official")) and request.user.has_perm(
            "forum.answer_officially"
        )
        form = PostForm(request.POST, may_answer=may_answer)
        if form.is_valid():
            parent = None
            if form.cleaned_data.get("parent"):
                parent = Post.objects.filter(pk=form.cleaned_data["parent"]).first()
                if parent is None:
                    form.add_error(None, _("The post you answered no longer exists."))
        if form.is_valid():
            try:
                post = services.post_create(
                    actor=request.user,
                    target=target,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    official=form.cleaned_data.get("official", False),
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
        if not form.is_valid():
            if wants_json(request):
                return JsonResponse(
                    {"error": " ".join(m for ms in form.errors.values() for m in ms)},
                    status=400,
                )
            if request.user.has_perm("forum.answer_officially"):
                form.offer_official()
            return render(
                request,
                "forum/post_refused.html",
                {"form": form, "target": target, "kind": kind},
                status=400,
            )
        if wants_json(request):
            return JsonResponse({"post_id": post.pk, "parent_id": post.parent_id})
        messages.success(request, _("Your post has been published."))
        return redirect(_post_link(post, target))


def _post_link(post: Post, target: models.Model) -> str:
    url, anchor = post_url(post, target).split("#")
    page = selectors.post_page_number(post)
    return f"{url}?posts={page}#{anchor}" if page > 1 else f"{url}#{anchor}"


def _post_or_404(request: HttpRequest, pk: int) -> tuple[Post, models.Model]:
    post = selectors.post_get(pk)
    if post is None:
        raise Http404
    target = _target_or_404(request, post.target_kind, post.target_id)
    return post, target


class PostLinkView(View):
    """A lasting link to a post (search results use it): to its page of the
    discussion, at the post."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        return redirect(_post_link(post, target))


class PostFragmentView(View):
    """One post as this reader sees it, for live insertion in the page."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        html = render_to_string(
            "forum/includes/post.html",
            post_context(request, post, target),
            request=request,
        )
        return HttpResponse(html)


def post_context(request, post, target) -> dict:
    from forum.templatetags.forum_tags import permissions_for

    reacted = set()
    if request.user.is_authenticated:
        reacted = set(
            post.reactions.filter(user=request.user).values_list("post_id", "kind")
        )
    return {
        "post": post,
        "reacted": reacted,
        **permissions_for(request.user, target),
    }


class PostEditView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        if not request.user.has_perm("forum.change_post", post):
            raise PermissionDenied
        form = EditForm(initial={"body": post.body})
        return self.show(request, post, target, form)

    def show(self, request, post, target, form, status=200) -> HttpResponse:
        context = {"post": post, "target": target, "form": form}
        return render(request, "forum/post_edit.html", context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        form = EditForm(request.POST)
        if form.is_valid():
            try:
                services.post_edit(
                    actor=request.user, post=post, body=form.cleaned_data["body"]
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
        if not form.is_valid():
            return self.show(request, post, target, form, status=400)
        messages.success(request, _("Your post has been saved."))
        return redirect(_post_link(post, target))


class PostRemoveView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        if not request.user.has_perm("forum.delete_post", post):
            raise PermissionDenied
        return render(
            request, "forum/post_remove.html", {"post": post, "target": target}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        try:
            services.post_remove(actor=request.user, post=post)
        except PermissionDenied as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Your post has been removed."))
        return redirect(_post_link(post, target))


class PostHistoryView(View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        if not post.is_visible and not request.user.has_perm("forum.moderate_post"):
            raise Http404
        return render(
            request,
            "forum/post_history.html",
            {"post": post, "target": target, "revisions": post.revisions.all()},
        )


class ReactView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        post, target = _post_or_404(request, pk)
        kind = request.POST.get("kind", "")
        try:
            on = services.reaction_toggle(actor=request.user, post=post, kind=kind)
        except (ValidationError, PermissionDenied) as error:
            if wants_json(request):
                return JsonResponse({"error": error_text(error)}, status=400)
            messages.error(request, error_text(error))
            return redirect(_post_link(post, target))
        post.refresh_from_db(fields=["like_count", "helpful_count"])
        if wants_json(request):
            return JsonResponse(
                {
                    "on": on,
                    "kind": kind,
                    "like_count": post.like_count,
                    "helpful_count": post.helpful_count,
                }
            )
        return redirect(_post_link(post, target))


class MentionSuggestionsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> JsonResponse:
        return JsonResponse(
            {
                "names": selectors.people_to_mention(
                    plain_text(request.GET.get("q"), maximum=60)
                )
            }
        )
