"""axe as the browser tests ask it: a page's serious and critical violations, one line each."""

from axe_playwright_python.sync_playwright import Axe

FINITE_ANIMATIONS_DONE = """() => document.getAnimations().every(animation =>
    animation.playState !== 'running' || animation.effect.getTiming().iterations === Infinity)"""


def serious_violations(page) -> list[str]:
    """What axe finds serious or critical on the page as it stands, e.g. "http://…/scans/1/
    color-contrast (serious): Elements must meet … — ['#item-purpose-01 label']".

    A button fades to its checked colours (Bootstrap's transition): the colours it ends with are
    judged, not a moment halfway, which a busy machine may catch. An animation that never ends (a
    spinner while an export is made) is not waited for."""
    page.wait_for_function(FINITE_ANIMATIONS_DONE)
    return [
        f"{page.url} {violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in Axe().run(page).response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]
