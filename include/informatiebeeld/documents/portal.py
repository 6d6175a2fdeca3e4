"""The local portal: one address on 127.0.0.1 for the documents, the dbt docs and the Data Docs.

``/`` lists what there is per region (the latest documents first, older dates below), the national
page, and where the Airflow UI is. Files are served only from the folders the pipeline writes
(``<state>/documents``, each region's dbt docs, ``<state>/data_docs``); nothing outside them, no
symbolic links out, and a Content-Security-Policy that lets a page load only from this portal.
"""

from __future__ import annotations

import html
import logging
import mimetypes
import os
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from informatiebeeld.config.contracts import load_regions
from informatiebeeld.config.paths import state_dir
from informatiebeeld.documents.render import NATIONAL, documents_dir

log = logging.getLogger(__name__)
HOST = "127.0.0.1"
DBT_DOCS_FILES = ("index.html", "manifest.json", "catalog.json")
# dbt docs is an AngularJS page (inline scripts, eval); all of it stays on this origin.
CSP = (
    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob:; connect-src 'self'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# The documents and Data Docs need no script at all.
STRICT_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'"
)
AIRFLOW_UI_DEFAULT = "http://127.0.0.1:8080"


def data_docs_dir() -> Path:
    return state_dir() / "data_docs"


def dbt_docs_root(region: str) -> Path:
    return state_dir() / "dbt" / region / "target"


def airflow_ui_url() -> str:
    return os.environ.get("INFORMATIEBEELD_AIRFLOW_UI", AIRFLOW_UI_DEFAULT)


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or HOST, parts.port or 80), timeout=0.3):
            return True
    except OSError:
        return False


def _inside(root: Path, relative: str) -> Path | None:
    """The file ``relative`` under ``root``, or None when it is not a regular file inside it (a
    folder means its index.html; every link is resolved and must stay inside)."""
    root = root.resolve()
    candidate = (root / relative).resolve()
    if candidate.is_dir():
        candidate = (candidate / "index.html").resolve()
    if root not in candidate.parents:
        return None
    return candidate if candidate.is_file() else None


def _dated(folder: Path) -> list[str]:
    """Dated subfolders with an index, newest first."""
    if not folder.is_dir():
        return []
    return sorted((d.name for d in folder.iterdir() if (d / "index.html").is_file()), reverse=True)


def portal_page() -> str:
    regions = load_regions()
    rows = []
    for code, region in sorted(regions.items(), key=lambda item: item[1].name):
        dates = _dated(documents_dir() / code)
        links = []
        if dates:
            links.append(f'<a href="/documents/{code}/{dates[0]}/">informatiebeelden ({html.escape(dates[0])})</a>')
            links += [f'<a href="/documents/{code}/{d}/">{html.escape(d)}</a>' for d in dates[1:6]]
        if (dbt_docs_root(code) / "index.html").is_file() and (dbt_docs_root(code) / "catalog.json").is_file():
            links.append(f'<a href="/dbt/{code}/">dbt docs</a>')
        if (data_docs_dir() / code / "index.html").is_file():
            links.append(f'<a href="/datadocs/{code}/">Data Docs</a>')
        body = " · ".join(links) if links else '<span class="geen">nog niets gepubliceerd</span>'
        rows.append(f"<tr><td>{html.escape(region.name)}</td><td>{body}</td></tr>")
    national = _dated(documents_dir() / NATIONAL)
    national_link = (f'<a href="/documents/{NATIONAL}/{national[0]}/">landelijk jaarverslag ({national[0]})</a>'
                     if national else "nog niet gemaakt")  # fmt: skip
    airflow = airflow_ui_url()
    airflow_state = (
        f'<a href="{html.escape(airflow)}">{html.escape(airflow)}</a> (draait)'
        if _listening(airflow)
        else f"{html.escape(airflow)}: start hem met <code>make airflow-ui</code>"
    )
    return f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Informatiebeeld: portaal</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60rem;margin:2rem auto;color:#111}}
table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:4px 6px;text-align:left}}
.geen{{color:#555}}</style></head>
<body><h1>Informatiebeeld: portaal</h1>
<p>Alle gegevens hier komen uit de gepubliceerde, afgeschermde marts.</p>
<h2>Regio's</h2><table><tr><th>RIEC</th><th>Documenten en documentatie</th></tr>{"".join(rows)}</table>
<h2>Landelijk</h2><p>{national_link}</p>
<h2>Airflow</h2><p>De Airflow UI: {airflow_state}.</p>
</body></html>"""


class PortalHandler(BaseHTTPRequestHandler):
    server_version = "informatiebeeld-portal"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.info("%s %s", self.address_string(), format % args)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, csp: str = STRICT_CSP) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _resolve(self, path: str) -> Path | None:
        parts = path.lstrip("/").split("/", 2)
        if parts[0] == "documents" and len(parts) >= 2:
            return _inside(documents_dir(), "/".join(parts[1:]))
        if parts[0] == "dbt" and len(parts) >= 2 and parts[1] in load_regions():
            name = parts[2] if len(parts) == 3 and parts[2] else "index.html"
            return _inside(dbt_docs_root(parts[1]), name) if name in DBT_DOCS_FILES else None
        if parts[0] == "datadocs" and len(parts) >= 2 and parts[1] in load_regions():
            return _inside(data_docs_dir() / parts[1], parts[2] if len(parts) == 3 else "")
        return None

    def _local_host(self) -> bool:
        """Only requests addressed to this portal by its own name: a web page that rebinds its
        domain to 127.0.0.1 still sends its own name in Host."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        return host in ("127.0.0.1", "localhost")

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        raw = urlsplit(self.path).path
        path = unquote(raw)
        if not self._local_host() or any(ord(c) < 32 for c in path):
            self._send(HTTPStatus.BAD_REQUEST, b"bad request", "text/plain; charset=utf-8")
            return
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, portal_page().encode(), "text/html; charset=utf-8")
            return
        found = self._resolve(path)
        if found is None:
            self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        if found.name == "index.html" and not path.endswith(("/", ".html")):  # relative links need the slash
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", quote(path) + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/json", "image/svg+xml"):
            content_type += "; charset=utf-8"
        self._send(HTTPStatus.OK, found.read_bytes(), content_type, CSP if path.startswith("/dbt/") else STRICT_CSP)

    do_HEAD = do_GET  # noqa: N815


def make_server(port: int) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((HOST, port), PortalHandler)


def serve(port: int) -> None:
    server = make_server(port)
    print(f"portal: http://{HOST}:{server.server_address[1]}/ (Ctrl-C stops it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
