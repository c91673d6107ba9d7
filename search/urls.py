from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("search/", views.SearchView.as_view(), name="search"),
    path("search/suggest/", views.SuggestView.as_view(), name="suggest"),
    path(
        "search/similar-ideas/", views.SimilarIdeasView.as_view(), name="similar_ideas"
    ),
    path("ideas/<int:pk>/review/", views.IdeaReviewView.as_view(), name="idea_review"),
]
