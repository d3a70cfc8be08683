"""What the web host adds to the built site: redirects, true 404s, compression, caching and security headers.

One model (HostRules) is written out three ways after the build:

- site_dir/_redirects and site_dir/_headers, which Netlify and Cloudflare Pages read from the published folder;
- an nginx server block, written beside the site (site/ -> site.nginx.conf) and not into it, since it is no page
  and Netlify or Cloudflare would publish it: it has no `listen` and no `root`, so a deployment includes it in
  a server of its own, and nginx_conf() wraps it in a whole configuration for ./scripts/preview and the tests.

The Content-Security-Policy allows scripts from the site itself and the inline scripts the build wrote, by the
sha256 of each distinct body (inline_script_hashes), never 'unsafe-inline' or 'unsafe-eval'.
"""

from __future__ import annotations

import base64
import grp
import hashlib
import os
import pwd
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent / "templates"
NGINX = "/usr/sbin/nginx"  # Debian's nginx; not on the PATH of users other than root
NGINX_TOKEN = 2000  # nginx reads no word of its configuration longer than 4096 bytes: the CSP is longer

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # stored, but asked again (ETag / Last-Modified) before each use
# Files whose name changes with their content: Material's bundles and their source maps, Pagefind's index
# fragments and metadata. pagefind.js, pagefind-entry.json and the wasm files keep their names: revalidated.
FINGERPRINTED = (
    r"^/(?:assets/.+\.[0-9a-f]{8,}\.min\.(?:js|css)(?:\.map)?"
    r"|pagefind/[^/]+/(?:fragment|index)/[^/]+|pagefind/[^/]+/[^/]+\.pf_meta)$"
)
# The inline <script>s a browser runs: no type, a JavaScript MIME type, or a module. Others (application/json,
# application/ld+json) are data blocks, never executed and never checked against the CSP.
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
SCRIPT_SRC = re.compile(r"(?:^|\s)src\s*=", re.IGNORECASE)
SCRIPT_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
JAVASCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
                    "application/x-javascript", "text/ecmascript", "text/jscript", "text/livescript"}


@dataclass(frozen=True)
class HostRules:
    languages: tuple[str, ...]  # ("sv", "fi", "pl", "en")
    default_language: str  # "en": where / and /t/<n>/ lead when Accept-Language names none of the languages
    redirects: dict[str, str]  # old path -> new path without the language: /<lang>/<old> -> /<lang>/<new>
    short_links: tuple[int, ...]  # /t/<n>/ -> /<lang>/tips/<n>/ by Accept-Language; /<lang>/t/<n>/ -> the tip

    def moved(self) -> list[tuple[str, str]]:
        """Every 301 as (old URL path, new URL path): moved pages and the short links of each language."""
        pairs = [(f"/{lang}/{old}", f"/{lang}/{new}") for old, new in self.redirects.items() for lang in self.languages]
        pairs += [(f"/{lang}/t/{n}/", f"/{lang}/tips/{n}/") for n in self.short_links for lang in self.languages]
        return pairs

    def by_language(self) -> list[tuple[str, str]]:
        """Every 302 by Accept-Language as (URL path, path below /<lang>/): the landing page and /t/<n>/."""
        return [("/", ""), *((f"/t/{n}/", f"tips/{n}/") for n in self.short_links)]


def inline_script_hashes(site_dir: Path) -> list[str]:
    """The CSP sources ('sha256-…') of every distinct inline script of the built HTML, sorted."""
    hashes = set()
    for page in site_dir.rglob("*.html"):
        for attributes, body in SCRIPT.findall(page.read_text(encoding="utf-8")):
            kind = SCRIPT_TYPE.search(attributes)
            if SCRIPT_SRC.search(attributes) or (kind and kind.group(1).lower() not in JAVASCRIPT_TYPES):
                continue
            body = body.replace("\r\n", "\n").replace("\r", "\n")  # as the HTML parser hands it to the browser
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
            hashes.add(f"'sha256-{digest}'")
    return sorted(hashes)


