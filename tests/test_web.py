"""draftkit serve: every route and every refusal, in process through Starlette's test client."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest

from tests.conftest import DEMO_SUMMARY, EXAMPLES, require_render

pytest.importorskip("httpx")
from starlette.testclient import TestClient  # noqa: E402

from draftkit.web import create_app  # noqa: E402
from draftkit.web.guard import Hosts  # noqa: E402

DRAFT = (EXAMPLES / "工作要点草稿.txt").read_text(encoding="utf-8")
BASE = "http://127.0.0.1:8765"


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # only the built-in templates; nothing of the repository's
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    with TestClient(create_app("127.0.0.1", 8765), base_url=BASE) as c:
        yield c


def leftovers(tmp_path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "tmp").iterdir())


def body_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


# -- the page ----------------------------------------------------------------------------------
def test_page_and_assets_are_served_with_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and "draftkit 公文排版" in page.text
    assert "文件不会上传到互联网" in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["x-frame-options"] == "DENY"
    for asset in ("app.js", "form.js", "app.css", "icon.svg"):
        assert client.get(f"/static/{asset}").status_code == 200
    # nothing is fetched from the network: no absolute URL in the page or its assets
    for name in ("index.html", "app.js", "form.js", "app.css"):
        text = client.get("/" if name == "index.html" else f"/static/{name}").text
        assert "http://" not in text and "https://" not in text, name


def test_info_lists_templates_and_limits(client):
    info = client.get("/api/info").json()
    names = [t["name"] for t in info["templates"]]
    assert {"default", "红头文件"} <= set(names)
    assert info["limit_mb"] == 20
    assert info["preview"] is None or "LibreOffice" in info["preview"]


def test_template_settings_and_refused_names(client):
    shown = client.get("/api/templates/红头文件").json()
    assert shown["name"] == "红头文件" and any("继承" in line for line in shown["lines"])
    for bad in ("没有这个", ".hidden", "default ", "templates"):
        r = client.get(f"/api/templates/{bad}")
        assert r.status_code == 422 and "没有名为" in r.json()["error"], bad
    # a path is not even a template name: it never reaches the route
    assert client.get("/api/templates/..%2F..%2Fetc").status_code == 404


# -- 排版 ----------------------------------------------------------------------------------------
def test_convert_pasted_text_shows_structure_changes_and_downloads(client, tmp_path):
    r = client.post("/api/convert", data={"text": DRAFT})
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["title"] == "某某县教育局2025年工作要点"
    assert answer["meta"]["org"] == "某某县教育局" and answer["meta"]["date"] == "2025年1月10日"
    parts = {e["part"] for e in answer["report"]["frame"]}
    assert {"标题", "主送", "落款"} <= parts
    numbers = [e["number"] for e in answer["report"]["outline"]]
    assert numbers[:3] == ["一、", "（一）", "1."]
    assert any(c["kind"] == "junk" for c in answer["report"]["changes"])
    assert answer["report"]["source"] == "粘贴的文字.txt"
    got = client.get(f"/api/download/{answer['token']}/docx")
    assert got.status_code == 200
    assert "filename*=UTF-8''" in got.headers["content-disposition"]
    assert "某某县教育局2025年工作要点" in body_text(got.content)
    assert leftovers(tmp_path) == []  # the job's folder is gone


def test_convert_corrections_reach_the_document(client):
    r = client.post("/api/convert", data={"text": DRAFT, "title": "另一个标题", "org": "某某县人民政府",
                                          "date": "2025年2月3日", "numbering": "continuous"})
    answer = r.json()
    assert answer["title"] == "另一个标题"
    assert answer["meta"] == {"title": "另一个标题", "org": "某某县人民政府", "recipient": answer["meta"]["recipient"],
                              "date": "2025年2月3日"}
    text = body_text(client.get(f"/api/download/{answer['token']}/docx").content)
    assert "另一个标题" in text and "某某县人民政府" in text and "2025年2月3日" in text


def test_convert_upload_of_a_file(client):
    r = client.post("/api/convert", files={"file": ("../../草稿.txt", DRAFT.encode("gbk"))})
    assert r.status_code == 200, r.text
    assert r.json()["report"]["source"] == "草稿.txt"  # the folders of the name are dropped


@pytest.mark.parametrize("form, files, status, words", [
    ({"text": "   "}, None, 422, "请粘贴"),
    ({"text": DRAFT, "date": "2025-02-30"}, None, 422, "不是一个存在的日期"),
    ({"text": DRAFT, "date": "明天"}, None, 422, "成文日期「明天」不是日期"),
    ({"text": DRAFT, "numbering": "random"}, None, 400, "编号方式"),
    ({"text": DRAFT, "template": "../templates/default"}, None, 422, "没有名为"),
    ({}, {"file": ("病毒.exe", b"MZ\x90\x00")}, 422, "只接受 .txt、.md、.docx"),
    ({}, {"file": ("图片.txt", bytes(range(256)) * 64)}, 422, "图片.txt：这不是文本文件"),
    ({}, {"file": ("假的.docx", b"PK\x03\x04 not really a zip")}, 422, "假的.docx：不是有效的 .docx"),
])
def test_convert_refusals_are_chinese_and_name_the_field(client, tmp_path, form, files, status, words):
    r = client.post("/api/convert", data=form, files=files)
    assert r.status_code == status
    message = r.json()["error"]
    assert words in message
    assert str(tmp_path) not in message  # the temporary folder is never shown
    assert leftovers(tmp_path) == []


def test_a_document_with_shapes_asks_before_leaving_them_out(client, tmp_path):
    from tests.test_convert_objects import _refusal_cases, report_document

    data = report_document(tmp_path, [_refusal_cases(tmp_path)["脚注"]], name="有脚注.docx").read_bytes()
    r = client.post("/api/convert", files={"file": ("有图形.docx", data)})
    assert r.status_code == 422 and r.json()["unkept"] is True
    assert "勾选“不要带不过去的内容”" in r.json()["error"]
    r = client.post("/api/convert", files={"file": ("有图形.docx", data)}, data={"drop_objects": "1"})
    assert r.status_code == 200 and r.json()["notes"]


# -- the guard --------------------------------------------------------------------------------
def test_wrong_host_is_refused(client):
    for host in ("evil.example:8765", "127.0.0.1:9999", "localhost", "127.0.0.1.nip.io:8765", ""):
        r = client.get("/api/info", headers={"host": host})
        assert r.status_code == 403 and "拒绝访问" in r.json()["error"], host
    assert client.get("/api/info", headers={"host": "localhost:8765"}).status_code == 200


def test_other_sites_cannot_post(client):
    r = client.post("/api/convert", data={"text": DRAFT}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403 and "别的网页" in r.json()["error"]
    r = client.post("/api/convert", data={"text": DRAFT}, headers={"origin": "null"})
    assert r.status_code == 403
    assert client.post("/api/convert", data={"text": DRAFT}, headers={"origin": BASE}).status_code == 200


def test_oversize_upload_is_refused_with_the_limit(client, tmp_path):
    big = b"a" * (21 * 1024 * 1024 + 10)
    r = client.post("/api/convert", files={"file": ("大.txt", big)})
    assert r.status_code == 413 and "20 MB" in r.json()["error"]

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(23):
            yield b"x" * (1024 * 1024)

    r = client.post("/api/convert", content=chunks(), headers={"content-type": "multipart/form-data; boundary=zz"})
    assert r.status_code == 413 and "上限" in r.json()["error"]
    assert leftovers(tmp_path) == []


def test_hosts_on_every_address_accept_only_this_machine():
    hosts = Hosts("0.0.0.0", 8765)
    assert hosts.allows("192.168.1.20:8765", "192.168.1.20")
    assert not hosts.allows("192.168.1.21:8765", "192.168.1.20")  # not the address it came in on
    assert not hosts.allows("evil.example:8765", "192.168.1.20")
    assert hosts.allows("127.0.0.1:8765", "127.0.0.1")
    v6 = Hosts("::1", 8000)
    assert v6.allows("[::1]:8000", "::1") and not v6.allows("[::1]:8001", "::1")


# -- 总结 / 要点 -------------------------------------------------------------------------------------
def test_form_schema_and_skeleton(client):
    schema = client.get("/api/schema/summary").json()
    assert "工作成绩" in schema["properties"] and "SectionIn" in schema["$defs"]
    data = client.get("/api/skeleton/plan").json()["data"]
    assert data["标题"].endswith("工作要点") and data["分节"]
    assert client.get("/api/schema/letter").status_code == 400


def test_build_from_form_data(client):
    from draftkit.loader import load

    data = load(DEMO_SUMMARY).data
    r = client.post("/api/build", json={"kind": "summary", "data": data, "template": "红头文件"})
    assert r.status_code == 200, r.text
    text = body_text(client.get(f"/api/download/{r.json()['token']}/docx").content)
    assert data["标题"] in text


def test_build_errors_point_at_their_fields(client):
    data = {"标题": "某局工作要点", "日期": "2025-02-30", "分节": [{"标题": "一"}, {"正文": "没有标题"}]}
    r = client.post("/api/build", json={"kind": "plan", "data": data})
    assert r.status_code == 422
    problems = {tuple(p["loc"]): p["message"] for p in r.json()["problems"]}
    assert ("日期",) in problems and "不是一个存在的日期" in problems[("日期",)]
    assert ("分节", 1, "标题") in problems
    assert "表单中有" in r.json()["error"] and "表单.json" not in r.json()["error"]
    assert client.post("/api/build", json={"kind": "plan", "data": {}}).status_code == 422
    assert client.post("/api/build", content=b"{not json", headers={"content-type": "application/json"}).status_code == 400


def test_open_and_save_yaml_round_trip(client, tmp_path):
    from draftkit.loader import load

    opened = client.post("/api/load", files={"file": ("总结.yaml", DEMO_SUMMARY.read_bytes())}).json()
    assert opened["kind"] == "summary"
    saved = client.post("/api/yaml", json={"kind": "summary", "data": opened["data"]})
    assert saved.status_code == 200 and saved.text.startswith("# 由 draftkit 网页保存")
    path = tmp_path / "saved.yaml"
    path.write_bytes(saved.content)
    assert load(path).data == load(DEMO_SUMMARY).data


def test_hostile_json_is_refused(client):
    deep = b"[" * 100_000 + b"]" * 100_000
    for path in ("/api/build", "/api/yaml"):
        r = client.post(path, content=deep, headers={"content-type": "application/json"})
        assert r.status_code == 400 and "JSON" in r.json()["error"]
    nested: dict = {"标题": "x"}
    node = nested
    for _ in range(200):
        node["子项"] = {}
        node = node["子项"]
    r = client.post("/api/yaml", json={"kind": "plan", "data": nested})
    assert r.status_code == 422 and "层次太多" in r.json()["error"]


@pytest.mark.parametrize("name, data, words", [
    ("坏.yaml", "标题: x\n  - 缩进错了\n工作成绩: [\n".encode(), "坏.yaml，第"),
    ("二进制.yaml", bytes(range(256)) * 8, "二进制.yaml"),
    ("空.json", b"   ", "文件是空的"),
    ("文档.docx", b"PK", "只接受 .yaml、.yml、.json"),
])
def test_open_refusals(client, name, data, words):
    r = client.post("/api/load", files={"file": (name, data)})
    assert r.status_code == 422 and words in r.json()["error"], r.json()


# -- 检查 ----------------------------------------------------------------------------------------
def submission(path: Path) -> bytes:
    d = docx.Document()  # python-docx's defaults: Letter paper, Calibri, no page numbers
    for text in ("某小学关于开学工作的报告", "县教育局：", "1、开学准备", "我校召开了会议,部署了工作。", "某小学", "2025年9月5日"):
        d.add_paragraph(text)
    d.save(path)
    return path.read_bytes()


def test_check_many_and_download_fixed_copies(client, tmp_path):
    data = submission(tmp_path / "s.docx")
    answers = []
    for name in ("甲校.docx", "乙校.docx", "甲校.docx"):
        r = client.post("/api/check", files={"file": (name, data)}, data={"fix": "1"})
        assert r.status_code == 200, r.text
        answers.append(r.json())
    first = answers[0]
    assert first["counts"]["错误"] > 0 and any(f["rule"] for f in first["findings"])
    assert first["fixed"]["output"] == "甲校-已修正.docx" and first["fixed"]["fixed"]
    fixed = client.get(f"/api/download/{first['fixed']['token']}/docx").content
    assert "县教育局：" in body_text(fixed)
    bundle = client.post("/api/zip", json={"tokens": [a["fixed"]["token"] for a in answers]})
    names = zipfile.ZipFile(io.BytesIO(bundle.content)).namelist()
    assert names == ["甲校-已修正.docx", "乙校-已修正.docx", "甲校-已修正（2）.docx"]
    assert leftovers(tmp_path) == []


def test_check_without_fix_and_refusals(client, tmp_path):
    r = client.post("/api/check", files={"file": ("a.docx", submission(tmp_path / "a.docx"))})
    assert r.json()["fixed"] is None and r.json()["findings"]
    r = client.post("/api/check", files={"file": ("坏.docx", b"\xd0\xcf\x11\xe0" + b"0" * 100)})
    assert r.status_code == 422 and "旧版 Word" in r.json()["error"]
    assert client.post("/api/check", data={"fix": "1"}).json()["error"].startswith("没有收到文件")


def test_expired_results(client):
    for path in ("/api/download/nope/docx", "/api/download/nope/page-1"):
        r = client.get(path)
        assert r.status_code == 404 and "失效" in r.json()["error"]
    assert client.post("/api/zip", json={"tokens": ["nope"]}).status_code == 404
    assert client.get("/api/nothing").json()["error"] == "没有这个页面"


# -- preview -------------------------------------------------------------------------------------
def test_preview_without_libreoffice_says_so(client, monkeypatch):
    from draftkit import render

    token = client.post("/api/convert", data={"text": DRAFT}).json()["token"]
    monkeypatch.setattr(render, "find_soffice", lambda: None)
    answer = client.post(f"/api/preview/{token}").json()
    assert answer == {"available": False, "note": answer["note"]} and "LibreOffice" in answer["note"]
    assert client.get("/api/info").json()["preview"] == answer["note"]
    r = client.get(f"/api/download/{token}/pdf")
    assert r.status_code == 409 and "LibreOffice" in r.json()["error"]
    assert client.get(f"/api/download/{token}/docx").status_code == 200  # the page stays usable


def test_preview_pages_and_pdf(client):
    require_render()
    token = client.post("/api/convert", data={"text": DRAFT}).json()["token"]
    answer = client.post(f"/api/preview/{token}").json()
    assert answer["available"] and 1 <= len(answer["pages"]) <= 4
    png = client.get(answer["pages"][0])
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    pdf = client.get(f"/api/download/{token}/pdf")
    assert pdf.content.startswith(b"%PDF") and ".pdf" in pdf.headers["content-disposition"]


# -- many clerks, one machine -----------------------------------------------------------------------
def test_concurrent_tabs_get_their_own_results(client):
    results: dict[int, str] = {}
    errors = []

    def tab(n: int) -> None:
        try:
            text = DRAFT.replace("某某县教育局2025年工作要点", f"第{n}号县教育局2025年工作要点")
            answer = client.post("/api/convert", data={"text": text}).json()
            results[n] = body_text(client.get(f"/api/download/{answer['token']}/docx").content)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for n, text in results.items():
        assert f"第{n}号县教育局" in text
        assert all(f"第{m}号县教育局" not in text for m in results if m != n)


def test_an_edited_template_is_read_again(client, tmp_path):
    from draftkit.template import init_template

    init_template("本局", tmp_path / "templates")
    settings = tmp_path / "templates" / "本局" / "template.yaml"
    data = {"标题": "工作要点", "日期": "2025-01-10", "分节": [{"标题": "一项工作", "正文": "内容。"}]}

    def signature() -> str:
        answer = client.post("/api/build", json={"kind": "plan", "data": data, "template": "本局"}).json()
        return docx.Document(io.BytesIO(client.get(f"/api/download/{answer['token']}/docx").content)).paragraphs[-2].text

    assert "本局" in signature()
    settings.write_text(settings.read_text(encoding="utf-8").replace("署名: 本局", "署名: 改过的署名"), encoding="utf-8")
    os.utime(settings, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert "改过的署名" in signature()


# -- draftkit serve ----------------------------------------------------------------------------------
def test_serve_refuses_a_taken_port(tmp_path):
    from typer.testing import CliRunner

    from draftkit.cli import app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        r = CliRunner().invoke(app, ["serve", "--no-browser", "--port", str(port)])
    assert r.exit_code == 2
    assert f"端口 {port} 已被占用" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(app, ["serve", "--no-browser", "--host", "no.such.host.invalid"])
    assert r.exit_code == 2 and "不是这台电脑的地址" in r.output


def test_serve_runs_as_a_command(tmp_path):
    """`draftkit serve` in its own process: prints its address, answers, warns about --host."""
    proc = subprocess.Popen([sys.executable, "-m", "draftkit", "serve", "--no-browser", "--port", "0",
                             "--host", "0.0.0.0"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8")
    try:
        line = proc.stdout.readline()
        assert line.startswith("draftkit 网页已启动：http://127.0.0.1:"), line
        url = line.split("：", 1)[1].strip()
        import urllib.request

        with urllib.request.urlopen(url + "/api/info", timeout=10) as r:
            assert json.load(r)["limit_mb"] == 20
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert "对外开放" in err  # --host warns
