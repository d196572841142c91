"""Serve the best public peer, Peta Desa Nusantara (a static site), from a local copy, offline.

The peer is the public repository kristonova/Visualisasi-Indeks-Desa-Membangun--IDM--2024. Nothing of it
is kept in this repository: the benchmark serves a work tree that is already on the machine (--peer DIR
or IDM_PEER_DIR) and is skipped, with a message saying so, when there is none. BENCHMARKS.md says how the
copy used for the published numbers was made.

The site loads React, ReactDOM and Babel from unpkg.com (support.js, with subresource integrity). Here
every `https://<CDN host>/` in the site's HTML, JavaScript and CSS is rewritten to `/__cdn/<CDN host>/`
and served from a vendor folder (--peer-vendor DIR or IDM_PEER_VENDOR; default: the peer folder's name
with `-vendor`) laid out as the CDN's paths: `unpkg.com/react@18.3.1/umd/react.production.min.js`. The
files there come from the npm registry (`npm pack react@18.3.1`), byte for byte what unpkg serves, so
the integrity check passes as on the internet. A vendored file that is missing is answered 404 and
listed by the server on its standard error (the benchmark reports it).

Run alone to look at the site: `python -m benchmarks.peer --peer DIR [--port 8600]`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Hosts the site (or a later version of it) may load scripts, styles or fonts from.
CDN_HOSTS = ("unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "fonts.googleapis.com", "fonts.gstatic.com",
             "esm.sh")
CDN_URL = re.compile(rb"https://(" + b"|".join(re.escape(host.encode()) for host in CDN_HOSTS) + rb")/")
REWRITTEN = {".html", ".htm", ".js", ".mjs", ".css"}
# The peer's page and the province the benchmark chooses in it (its <select aria-label="Pilih provinsi">).
PAGE = "/index.html"


def peer_dir(given: str | Path | None) -> Path | None:
    """The peer's work tree (a folder with index.html), from --peer or IDM_PEER_DIR, or None."""
    folder = given or os.environ.get("IDM_PEER_DIR")
    if not folder:
        return None
    folder = Path(folder).expanduser().resolve()
    return folder if (folder / "index.html").is_file() else None


def vendor_dir(peer: Path, given: str | Path | None) -> Path:
    folder = given or os.environ.get("IDM_PEER_VENDOR") or peer.with_name(peer.name + "-vendor")
    return Path(folder).expanduser().resolve()


class Handler(SimpleHTTPRequestHandler):
    """The site's files, CDN URLs pointing here; /__cdn/<host>/<path> from the vendor folder."""

    protocol_version = "HTTP/1.1"  # keep-alive, as a CDN or GitHub Pages serves
    vendor: Path

    def __init__(self, *args, vendor: Path, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if clean.startswith("/__cdn/"):
            from urllib.parse import unquote

            target = (self.vendor / unquote(clean[len("/__cdn/"):])).resolve()
            # Never outside the vendor folder.
            return str(target) if target.is_relative_to(self.vendor) else str(self.vendor / "__outside__")
        return super().translate_path(path)

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if self.path.startswith("/__cdn/") and not path.is_file():
            print(f"peer: vendored file missing: {self.path[len('/__cdn/'):]} (looked in {path})",
                  file=sys.stderr, flush=True)
        if path.suffix not in REWRITTEN or not path.is_file():
            return super().send_head()
        body = CDN_URL.sub(rb"/__cdn/\1/", path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)

    def log_message(self, format, *args):  # quiet: the benchmark reads only the missing-file lines
        pass


def serve(peer: Path, vendor: Path, *, port: int, address: str = "127.0.0.1") -> None:
    handler = partial(Handler, directory=str(peer), vendor=vendor)
    with ThreadingHTTPServer((address, port), handler) as server:
        print(f"peer: http://{address}:{port}{PAGE} (site {peer}, CDN files from {vendor})", flush=True)
        server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--peer", default=None, help="the peer's work tree (default: IDM_PEER_DIR)")
    parser.add_argument("--peer-vendor", default=None, help="CDN files by host and path (default: IDM_PEER_VENDOR)")
    parser.add_argument("--port", type=int, default=8600)
    args = parser.parse_args(argv)
    peer = peer_dir(args.peer)
    if peer is None:
        print("peer: no work tree given or found (--peer DIR or IDM_PEER_DIR, a folder with index.html)",
              file=sys.stderr)
        return 2
    serve(peer, vendor_dir(peer, args.peer_vendor), port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