def content_security_policy(script_hashes: list[str]) -> str:
    """Everything from the site itself, and nothing else. Scripts: the site's files and the hashed inline
    scripts; 'wasm-unsafe-eval' lets Pagefind compile its WebAssembly (it allows no JavaScript eval).
    Styles keep 'unsafe-inline': Material and the theme write style="" attributes (progress bar, tabs,
    the landing page's <style>), and a style cannot run script. data: images are Material's icons,
    which its CSS draws as data: SVG masks."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'", *script_hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(site_dir: Path) -> dict[str, str]:
    """The headers of every response, whatever its cache rule."""
    return {
        "Content-Security-Policy": content_security_policy(inline_script_hashes(site_dir)),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP 2
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "accelerometer=(), gyroscope=(), magnetometer=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def fingerprinted_paths(site_dir: Path) -> list[str]:
    """URL paths of the files that FINGERPRINTED marks immutable, for _headers; a folder of nothing else
    (Pagefind's fragment/ and index/) as one /folder/*."""
    pattern = re.compile(FINGERPRINTED)
    paths = []
    for folder, subfolders, files in os.walk(site_dir):  # no stat per file, as the build's tail waits for this
        relative = Path(folder).relative_to(site_dir).as_posix()
        prefix = "" if relative == "." else f"/{relative}"
        matched = [url for name in files if pattern.match(url := f"{prefix}/{name}")]
        if matched and len(matched) == len(files) + len(subfolders):
            paths.append(f"{prefix}/*")
        else:
            paths += matched
    return sorted(paths)


def accept_language_pattern(lang: str, languages: tuple[str, ...]) -> str:
    """A regex (case-insensitive) that matches an Accept-Language header whose first language of ours is lang:
    the entries before it name none of them (de-DE, *), then lang or lang-XX. Browsers list by preference."""
    ours = "|".join(map(re.escape, languages))
    return rf"^(?:(?!\s*(?:{ours})(?:[-;,\s]|$))[^,]*,)*\s*{re.escape(lang)}(?:[-;,\s]|$)"


def _quote(value: object) -> str:
    """A string of nginx's configuration: in double quotes, where a backslash escapes the next character."""
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render(template: str, **context: object) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["quote"] = _quote
    return env.get_template(template).render(**context)


def server_conf(rules: HostRules, headers: dict[str, str]) -> str:
    """The nginx server block's rules (no listen, no root), with the security headers of the built site."""
    ours = "|".join(map(re.escape, rules.languages))
    numbers = "|".join(map(str, rules.short_links))
    headers = dict(headers)
    return _render(
        "nginx.conf",
        rules=rules,
        csp_parts=_parts(headers.pop("Content-Security-Policy"), NGINX_TOKEN),
        headers=headers,
        immutable=IMMUTABLE,
        revalidate=REVALIDATE,
        fingerprinted=FINGERPRINTED,
        accept_language={lang: accept_language_pattern(lang, rules.languages) for lang in rules.languages},
        moved=[(f"^/({ours})/{re.escape(old)}?$", f"/$1/{new}") for old, new in rules.redirects.items()],
        localized_short_link=f"^/({ours})/t/({numbers})/?$" if numbers else None,
        short_link=f"^/t/({numbers})/?$" if numbers else None,
    )


def _parts(value: str, size: int) -> list[str]:
    """value cut after spaces into pieces of at most size characters (a hash is never cut)."""
    parts = [""]
    for word in value.split(" "):
        if parts[-1] and len(parts[-1]) + len(word) + 1 > size:
            parts.append("")
        parts[-1] += word + " "
    parts[-1] = parts[-1][:-1]
    return parts


def nginx_conf(site_dir: Path, server_file: Path, port: int, run_dir: Path, access_log: bool = False) -> str:
    """A whole nginx configuration that serves site_dir at http://127.0.0.1:port/ with the server block
    server_file, in the foreground, as the user who runs it: pid and temporary files in run_dir, errors to stderr."""
    run_dir = run_dir.resolve()
    user = ""
    if os.geteuid() == 0:  # else nginx runs its workers as nobody, who may not read the site
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};\n"
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp_paths = "".join(f"    {kind}_temp_path {_quote(run_dir / kind)};\n" for kind in kinds)
    return f"""{user}daemon off;
worker_processes 1;
pid {_quote(run_dir / "nginx.pid")};
error_log stderr;
events {{
    worker_connections 256;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {"/dev/stdout" if access_log else "off"};
    log_not_found off;
    sendfile on;
{temp_paths}    server {{
        listen 127.0.0.1:{port};
        root {_quote(site_dir.resolve())};
        include {_quote(server_file.resolve())};
    }}
}}
"""


