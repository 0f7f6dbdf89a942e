"""The project depends one way: the base <- branding <- checklists <- scoring <- plans <-
workshops <- reports <- api <- the roof.

- The base (`cxscan`: settings, logging, middleware, caches, the client address, rate limits)
  imports no app and not the roof.
- Each app imports only the base and the apps before it, never the roof; nothing imports the roof
  (`home`: the project's URLs, home page and dashboard, project-wide commands).
- No app imports another app's `views` (`x.views` or `x.views.*`): what two apps share lives in a
  module that is not a view module.
- No template of an app (templates/<app>/**) includes or extends a template of an app after it.

Every Python file is parsed and every import in it is checked, including imports inside functions
and in management commands (they hide a cycle from whoever reads the imports). Templates are
checked for the literal names in their {% include %} and {% extends %} tags.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = "cxscan"
ORDER = [
    "consultancies",
    "branding",
    "checklists",
    "audit",
    "scoring",
    "plans",
    "workshops",
    "narrative",
    "reports",
    "api",
    "privacy",
]
ROOF = "home"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def imported_names(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) for every import, `from x import views` giving `x.views`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def imports_of(package: str, forbidden: set[str]) -> list[str]:
    """Every import in the package's Python files of a module in one of the forbidden packages."""
    problems = []
    for path in sorted((settings.BASE_DIR / package).rglob("*.py")):
        for line, module in imported_modules(path):
            if module.split(".")[0] in forbidden:
                problems.append(f"{path.relative_to(settings.BASE_DIR)}:{line} imports {module}")
    return problems


def backward_imports(app: str) -> list[str]:
    """Imports of an app after this one, or of the roof."""
    return imports_of(app, {*ORDER[ORDER.index(app) + 1 :], ROOF})


def views_imports(package: str) -> list[str]:
    """Imports of another package's `views` module (or a module of its `views` package)."""
    problems = []
    for path in sorted((settings.BASE_DIR / package).rglob("*.py")):
        for line, name in imported_names(path):
            parts = name.split(".")
            views = ".".join(parts[:2])
            if (
                len(parts) > 1
                and parts[1] == "views"
                and parts[0] != package
                and parts[0] in {BASE, *ORDER, ROOF}
            ):
                problems.append(f"{path.relative_to(settings.BASE_DIR)}:{line} imports {views}")
    return sorted(set(problems))


TEMPLATE_TAG = re.compile(r"""{%\s*(include|extends)\s+(["'])([^"']+)\2""")


def later_templates(app: str) -> list[str]:
    """Literal {% include %} / {% extends %} of a template of an app after this one."""
    apps = [*ORDER, ROOF]
    later = set(apps[apps.index(app) + 1 :])
    problems = []
    for path in sorted((settings.BASE_DIR / "templates" / app).rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for match in TEMPLATE_TAG.finditer(text):
            name = match.group(3)
            if name.split("/")[0] in later:
                line = text.count("\n", 0, match.start()) + 1
                where = path.relative_to(settings.BASE_DIR)
                verb = {"include": "includes", "extends": "extends"}[match.group(1)]
                problems.append(f"{where}:{line} {verb} {name}")
    return problems


@pytest.mark.parametrize("app", ORDER)
def test_app_imports_only_from_apps_before_it(app):
    assert (settings.BASE_DIR / app / "apps.py").exists()
    assert backward_imports(app) == []


def test_the_base_imports_no_app():
    assert (settings.BASE_DIR / BASE / "settings.py").exists()
    assert imports_of(BASE, {*ORDER, ROOF}) == []


@pytest.mark.parametrize("app", [*ORDER, ROOF])
def test_no_app_imports_another_apps_views(app):
    assert views_imports(app) == []


def test_the_base_imports_no_views():
    assert views_imports(BASE) == []


@pytest.mark.parametrize("app", [*ORDER, ROOF])
def test_no_template_of_an_app_uses_a_template_of_an_app_after_it(app):
    assert later_templates(app) == []


def test_the_check_sees_imports_inside_functions(tmp_path, monkeypatch):
    app = tmp_path / "checklists"
    app.mkdir()
    (app / "apps.py").write_text("")
    (app / "late.py").write_text("def f():\n    from reports.models import ShareLink\n")
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    assert backward_imports("checklists") == ["checklists/late.py:2 imports reports.models"]


def test_the_check_sees_an_app_importing_the_roof(tmp_path, monkeypatch):
    app = tmp_path / "api"
    app.mkdir()
    (app / "urls.py").write_text("import home.views\n")
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    assert backward_imports("api") == ["api/urls.py:1 imports home.views"]


def test_the_check_sees_the_base_importing_an_app(tmp_path, monkeypatch):
    base = tmp_path / BASE
    (base / "formats").mkdir(parents=True)
    (base / "health.py").write_text("def f():\n    from reports import stored\n")
    (base / "formats" / "x.py").write_text("from home.urls import urlpatterns\n")
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    assert imports_of(BASE, {*ORDER, ROOF}) == [
        "cxscan/formats/x.py:1 imports home.urls",
        "cxscan/health.py:2 imports reports",
    ]


def test_the_check_sees_views_imported_from_another_app(tmp_path, monkeypatch):
    app = tmp_path / "reports"
    (app / "views").mkdir(parents=True)
    (app / "views" / "pages.py").write_text("from . import other\nfrom reports.views import x\n")
    (app / "a.py").write_text("from scoring import views\n")
    (app / "b.py").write_text("def f():\n    import plans.views.actions\n")
    (app / "c.py").write_text("from checklists.views.scans import scan_area\n")
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    assert views_imports("reports") == [
        "reports/a.py:1 imports scoring.views",
        "reports/b.py:2 imports plans.views",
        "reports/c.py:1 imports checklists.views",
    ]


def test_the_check_sees_a_template_using_a_later_apps_template(tmp_path, monkeypatch):
    folder = tmp_path / "templates" / "scoring"
    folder.mkdir(parents=True)
    (folder / "page.html").write_text(
        '{% extends "base.html" %}\n{% include "scoring/_part.html" %}\n'
        '{% include "checklists/_a.html" %}{% include panel.template %}\n'
        "{% include 'reports/_report_links.html' with x=1 %}\n"
    )
    (folder / "_other.html").write_text('{%extends "home/home.html"%}')
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    assert later_templates("scoring") == [
        "templates/scoring/_other.html:1 extends home/home.html",
        "templates/scoring/page.html:4 includes reports/_report_links.html",
    ]


def test_the_base_is_first_and_the_roof_last():
    """cxscan/ is settings, entry points and project-wide machinery; its only model is the
    rate-limit counter (cxscan.ratelimit), which every app may use and which knows no app. The
    roof comes after every app and holds the project's URLs."""
    from django.apps import apps

    assert [m.__name__ for m in apps.get_app_config(BASE).get_models()] == ["RateCount"]
    ours = [app for app in settings.INSTALLED_APPS if app in {BASE, *ORDER, ROOF}]
    assert ours == [BASE, *ORDER, ROOF]
    assert settings.INSTALLED_APPS[-1] == ROOF
    assert settings.ROOT_URLCONF == "home.urls"
