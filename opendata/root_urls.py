"""Addresses of the open data that do not depend on the reader's language, so
harvesters and scripts can keep them."""

from django.urls import path

from opendata import views

app_name = "opendata_files"

urlpatterns = [
    path("idestad-oppna-data.zip", views.dataset_zip, name="zip"),
    path("datapackage.json", views.dataset_description, name="datapackage"),
    path("dcat.rdf", views.catalogue, name="catalogue"),
]
