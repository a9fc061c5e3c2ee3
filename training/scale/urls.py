from django.urls import path

from . import views

urlpatterns = [path("_bench/reference/", views.reference, name="bench_reference")]