def redirects_file(rules: HostRules) -> str:
    """_redirects for Netlify and Cloudflare Pages. Netlify serves an existing file (the HTML redirect pages)
    before a rule unless the rule is forced with '!', and its Language= condition picks the language;
    Cloudflare has no force (a rule always wins there) and no conditions, and ignores lines it cannot read,
    so each 301 comes twice, forced for Netlify and plain for Cloudflare, and the language 302s are Netlify's
    only: on Cloudflare the landing page and /t/<n>/ choose with JavaScript. Last, Netlify's 404 page of each
    language (not forced: only where no file is); Cloudflare finds the nearest 404.html by itself."""
    lines = ["# Written by the build (guide.hosting) from redirects.yml and the tips: do not edit."]
    for old, new in rules.moved():
        lines += [f"{old} {new} 301!", f"{old} {new} 301"]
    for path, target in rules.by_language():
        lines += [f"{path} /{lang}/{target} 302! Language={lang}" for lang in rules.languages]
    lines += [f"/{lang}/* /{lang}/404.html 404" for lang in rules.languages]
    return "\n".join(lines) + "\n"


def headers_file(site_dir: Path, headers: dict[str, str]) -> str:
    """_headers for Netlify and Cloudflare Pages: the security headers on every path; immutable caching on
    each fingerprinted file (both hosts revalidate the rest by default: public, max-age=0, must-revalidate).
    No Cache-Control on /*: both hosts join the values of every matching rule, and no-cache would win."""
    lines = ["# Written by the build (guide.hosting): do not edit.", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers.items()]
    for path in fingerprinted_paths(site_dir):
        lines += [path, f"  Cache-Control: {IMMUTABLE}"]
    return "\n".join(lines) + "\n"


def default_nginx_file(site_dir: Path) -> Path:
    """Where write_host_files puts the server block: beside the site, site/ -> site.nginx.conf."""
    site_dir = site_dir.resolve()
    return site_dir.with_name(f"{site_dir.name}.nginx.conf")


def _write(path: Path, text: str) -> None:
    """Replace path as a whole (a new file, not an edit of a file the site may share by a hard link)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def write_host_files(site_dir: Path, rules: HostRules, nginx_file: Path | None = None) -> None:
    """Write site_dir/_redirects, site_dir/_headers (Netlify/Cloudflare Pages) and the nginx server block
    (nginx_file, by default site_dir's sibling site.nginx.conf), computing the CSP script hashes from the
    inline <script>s of the built HTML."""
    headers = security_headers(site_dir)
    _write(site_dir / "_redirects", redirects_file(rules))
    _write(site_dir / "_headers", headers_file(site_dir, headers))
    _write(nginx_file or default_nginx_file(site_dir), server_conf(rules, headers))


def nginx_executable() -> str:
    return shutil.which("nginx") or NGINX


def main(argv: list[str]) -> int:
    """python -m guide.hosting SITE_DIR PORT RUN_DIR: print nginx_conf() for ./scripts/preview."""
    if len(argv) != 3:
        print("usage: python -m guide.hosting SITE_DIR PORT RUN_DIR", file=sys.stderr)
        return 2
    site_dir, port, run_dir = Path(argv[0]), int(argv[1]), Path(argv[2])
    server_file = default_nginx_file(site_dir)
    if not server_file.is_file():
        print(f"{server_file} is missing: the build writes it (guide.hosting.write_host_files)", file=sys.stderr)
        return 1
    print(nginx_conf(site_dir, server_file, port, run_dir, access_log=True), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
