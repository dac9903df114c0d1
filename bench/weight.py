"""What the handbook adds to a page: its own scripts and stylesheet, in bytes.

Prints each file as shipped, minified (rjsmin, rcssmin) and gzipped, then what
each kind of page loads (a script goes only on pages that use it). The aim is
under 10 KB minified of JavaScript, and of CSS, on any page.

    python bench/weight.py
"""

from __future__ import annotations

import gzip
import sys

import rcssmin
import rjsmin

from handbook.plugin.plugin import ASSETS, SCRIPTS, STYLESHEETS

AIM = 10 * 1024
# The markup that calls for each script, as it appears on each kind of page.
PAGES = {
    "policy in an edition, with sign-off": "data-review-by= data-print-date "
                                           "data-signoff-policy data-handbook-current-edition",
    "review register": "data-review-by= data-review-dates= data-handbook-register",
    "history page": "data-handbook-asof data-handbook-compare",
    "sign-off sheet": "",
    "home": "data-review-dates=",
    "other pages": "",
}


def main() -> int:
    print("\nThe handbook's own assets, added to every page (bytes)\n")
    print("| file | as shipped | minified | minified and gzipped |")
    print("|---|---:|---:|---:|")
    totals = [0, 0, 0]
    worst_css = 0
    for name in (*SCRIPTS, *STYLESHEETS):
        text = (ASSETS / name).read_text(encoding="utf-8")
        small = rjsmin.jsmin(text) if name.endswith(".js") else rcssmin.cssmin(text)
        sizes = [len(text.encode()), len(small.encode()), len(gzip.compress(small.encode(), 9))]
        totals = [a + b for a, b in zip(totals, sizes, strict=True)]
        if name.endswith(".css"):
            worst_css = max(worst_css, sizes[1])
        print(f"| {name} | {sizes[0]:,} | {sizes[1]:,} | {sizes[2]:,} |")
    print(f"| **all** | {totals[0]:,} | {totals[1]:,} | {totals[2]:,} |")
    print("\nJavaScript each kind of page loads (minified bytes)\n")
    print("| page | scripts | minified | minified and gzipped |")
    print("|---|---|---:|---:|")
    heaviest = 0
    for kind, markers in PAGES.items():
        names = [n for n, wanted in SCRIPTS.items() if any(m in markers for m in wanted)]
        small = "".join(rjsmin.jsmin((ASSETS / n).read_text(encoding="utf-8")) for n in names)
        heaviest = max(heaviest, len(small.encode()))
        print(f"| {kind} | {', '.join(names)} | {len(small.encode()):,} | "
              f"{len(gzip.compress(small.encode(), 9)):,} |")
    print(f"\nMost JavaScript on one page: {heaviest:,} bytes minified; CSS: {worst_css:,} "
          f"(aim: under {AIM:,} each): {'met' if max(heaviest, worst_css) < AIM else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
