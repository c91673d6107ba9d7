from django.urls import path
from django.utils.translation import gettext_lazy as _

from opendata import feeds, views

app_name = "opendata"

urlpatterns = [
    path("feeds/ideas/", feeds.NewIdeasFeed(), name="ideas_feed"),
    path("feeds/ideas/goals/<int:goal>/", feeds.NewIdeasFeed(), name="goal_feed"),
    path(
        "feeds/ideas/challenges/<int:challenge>/",
        feeds.NewIdeasFeed(),
        name="challenge_feed",
    ),
    path(
        "feeds/ideas/districts/<slug:district>/",
        feeds.NewIdeasFeed(),
        name="district_feed",
    ),
    path("feeds/decisions/", feeds.DecisionsFeed(), name="decisions_feed"),
    path("feeds/projects/", feeds.ProjectNewsFeed(), name="projects_feed"),
    path("feeds/news/", feeds.NewsFeed(), name="news_feed"),
    # Translators: addresses of the open-data page and the strategy's yearly
    # follow-up, ASCII only.
    path(_("open-data/"), views.OpenDataView.as_view(), name="open_data"),
    path(_("statistics/"), views.StatisticsView.as_view(), name="statistics"),
    path(
        _("statistics/<slug:slug>.csv"),
        views.StatisticsCsvView.as_view(),
        name="statistics_csv",
    ),
    path(_("follow-up/"), views.FollowUpLatestView.as_view(), name="follow_up_latest"),
    path(_("follow-up/<int:year>/"), views.FollowUpView.as_view(), name="follow_up"),
]
