"""Screenshots of the web page's four tabs for the README: `python docs/screenshots.py`.

Serves the page on a free port from an empty folder (so the built-in templates are the ones
listed), drives the system's headless Chromium through each job with the bundled examples,
and writes docs/web-*.png.  Needs chromium, chromium-driver and selenium (the test extra).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import choose_files, chromium, site, wait  # noqa: E402


def submission(path: Path) -> Path:
    """A document as a school might send it in: python-docx's defaults, typed numbering."""
    import docx

    d = docx.Document()
    d.add_paragraph("某某小学关于2025年秋季开学工作情况的报告")
    d.add_paragraph("县教育局：")
    d.add_paragraph("1、开学准备工作")
    d.add_paragraph("我校于8月25日召开开学工作会议,部署各项准备工作。")
    d.add_paragraph("2、校园安全排查")
    d.add_paragraph("开学前对校舍、食堂、消防设施进行了全面检查,未发现安全隐患。")
    d.add_paragraph("某某小学")
    d.add_paragraph("2025年9月5日")
    d.save(path)
    return path


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="draftkit-shots-"))
    os.chdir(work)
    with site() as url:
        shoot(url, work)
    print("\n".join(str(p) for p in sorted((ROOT / "docs").glob("web-*.png"))))


def shoot(url: str, work: Path) -> None:
    driver = chromium(work, width=1440, height=1100, profile=work / "profile")
    out = ROOT / "docs"
    previews = "document.querySelectorAll('#{0}-preview img').length > 0 && " \
               "[...document.querySelectorAll('#{0}-preview img')].every(i => i.complete)"
    try:
        driver.get(url + "#convert")
        wait(driver, "return document.querySelectorAll('#convert-template option').length > 0")
        draft = (ROOT / "examples" / "工作要点草稿.txt").read_text(encoding="utf-8")
        driver.execute_script("document.getElementById('convert-text').value = arguments[0];", draft)
        driver.find_element("id", "convert-run").click()
        wait(driver, "return " + previews.format("convert"))
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(out / "web-排版.png"))

        driver.find_element("css selector", "button[data-tab=build]").click()
        wait(driver, "return document.querySelectorAll('#build-form .field').length > 0")
        choose_files(driver, "build-file", [ROOT / "examples" / "年度工作总结.yaml"])
        time.sleep(1.5)
        driver.find_element("id", "build-run").click()
        wait(driver, "return " + previews.format("build"))
        driver.execute_script("window.scrollTo(0, 0)")
        driver.save_screenshot(str(out / "web-总结要点.png"))

        driver.find_element("css selector", "button[data-tab=check]").click()
        wait(driver, "return document.querySelectorAll('#check-template option').length > 0")
        choose_files(driver, "check-files", [submission(work / "某某小学开学工作报告.docx")])
        wait(driver, "return document.querySelectorAll('.check-card').length > 0")
        driver.save_screenshot(str(out / "web-检查.png"))

        driver.find_element("css selector", "button[data-tab=templates]").click()
        wait(driver, "return document.querySelectorAll('.template-item').length > 0")
        [b for b in driver.find_elements("css selector", ".template-item") if "红头文件" in b.text][0].click()
        wait(driver, "return document.getElementById('template-lines').textContent.includes('继承')")
        driver.save_screenshot(str(out / "web-模板.png"))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
