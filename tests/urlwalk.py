"""Every URL the project routes, as concrete paths: for tests that must cover a whole class.

`routes()` walks Django's resolver (our URLs, allauth's, both admins', Wagtail's page serving)
and reverses each named pattern with sample values for its parameters, so a new URL is covered
by these tests the day it is added.
"""

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Tried in turn for a parameter until the pattern accepts one.
DEFAULT_VALUES = ("1", "x", "1/x", "users", "", "00000000-0000-0000-0000-000000000001")


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "reflective_logs:review"
    path: str
    params: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.name} {self.path}"


def _patterns(resolver: URLResolver, namespaces: tuple[str, ...] = ()):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _patterns(entry, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield ":".join((*namespaces, entry.name)), entry


def _parameters(name: str) -> list[tuple[str, ...]]:
    """The parameter names of each way `name` can be reversed (allauth has optional ones)."""
    resolver = get_resolver()
    *namespaces, view_name = name.split(":")
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    return [tuple(params) for possibilities, *_ in resolver.reverse_dict.getlist(view_name)
            for _, params in possibilities]  # fmt: skip


def routes(
    values: Callable[[str, str], Iterable[str]] | None = None, *, limit: int = 1
) -> list[Route]:
    """Each named URL reversed with up to `limit` combinations of parameter values.

    `values(route_name, parameter)` gives the candidates for a parameter (DEFAULT_VALUES when
    omitted or when it gives none).
    """
    found: dict[str, Route] = {}
    for name, _pattern in _patterns(get_resolver()):
        for params in _parameters(name) or [()]:
            candidates = [
                list((values(name, param) if values else None) or DEFAULT_VALUES)
                for param in params
            ]
            made = 0
            for combination in itertools.product(*candidates):
                try:
                    path = reverse(name, kwargs=dict(zip(params, combination, strict=True)))
                except NoReverseMatch:
                    continue
                found.setdefault(path, Route(name, path, params))
                made += 1
                if made >= limit:
                    break
    return sorted(found.values(), key=lambda route: route.path)
