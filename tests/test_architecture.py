"""The apps depend one way: branding <- checklists <- scoring <- plans <- workshops <-
reports <- api.

Every Python file of every app is parsed, and every import in it is checked, including imports
inside functions and in management commands (they hide a cycle from whoever reads the imports).
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ORDER = ["branding", "checklists", "scoring", "plans", "workshops", "reports", "api"]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def backward_imports(app: str) -> list[str]:
    later = set(ORDER[ORDER.index(app) + 1 :])
    problems = []
    for path in sorted((settings.BASE_DIR / app).rglob("*.py")):
        for line, module in imported_modules(path):
            if module.split(".")[0] in later:
                problems.append(f"{path.relative_to(settings.BASE_DIR)}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("app", ORDER)
def test_app_imports_only_from_apps_before_it(app):
    assert (settings.BASE_DIR / app / "apps.py").exists()
    assert backward_imports(app) == []


def test_the_check_sees_imports_inside_functions(tmp_path, monkeypatch):
    app = tmp_path / "checklists"
    app.mkdir()
    (app / "apps.py").write_text("")
    (app / "late.py").write_text("def f():\n    from reports.models import ShareLink\n")
    monkeypatch.setattr(settings, "BASE_DIR", tmp_path)
    assert backward_imports("checklists") == ["checklists/late.py:2 imports reports.models"]


def test_the_project_package_holds_no_app_logic():
    """cxscan/ is settings, URLs, entry points and project-wide views; its only model is the
    rate-limit counter (cxscan.ratelimit), which every app may use and which knows no app."""
    from django.apps import apps

    assert [m.__name__ for m in apps.get_app_config("cxscan").get_models()] == ["RateCount"]
    assert [app for app in ORDER if app in settings.INSTALLED_APPS] == ORDER
