"""The API tokens page and the API docs in a browser: nothing loads from another host."""

import pytest

from tests import factories

from .axe import serious_violations
from .test_html_valid import vnu_errors
from .test_scan_in_browser import SUBMIT, log_in

pytestmark = pytest.mark.browser


def test_a_token_made_on_the_page_reads_the_api_and_the_docs_load_only_our_files(
    app, page, tmp_path
):
    live_server, alice = app
    factories.organisation("Acme Retail", consultants=[alice])
    base = live_server.url
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))

    log_in(page, base)
    page.click("header a[href='/account/api-tokens/']")
    page.fill("#id_name", "Power BI")
    with page.expect_response(lambda response: response.request.method == "POST") as created:
        page.click(SUBMIT)
    html = {"token-created": created.value.text()}
    secret = page.input_value("#new-token")
    assert secret.startswith("cxs_")
    assert serious_violations(page) == []

    api = page.request.get(
        f"{base}/api/v1/organisations/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert api.status == 200
    assert [o["name"] for o in api.json()["items"]] == ["Acme Retail"]

    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path")  # Swagger UI drew the operations
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/scans/{pk}/results/" in [path.replace("\u200b", "") for path in paths]

    assert requested and all(url.startswith(base) for url in requested), [
        url for url in requested if not url.startswith(base)
    ]
    assert problems == []  # no script error, no request refused by the CSP

    page.goto(f"{base}/account/api-tokens/")
    page.locator("#main form[action$='/revoke/'] button").click()
    page.wait_for_url(f"{base}/account/api-tokens/")
    assert page.locator("#main form[action$='/revoke/']").count() == 0
    html["token-revoked"] = page.request.get(f"{base}/account/api-tokens/").text()
    assert vnu_errors(html, tmp_path) == []
    assert (
        page.request.get(
            f"{base}/api/v1/organisations/", headers={"Authorization": f"Bearer {secret}"}
        ).status
        == 401
    )
