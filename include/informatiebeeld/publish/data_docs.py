"""The gate's results as Great Expectations Data Docs, for the local portal, safe to open offline.

Built from the night's validation results in ``<state>/data_docs/<region>/`` (replaced every night).
Two things are taken out before a page is written:

- every list of unexpected values (``partial_unexpected_list`` and its kin): those are cell values
  of the candidate, such as a count below the suppression threshold or an identifier that reached a
  mart; the pages keep the expectation, its outcome and the number of unexpected values;
- every script (inline event handlers too), and every stylesheet and image from elsewhere (a CDN,
  the vendor's logo): the pages are static tables, and a page that loads nothing from elsewhere
  cannot leak that it was opened, nor break without a network. GX's index is built by scripts, so
  a plain one replaces it.
"""

from __future__ import annotations

import html
import logging
import re
import shutil
from pathlib import Path
from typing import Any

from informatiebeeld.config.paths import state_dir
from informatiebeeld.config.private import private_dir

log = logging.getLogger(__name__)
SITE = "informatiebeeld"
VALUE_KEYS = (
    "partial_unexpected_list",
    "partial_unexpected_index_list",
    "partial_unexpected_counts",
    "unexpected_list",
    "unexpected_index_list",
    "unexpected_index_query",
    "details",
)
_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)
_REMOTE_LINK = re.compile(r"<link\b[^>]*href=\"https?://[^\"]*\"[^>]*>", re.I)
# onclick="…" and the like: scripts too, and refused by the portal's CSP
_EVENT_HANDLER = re.compile(r"\son[a-z]+=(\"[^\"]*\"|'[^']*')", re.I)
_ICON_LINK = re.compile(r"<link\b[^>]*rel=\"(?:shortcut )?icon\"[^>]*>", re.I)
_REMOTE_IMAGE = re.compile(r"<img\b[^>]*src=\"https?://[^\"]*\"[^>]*>", re.I)
OFFLINE_CSS = """<style>
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:1rem 2rem;color:#111}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #999;padding:3px 6px;vertical-align:top}
.collapse:not(.show){display:block}nav,footer,.modal{display:none}
.fa-check-circle::before{content:"\\2713  geslaagd"}
.fa-times::before,.fa-times-circle::before{content:"\\2717  mislukt"}
</style>"""


def data_docs_dir(region: str) -> Path:
    return state_dir() / "data_docs" / region


def _without_values(result: Any) -> None:
    for expectation_result in result.results:
        details = expectation_result.result or {}
        for key in VALUE_KEYS:
            details.pop(key, None)
        raised = getattr(expectation_result, "exception_info", None) or {}
        if raised.get("raised_exception"):  # a database error's text may quote a value: keep that it failed
            expectation_result.exception_info = {
                "raised_exception": True, "exception_message": "the check could not run", "exception_traceback": None,
            }  # fmt: skip


def _offline(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        text = _REMOTE_IMAGE.sub("", _REMOTE_LINK.sub("", _ICON_LINK.sub("", _SCRIPT.sub("", text))))
        text = _EVENT_HANDLER.sub("", text)
        text = text.replace("</head>", '<link rel="icon" href="data:,">' + OFFLINE_CSS + "</head>", 1)
        page.write_text(text, encoding="utf-8")


def _index(site: Path, outcomes: dict[str, bool]) -> None:
    """GX's own index is filled in by scripts; this one is plain HTML: a row per suite, its latest result."""
    rows = []
    for suite in sorted(outcomes):
        pages = sorted((site / "validations" / suite).rglob("*.html"))
        result = f'<a href="{pages[-1].relative_to(site).as_posix()}">' if pages else ""
        verdict = "geslaagd" if outcomes[suite] else "<strong>mislukt</strong>"
        expectations = site / "expectations" / f"{suite}.html"
        suite_link = f'<a href="expectations/{suite}.html">verwachtingen</a>' if expectations.exists() else ""
        rows.append(f"<tr><td>{html.escape(suite)}</td><td>{result}{verdict}{'</a>' if pages else ''}</td>"
                    f"<td>{suite_link}</td></tr>")  # fmt: skip
    page = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        f"<title>Data Docs</title>{OFFLINE_CSS}</head><body><h1>Data Docs: de controles van de nacht</h1>"
        "<p>Per suite de uitkomst van de laatste controle door de publicatiepoort. Afwijkende waarden worden "
        "niet getoond, alleen hoeveel het er waren.</p>"
        "<table><tr><th>Suite</th><th>Uitkomst</th><th>Suite</th></tr>" + "".join(rows) + "</table></body></html>"
    )
    (site / "index.html").write_text(page, encoding="utf-8")


def build_data_docs(context: Any, docs_dir: Path) -> Path | None:
    """Write the context's validation results as Data Docs into ``docs_dir``; a failure here is logged,
    never the gate's failure."""
    building = docs_dir.with_name(docs_dir.name + ".building")
    try:
        shutil.rmtree(building, ignore_errors=True)
        private_dir(building)
        store = context.validation_results_store
        outcomes: dict[str, bool] = {}
        for key in store.list_keys():
            result = store.get(key)
            _without_values(result)
            store.set(key, result)
            outcomes[result.suite_name] = bool(result.success)
        context.add_data_docs_site(
            site_name=SITE,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(building)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        context.build_data_docs(site_names=[SITE])
        _offline(building)
        _index(building, outcomes)
        shutil.rmtree(docs_dir, ignore_errors=True)
        building.rename(docs_dir)
    except Exception as error:  # documentation only: the verdict stands without it
        log.warning("Data Docs not built in %s (%s)", docs_dir, type(error).__name__)
        shutil.rmtree(building, ignore_errors=True)
        return None
    return docs_dir
