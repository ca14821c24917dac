#!/usr/bin/env python3
"""Screenshots of a report site for docs/: the overview, a regressed version
page, the release history and that version's top fingerprint page, each at
1280 and 390 CSS px wide (the first screenful, as a reader opens it).

Usage: screenshots.py SITE_DIR OUT_DIR --version V
"""
import argparse
import pathlib
import re

from playwright.sync_api import sync_playwright

WIDTHS = {1280: 1100, 390: 1500}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("out")
    parser.add_argument("--version", required=True)
    args = parser.parse_args()
    site, out = pathlib.Path(args.site), pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    version_page = f"versions/{args.version}.html"
    # The version's top driver: the first fingerprint of its "What changed" table.
    text = (site / version_page).read_text(encoding="utf-8")
    driver = re.search(r'What changed since.*?href="\.\./(fingerprints/[^"]+)"', text, re.S)
    pages = {"index": "index.html", "version": version_page, "releases": "releases.html"}
    if driver:
        pages["fingerprint"] = driver.group(1)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for label, relative in pages.items():
            for width, height in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.route(re.compile(r"^(https?|wss?|ftp)://"), lambda route: route.abort())
                page.goto((site / relative).resolve().as_uri())
                page.screenshot(path=str(out / f"{label}-{width}.png"))
                page.close()
                print(f"{out / f'{label}-{width}.png'}: {relative} at {width} px")
        browser.close()


if __name__ == "__main__":
    main()
