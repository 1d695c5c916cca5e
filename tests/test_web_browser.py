"""The web page in a real browser: Debian's headless Chromium, driven by selenium through
chromium-driver (nothing downloaded).  A clerk pastes the example draft, converts it,
downloads the .docx, and the download passes the render checks the CLI's output passes.

Skipped when Chromium, its driver or selenium is missing, unless DRAFTKIT_REQUIRE_BROWSER
is set (CI sets it: .ci/run installs them)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests import browser
from tests.browser import choose_files, wait
from tests.conftest import DEMO_SUMMARY, EXAMPLES, require, require_render

DRAFT = EXAMPLES / "工作要点草稿.txt"


@pytest.fixture(scope="module")
def site():
    require(browser.available(), "DRAFTKIT_REQUIRE_BROWSER", "chromium, chromium-driver or selenium")
    with browser.site() as url:
        yield url


@pytest.fixture
def page(site, tmp_path):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver = browser.chromium(downloads, profile=tmp_path / "profile")
    driver.get(site)
    wait(driver, "return document.querySelectorAll('#convert-template option').length > 0")
    yield driver, downloads
    driver.quit()


def downloaded(folder: Path, suffix: str, timeout: float = 30) -> Path:
    end = time.time() + timeout
    while time.time() < end:
        done = [p for p in folder.iterdir() if p.suffix == suffix]
        if done and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} in {folder}: {list(folder.iterdir())}")


def test_paste_convert_download_and_render(page):
    driver, downloads = page
    text = DRAFT.read_text(encoding="utf-8")
    box = driver.find_element("id", "convert-text")
    box.click()
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", box, text)
    driver.find_element("id", "convert-run").click()
    title = wait(driver, "return !document.getElementById('convert-result').hidden && "
                         "document.getElementById('convert-result-title').textContent")
    assert title == "某某县教育局2025年工作要点"
    # the structure beside the changes: parts of the frame, headings with their new numbers
    frame = driver.find_element("id", "convert-frame").text
    assert "主送" in frame and "落款" in frame and "某某县教育局" in frame
    outline = driver.find_element("id", "convert-outline").text
    assert "一、突出政治引领" in outline.replace("\n", "") and "原编号" in outline
    assert "删除网页杂项" in driver.find_element("id", "convert-changes").text
    # the recognised 署名 shows in the empty correction field
    assert driver.find_element("id", "convert-org").get_attribute("placeholder") == "某某县教育局"

    driver.find_element("id", "convert-docx").click()
    got = downloaded(downloads, ".docx")
    assert got.name == "某某县教育局2025年工作要点.docx"

    # the page's .docx is the CLI's .docx: same text and the same pages
    require_render()
    import pdfplumber

    from draftkit.render import docx_to_pdf
    from tests.test_render import (
        assert_full_pages_have_22_lines,
        assert_page_numbers_outer_corners,
        assert_text_block_left_edge,
    )

    (pdf_path,) = docx_to_pdf(got, got.parent / "pdf")
    with pdfplumber.open(str(pdf_path)) as pdf:
        assert len(pdf.pages) >= 2
        assert_full_pages_have_22_lines(pdf, got)
        assert_text_block_left_edge(pdf)
        assert_page_numbers_outer_corners(pdf)
    import docx

    from draftkit.convert import convert
    from draftkit.profile import default_profile
    from draftkit.writer import write_docx

    (got.parent.parent / "cli").mkdir()
    cli = write_docx(convert(DRAFT).document, default_profile(), got.parent.parent / "cli" / "cli.docx")
    assert [p.text for p in docx.Document(str(got)).paragraphs] == [p.text for p in docx.Document(str(cli)).paragraphs]


def test_preview_appears(page):
    require_render()
    driver, _ = page
    box = driver.find_element("id", "convert-text")
    driver.execute_script("arguments[0].value = arguments[1];", box, DRAFT.read_text(encoding="utf-8"))
    driver.find_element("id", "convert-run").click()
    count = wait(driver, "const imgs = document.querySelectorAll('#convert-preview img');"
                         "return imgs.length && [...imgs].every(i => i.complete && i.naturalWidth > 0) && imgs.length")
    assert count >= 2


def test_form_errors_show_at_their_field_then_build(page):
    driver, downloads = page
    driver.find_element("css selector", "button[data-tab=build]").click()
    wait(driver, "return document.querySelectorAll('#build-form .field').length > 0")
    choose_files(driver, "build-file", [DEMO_SUMMARY])
    from draftkit.loader import load

    wanted = load(DEMO_SUMMARY).data["标题"]
    field = "document.querySelector('#build-form [data-path=\\'[\"标题\"]\\'] input')"
    wait(driver, f"const e = {field}; return e && e.value === {json.dumps(wanted, ensure_ascii=False)}")
    # empty the title: the error appears next to the 标题 field
    title = driver.find_element("css selector", "#build-form [data-path='[\"标题\"]'] input")
    title.clear()
    title.send_keys(" ")
    driver.find_element("id", "build-run").click()
    message = wait(driver, "const e = document.querySelector('#build-form .field-error'); return e && "
                           "e.closest('[data-path]').dataset.path + ' ' + e.textContent")
    assert message.startswith('["标题"]') and "标题" in message
    title = driver.find_element("css selector", "#build-form [data-path='[\"标题\"]'] input")
    title.clear()
    title.send_keys("某某县教育局2024年工作总结")
    driver.find_element("id", "build-run").click()
    wait(driver, "return !document.getElementById('build-result').hidden")
    driver.find_element("id", "build-docx").click()
    assert downloaded(downloads, ".docx").name == "某某县教育局2024年工作总结.docx"
    # the form is kept in the browser: after a reload it is still there
    driver.refresh()
    driver.find_element("css selector", "button[data-tab=build]").click()
    wait(driver, "return document.querySelector('#build-form [data-path=\\'[\"标题\"]\\'] input')"
                 ".value === '某某县教育局2024年工作总结'")


def test_check_two_files_and_zip(page, tmp_path):
    driver, downloads = page
    from tests.test_web import submission

    files = [tmp_path / "甲校.docx", tmp_path / "乙校.docx"]
    for f in files:
        submission(f)
    driver.find_element("css selector", "button[data-tab=check]").click()
    choose_files(driver, "check-files", files)
    wait(driver, "return document.getElementById('check-progress-text').textContent.startsWith('已检查 2')")
    cards = driver.find_elements("css selector", ".check-card")
    assert [c.find_element("tag name", "h3").text for c in cards] == ["甲校.docx", "乙校.docx"]
    assert "改法" in cards[0].text
    driver.find_element("id", "check-zip").click()
    assert downloaded(downloads, ".zip").name == "改正后的文件.zip"
