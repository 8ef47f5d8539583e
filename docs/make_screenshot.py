"""Make the README's screenshots of the HTML report again: the example district as of 2025-03-01, in Chinese
(docs/report.png) and in English (docs/report-en.png), the top of the page as headless Chromium renders it.

    python docs/make_screenshot.py

It needs the compliance command installed, Debian's chromium and a Chinese font (fonts-noto-cjk or
fonts-wqy-microhei): without one, every Chinese character would show as a box.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1280
#: each image and its height: the top of the report, from the run down to the end of the charts (English
#: wraps more, so its page is longer); look at the images after a change to the page
SHOTS = {"zh": (ROOT / "docs" / "report.png", 2190), "en": (ROOT / "docs" / "report-en.png", 2540)}
#: no sandbox (as root), no GPU, nothing that reaches the network
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--hide-scrollbars"]


def main() -> None:
    chromium = shutil.which("chromium") or sys.exit("chromium is not installed: apt-get install chromium")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if not fonts.strip():
        sys.exit("no Chinese font is installed: apt-get install fonts-noto-cjk (or fonts-wqy-microhei)")
    compliance = shutil.which("compliance", path=str(Path(sys.executable).parent)) or "compliance"
    with tempfile.TemporaryDirectory() as tmp:
        for lang, (png, height) in SHOTS.items():
            page = Path(tmp) / f"report-{lang}.html"
            with page.open("w", encoding="utf-8") as out:
                run = subprocess.run([compliance, "check", "examples/kuangqu", "--ruleset",
                                      "cn-shanxi-yangquan-kuangqu", "--as-of", "2025-03-01", "--format", "html",
                                      "--lang", lang], cwd=ROOT, stdout=out)
            if run.returncode != 1:  # the example breaks every rule somewhere: 1 is the expected exit
                sys.exit(f"compliance check exited {run.returncode}")
            subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--screenshot={png}",
                            f"--window-size={WIDTH},{height}", page.as_uri()], check=True, capture_output=True,
                           timeout=120)
            print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
