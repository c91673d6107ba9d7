"""A URLconf of its own, for the test that ROOT_URLCONF changing is seen."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("elsewhere/", lambda request: HttpResponse(), name="elsewhere")]
