"""The site's addresses, and a bare view through the same middleware: the ceiling to compare
every page with."""

from django.http import HttpResponse
from django.urls import path

from livinglab.urls import urlpatterns as site


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("__bare__/", bare), *site]
