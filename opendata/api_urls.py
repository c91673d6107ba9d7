from rest_framework.routers import SimpleRouter

from opendata import api

app_name = "api"

router = SimpleRouter()
router.register("ideas", api.IdeaViewSet, basename="idea")
router.register("goals", api.GoalViewSet, basename="goal")
router.register("principles", api.PrincipleViewSet, basename="principle")
router.register("news", api.NewsViewSet, basename="news")
router.register("districts", api.DistrictViewSet, basename="district")
router.register("projects", api.ProjectViewSet, basename="project")
router.register("challenges", api.ChallengeViewSet, basename="challenge")
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("comments", api.CommentViewSet, basename="comment")
urlpatterns = router.urls
