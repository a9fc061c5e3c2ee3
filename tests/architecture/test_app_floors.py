"""The apps stand on floors, as the README's map of the code says: an app imports only the apps
listed for it, with plain top-level imports (a function-local import between apps hides a cycle).

Two doors are open on every floor: any app registers its personal data with the privacy
registry (`training.privacy.registry` and `.enums`), and a `views` module may import another
app's `permissions` (cross-app predicates such as "coordinates this trainee" live with the app
that owns the relation and are imported only by views).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "training"

# Who may import whom (besides itself). Read bottom-up: each line adds one floor.
# People, their messages and their personal data: the floor every feature stands on.
REFERENCE = {"core", "users", "notifications", "privacy"}
# An applicant's records beyond hours, the reference ratings that stand on them, and the outside
# providers whose links sign RSC.
APPLYING = {"applications", "references", "providers"}
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "users": {"core"},
    "notifications": {"core", "users"},
    "competencies": {"core", "users"},
    "records": REFERENCE | {"competencies"},
    # Providers of RSC without an account, and the emailed links they act through.
    "providers": REFERENCE | {"competencies"},
    "reflective_logs": REFERENCE | {"competencies", "providers"},
    # RSC received before Attune, attested through a provider's link or a signed document.
    "earlier_rsc": REFERENCE | {"competencies", "records", "providers", "reflective_logs"},
    "applications": REFERENCE | {"competencies", "records"},
    "references": REFERENCE | {"competencies", "applications"},
    "courses": REFERENCE | {"competencies", "records"},
    "readiness": REFERENCE
    | {"competencies", "records", "reflective_logs", "earlier_rsc", "courses"}
    | APPLYING,
    "reports": REFERENCE
    | {"competencies", "records", "reflective_logs", "courses", "readiness"}
    | APPLYING,
    "cohorts": REFERENCE
    | {"competencies", "records", "reflective_logs", "courses", "readiness", "reports"}
    | APPLYING,
    "privacy": {"core", "users", "notifications"},
    "dashboards": REFERENCE
    | {"competencies", "records", "reflective_logs", "courses", "readiness", "reports", "cohorts"}
    | APPLYING,
}
# Tools that stand outside the building: they may import any app.
ANYWHERE = {"scale"}
OPEN_MODULES = {"training.privacy.registry", "training.privacy.enums"}


def _app_of(path: Path) -> str | None:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else None


def _imports(tree: ast.AST):
    """(module, is top level, line) for every `training.*` import in a module."""
    top = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            top.add(id(node))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("training."):
                yield name, id(node) in top, node.lineno


def _violations() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        app = _app_of(path)
        if app is None or app in ANYWHERE or "migrations" in path.parts:
            continue
        is_view = path.name == "views.py"
        tree = ast.parse(path.read_text(), filename=str(path))
        for module, top_level, line in _imports(tree):
            target = module.split(".")[1]
            if target == app or target not in ALLOWED and target not in ANYWHERE:
                continue
            where = f"{path.relative_to(ROOT.parent)}:{line} imports {module}"
            if path.name != "apps.py" and not top_level:
                found.append(f"{where} inside a function")
            if module in OPEN_MODULES or (is_view and module.endswith(".permissions")):
                continue
            if target not in ALLOWED.get(app, set()):
                found.append(f"{where}, a floor {app} may not reach")
    return found


def test_every_app_imports_only_the_floors_below_it_at_top_level():
    assert _violations() == []


def test_every_app_has_a_floor():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    assert apps - ANYWHERE == set(ALLOWED)


def test_the_floors_have_no_cycle():
    seen: dict[str, int] = {}

    def depth(app: str, path: tuple[str, ...] = ()) -> int:
        assert app not in path, f"cycle: {' -> '.join((*path, app))}"
        if app not in seen:
            seen[app] = 1 + max((depth(d, (*path, app)) for d in ALLOWED[app]), default=0)
        return seen[app]

    for app in ALLOWED:
        depth(app)
