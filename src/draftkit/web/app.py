"""The page's routes: its files, and a JSON API over the library calls the CLI makes.

Every job runs in a worker thread, in a temporary folder of its own that is removed when the
job ends (the upload, the input written from a form, the output), and hands back what it
made to `results` under a fresh token.  Names a user sends (file names, template names) are
checked here before anything touches the disk: a file name is reduced to a plain name in
the job's folder, a template must be one of those `template list` shows.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import tempfile
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from draftkit.batch import INPUT_SUFFIXES, Source
from draftkit.docxio import MAX_DOCX_BYTES
from draftkit.errors import DraftkitError, InputError
from draftkit.textfile import MAX_BYTES as MAX_TEXT_BYTES
from draftkit.web.guard import Guard, Hosts
from draftkit.web.results import Results

log = logging.getLogger("draftkit.web")

STATIC = Path(__file__).resolve().parent / "static"
FILE_LIMIT = max(MAX_DOCX_BYTES, MAX_TEXT_BYTES)  # what the readers take, per file
UPLOAD_LIMIT = FILE_LIMIT + 1024 * 1024  # one file and the form's other fields
PREVIEW_PAGES = 4
KINDS = ("summary", "plan")
NUMBERING = ("restart", "keep", "continuous")  # convert()'s numbering modes
TEMP_PREFIX = "draftkit-web-"

EXPIRED = "这个结果已经失效（结果只保留 4 小时，服务重启后也会清空），请重新生成"
INTERNAL = "内部错误：draftkit 自身出了问题（不是您的输入有误）。请把输入文件和操作步骤发给维护人员"
NOT_A_FORM = "上传的内容不完整或格式有误，请重新选择文件再试"


class Refused(Exception):
    """A request the page cannot take: shown to the user as it is (status 422 by default)."""

    def __init__(self, message: str, status: int = 422, **extra):
        super().__init__(message)
        self.message, self.status, self.extra = message, status, extra


# -- names from the user -----------------------------------------------------------------------
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def upload_name(filename: str | None, suffixes: tuple[str, ...]) -> str:
    """The plain file name an upload is stored under in its job's folder: no folders, no
    characters Windows refuses, one of `suffixes` (what the job reads)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = _UNSAFE.sub("", base).strip(" .")[:120]
    suffix = Path(base).suffix.lower()
    if suffix not in suffixes:
        wanted = "、".join(suffixes)
        raise Refused(f"「{base or '未命名文件'}」不是可以处理的文件：这里只接受 {wanted} 文件")
    stem = Path(base).stem or "上传文件"
    return stem + suffix


def template_name(value: str | None) -> str | None:
    """A template the user picked: one that `draftkit template list` shows, or None (the
    default layout).  Anything else (a path, a name not on the list) is refused."""
    from draftkit.template import list_templates

    if not value:
        return None
    names = [t.name for t in list_templates() if not t.shadowed]
    if value not in names:
        raise Refused(f"没有名为「{value}」的模板。可选的模板：{'、'.join(names)}")
    return value


def download_header(name: str) -> str:
    """Content-Disposition for a Chinese file name (RFC 6266: an ASCII fallback and UTF-8)."""
    fallback = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip("_") or "draftkit"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


# -- jobs --------------------------------------------------------------------------------------
class Jobs:
    """Runs jobs in their own temporary folders, a few at a time; keeps what they made."""

    def __init__(self, workers: int | None = None):
        self.results = Results()
        self._slots = threading.BoundedSemaphore(workers or max(2, os.cpu_count() or 2))
        self._office = threading.BoundedSemaphore(2)  # LibreOffice runs: memory, not CPU
        self._stamp: tuple | None = None
        self._stamp_lock = threading.Lock()

    @contextmanager
    def folder(self):
        """A job's temporary folder; DraftkitError messages lose its path (the user knows the
        file by its own name)."""
        with self._slots, tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:
            try:
                yield Path(tmp)
            except InputError as exc:
                raise Refused(_clean(exc.message, tmp), problems=_problems(exc)) from None
            except DraftkitError as exc:
                raise Refused(_clean(exc.message, tmp)) from None

    def fresh_templates(self) -> None:
        """Forget loaded templates when any template file changed since the last job (a clerk
        may edit template.yaml while the page is open)."""
        from draftkit.tasks import profile_for
        from draftkit.template import stamp

        now = stamp()
        with self._stamp_lock:
            if now != self._stamp:
                profile_for.cache_clear()
                self._stamp = now

    def _item(self, token: str):
        item = self.results.get(token)
        if item is None or "docx" not in item.files:
            raise Refused(EXPIRED, 404)
        return item

    def _make_pdf(self, token: str, item) -> tuple[str, bytes]:
        """The result's PDF, made by LibreOffice the first time (the caller holds item.lock)."""
        from draftkit.render import docx_to_pdf

        if "pdf" not in item.files:
            name, data = item.files["docx"]
            with self.folder() as tmp, self._office:
                src = tmp / "文档.docx"
                src.write_bytes(data)
                (pdf,) = docx_to_pdf(src, tmp / "pdf")
                self.results.put(token, "pdf", Path(name).with_suffix(".pdf").name, pdf.read_bytes())
        return item.files["pdf"]

    def pdf(self, token: str) -> tuple[str, bytes]:
        item = self._item(token)
        with item.lock:
            return self._make_pdf(token, item)

    def pages(self, token: str) -> list[str]:
        """The first pages of a result as PNG images (kinds page-1, page-2 …), made once."""
        from draftkit.render import pdf_pages_to_png

        item = self._item(token)
        with item.lock:
            kinds = sorted((k for k in item.files if k.startswith("page-")), key=lambda k: int(k[5:]))
            if not kinds:
                _, data = self._make_pdf(token, item)
                with self.folder() as tmp:
                    pdf = tmp / "文档.pdf"
                    pdf.write_bytes(data)
                    for n, png in enumerate(pdf_pages_to_png(pdf, tmp / "png", last=PREVIEW_PAGES), 1):
                        self.results.put(token, f"page-{n}", f"第{n}页.png", png.read_bytes())
                        kinds.append(f"page-{n}")
            return kinds


def _clean(text: str, folder: Path | str) -> str:
    """A message without the job's temporary folder in it."""
    return text.replace(str(folder) + os.sep, "").replace(str(folder), "")


def _problems(exc: InputError, lines: bool = True) -> list[dict]:
    """An input's problems for the page: message, field and its keys (and line, for a file)."""
    out = []
    for p in exc.problems:
        item = {"message": p.message, "field": p.field, "loc": list(p.loc) if p.loc is not None else None}
        if lines:
            item["line"] = p.line
        out.append(item)
    return out


def convert_job(jobs: Jobs, name: str, data: bytes, options: dict) -> dict:
    from draftkit.convert import ObjectsNotKept
    from draftkit.dates import format_date
    from draftkit.files import default_output
    from draftkit.tasks import convert_one

    with jobs.folder() as tmp:
        src = tmp / name
        src.write_bytes(data)
        try:
            outcome = convert_one(options, (Source(src), tmp / "out" / "文档.docx"))
        except ObjectsNotKept as exc:
            raise Refused(f"「{name}」中有新文档带不过去的内容：{exc.listed}。没有生成文档。"
                          "要保留它们，请到“检查”里改正原文的格式；确定不要它们，请勾选“不要带不过去的内容”再排版",
                          unkept=True) from None
        report = outcome.payload.report.to_dict()
        report["source"] = name
        meta = outcome.payload.document.meta
        filename = default_output(outcome.message).name
        token = jobs.results.add({"docx": (filename, outcome.output.read_bytes())})
        return {"token": token, "title": outcome.message, "filename": filename, "report": report,
                "meta": {"title": meta.title_text, "org": meta.org or "", "recipient": meta.recipient or "",
                         "date": format_date(meta.date) if meta.date else ""},
                "notes": [_clean(n, tmp) for n in outcome.notes]}


def build_job(jobs: Jobs, kind: str, template: str | None, data: dict) -> dict:
    from draftkit.files import default_output
    from draftkit.tasks import build_one

    with jobs.folder() as tmp:
        src = tmp / "表单.json"
        src.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        try:
            outcome = build_one(kind, template, (Source(src), tmp / "out" / "文档.docx"))
        except InputError as exc:  # the form shows each problem at its field; lines of 表单.json mean nothing
            problems = _problems(exc, lines=False)
            listed = "；".join(f"「{p.field}」{p.message}" if p.field else p.message for p in exc.problems[:5])
            raise Refused(f"表单中有 {len(problems)} 处需要修改：{listed}" + ("等" if len(problems) > 5 else ""),
                          problems=problems) from None
        filename = default_output(outcome.message).name
        token = jobs.results.add({"docx": (filename, outcome.output.read_bytes())})
        return {"token": token, "title": outcome.message, "filename": filename,
                "notes": [_clean(n, tmp) for n in outcome.notes]}


def load_job(jobs: Jobs, name: str, data: bytes) -> dict:
    from draftkit.loader import load

    with jobs.folder() as tmp:
        src = tmp / name
        src.write_bytes(data)
        loaded = load(src)
        found = loaded.data
        kind = "summary" if "工作成绩" in found else "plan" if "分节" in found else None
        return {"data": found, "kind": kind, "notes": [_clean(w, tmp) for w in loaded.warnings]}


def yaml_job(jobs: Jobs, data: dict, header: str) -> str:
    """The form's data as YAML, read first as any input is (depth, size, control characters)."""
    from draftkit.loader import load, to_yaml

    with jobs.folder() as tmp:
        src = tmp / "表单.json"
        src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return to_yaml(load(src).data, header)


def check_job(jobs: Jobs, name: str, data: bytes, template: str | None, fix: bool) -> dict:
    from draftkit.tasks import check_one, fix_one

    with jobs.folder() as tmp:
        src = tmp / name
        src.write_bytes(data)
        found = check_one(template, Source(src)).payload
        answer = {"file": name, "counts": found.counts(),
                  "findings": [f.to_dict() for f in found.findings], "fixed": None, "fix_error": None}
        if fix and found.findings:
            out = tmp / "out" / f"{Path(name).stem}-已修正.docx"
            try:
                report = fix_one(template, (Source(src), out)).payload
            except DraftkitError as exc:
                answer["fix_error"] = _clean(exc.message, tmp)
            else:
                fixed = report.to_dict()
                fixed["file"], fixed["output"] = name, out.name
                fixed["notes"] = [_clean(n, tmp) for n in fixed["notes"]]
                fixed["counts"] = report.after.counts()
                fixed["token"] = jobs.results.add({"docx": (out.name, report.result.output.read_bytes())})
                answer["fixed"] = fixed
        return answer


# -- routes ------------------------------------------------------------------------------------
def _jobs(request: Request) -> Jobs:
    return request.app.state.jobs


async def _form(request: Request):
    from starlette.formparsers import MultiPartException

    try:
        return await request.form(max_files=1, max_fields=20, max_part_size=UPLOAD_LIMIT)
    except MultiPartException:
        raise Refused(NOT_A_FORM, 400) from None
    except HTTPException as exc:
        if exc.status_code == 413:
            raise
        raise Refused(NOT_A_FORM, 400) from None


async def _json(request: Request) -> dict:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Refused("请求的内容不是有效的 JSON（或嵌套太深）", 400) from None
    if not isinstance(body, dict):
        raise Refused("请求的内容应当是一个 JSON 对象", 400)
    return body


async def _upload(form, field: str, suffixes: tuple[str, ...]) -> tuple[str, bytes]:
    upload = form.get(field)
    if upload is None or isinstance(upload, str):
        raise Refused("没有收到文件，请选择或拖入一个文件")
    name = upload_name(upload.filename, suffixes)
    data = await upload.read()
    if len(data) > FILE_LIMIT:
        raise Refused(f"「{name}」太大，超过了 {FILE_LIMIT // 1024 // 1024} MB 的上限", 413)
    return name, data


def _flag(form, field: str) -> bool:
    return str(form.get(field, "")).lower() in ("1", "true", "on", "yes")


async def page(request: Request):
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


async def info(request: Request):
    from draftkit import __version__
    from draftkit.render import find_soffice, preview_missing
    from draftkit.template import list_templates

    templates = [{"name": t.name, "where": t.where, "description": t.description, "extends": t.extends}
                 for t in list_templates() if not t.shadowed]
    return JSONResponse({"version": __version__, "preview": preview_missing(), "pdf": find_soffice() is not None,
                         "templates": templates, "limit_mb": FILE_LIMIT // 1024 // 1024})


async def template_show(request: Request):
    from draftkit.template import describe

    name = template_name(request.path_params["name"])
    try:
        lines = await run_in_threadpool(describe, name)
    except DraftkitError as exc:
        raise Refused(exc.message) from None
    return JSONResponse({"name": name, "lines": lines})


def _kind(value) -> str:
    if value not in KINDS:
        raise Refused("文档种类只能是 summary（工作总结）或 plan（工作要点、工作计划）", 400)
    return value


async def skeleton(request: Request):
    """The commented input template of `draftkit new`, as data for the form."""
    from importlib.resources import as_file, files

    kind = _kind(request.path_params["kind"])
    from draftkit.loader import load

    with as_file(files("draftkit").joinpath("skeletons", f"{kind}.yaml")) as path:
        data = (await run_in_threadpool(load, path)).data
    return JSONResponse({"data": data})


async def schema(request: Request):
    from draftkit.schema import PlanIn, SummaryIn

    kind = _kind(request.path_params["kind"])
    return JSONResponse((SummaryIn if kind == "summary" else PlanIn).model_json_schema(by_alias=True))


async def convert(request: Request):
    from draftkit.dates import NoSuchDay, NotADate, typed_date

    jobs = _jobs(request)
    form = await _form(request)
    if form.get("file") is not None and not isinstance(form.get("file"), str):
        name, data = await _upload(form, "file", INPUT_SUFFIXES["convert"])
    else:
        text = str(form.get("text") or "")
        if not text.strip():
            raise Refused("请粘贴要排版的文字，或选择一个 .txt、.md、.docx 文件")
        name, data = "粘贴的文字.txt", text.encode("utf-8")
    options = {k: (str(form.get(k) or "").strip() or None) for k in ("title", "org", "recipient")}
    date = str(form.get("date") or "").strip()
    try:
        options["date"] = typed_date(date) if date else None
    except NoSuchDay:
        raise Refused(f"成文日期「{date}」不是一个存在的日期", field="date") from None
    except NotADate:
        raise Refused(f"成文日期「{date}」不是日期，请写成 2025-01-10 或 2025年1月10日", field="date") from None
    numbering = str(form.get("numbering") or "") or None
    if numbering is not None and numbering not in NUMBERING:
        raise Refused("编号方式只能是 restart、keep 或 continuous", 400)
    options.update(numbering=numbering, simplified=_flag(form, "simplified"),
                   drop_objects=_flag(form, "drop_objects"), template=template_name(form.get("template")))
    jobs.fresh_templates()
    return JSONResponse(await run_in_threadpool(convert_job, jobs, name, data, options))


async def build(request: Request):
    jobs = _jobs(request)
    body = await _json(request)
    kind = _kind(body.get("kind"))
    data = body.get("data")
    if not isinstance(data, dict) or not data:
        raise Refused("表单是空的：至少要有标题和正文")
    template = template_name(body.get("template"))
    jobs.fresh_templates()
    return JSONResponse(await run_in_threadpool(build_job, jobs, kind, template, data))


async def load_input(request: Request):
    form = await _form(request)
    name, data = await _upload(form, "file", INPUT_SUFFIXES["summary"])
    return JSONResponse(await run_in_threadpool(load_job, _jobs(request), name, data))


async def save_yaml(request: Request):
    from draftkit.files import default_output

    body = await _json(request)
    data = body.get("data")
    if not isinstance(data, dict):
        raise Refused("没有可保存的内容")
    kind = _kind(body.get("kind"))
    title = data.get("标题")
    title = "".join(title) if isinstance(title, list) else str(title or "")
    header = (f"由 draftkit 网页保存。再次使用：在网页“总结/要点”中打开本文件，"
              f"或运行 draftkit {kind} 本文件.yaml")
    text = await run_in_threadpool(yaml_job, _jobs(request), data, header)
    name = default_output(title or ("工作总结" if kind == "summary" else "工作要点")).with_suffix(".yaml").name
    return Response(text.encode("utf-8"), media_type="application/x-yaml; charset=utf-8",
                    headers={"content-disposition": download_header(name)})


async def check(request: Request):
    jobs = _jobs(request)
    form = await _form(request)
    name, data = await _upload(form, "file", INPUT_SUFFIXES["check"])
    template = template_name(form.get("template"))
    jobs.fresh_templates()
    return JSONResponse(await run_in_threadpool(check_job, jobs, name, data, template, _flag(form, "fix")))


MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "png": "image/png"}


async def download(request: Request):
    jobs = _jobs(request)
    token, kind = request.path_params["token"], request.path_params["kind"]
    if kind == "pdf":
        from draftkit.render import require_soffice

        try:
            require_soffice()
        except DraftkitError:
            raise Refused("没有找到 LibreOffice，无法生成 PDF；请下载 .docx，或装好 LibreOffice 后再试", 409) from None
        name, data = await run_in_threadpool(jobs.pdf, token)
    else:
        item = jobs.results.get(token)
        if item is None or kind not in item.files:
            raise Refused(EXPIRED, 404)
        name, data = item.files[kind]
    media = MEDIA.get(Path(name).suffix.lstrip("."), "application/octet-stream")
    headers = {} if media == "image/png" else {"content-disposition": download_header(name)}
    return Response(data, media_type=media, headers=headers)


async def preview(request: Request):
    from draftkit.render import preview_missing

    missing = preview_missing()
    if missing:
        return JSONResponse({"available": False, "note": missing})
    token = request.path_params["token"]
    kinds = await run_in_threadpool(_jobs(request).pages, token)
    return JSONResponse({"available": True, "pages": [f"/api/download/{token}/{k}" for k in kinds]})


async def bundle(request: Request):
    """Several results' .docx files in one zip (check's fixed copies)."""
    jobs = _jobs(request)
    body = await _json(request)
    tokens = body.get("tokens")
    if not isinstance(tokens, list) or not tokens or not all(isinstance(t, str) for t in tokens):
        raise Refused("没有要打包的文件", 400)
    buf = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for token in tokens:
            item = jobs.results.get(token)
            if item is None or "docx" not in item.files:
                raise Refused(EXPIRED, 404)
            name, data = item.files["docx"]
            stem, n = Path(name).stem, 2
            while name in used:
                name, n = f"{stem}（{n}）.docx", n + 1
            used.add(name)
            zf.writestr(name, data)
    return Response(buf.getvalue(), media_type="application/zip",
                    headers={"content-disposition": download_header("改正后的文件.zip")})


# -- errors ------------------------------------------------------------------------------------
async def _refused(request: Request, exc: Refused):
    return JSONResponse({"error": exc.message, **exc.extra}, status_code=exc.status)


async def _http_error(request: Request, exc: HTTPException):
    message = {404: "没有这个页面", 405: "不支持这种请求方式"}.get(exc.status_code, exc.detail)
    return JSONResponse({"error": message}, status_code=exc.status_code)


async def _internal(request: Request, exc: Exception):
    log.exception("internal error on %s", request.url.path)
    return JSONResponse({"error": INTERNAL}, status_code=500)


def create_app(host: str = "127.0.0.1", port: int = 8765, workers: int | None = None):
    """The web page as an ASGI app that answers only requests addressed to host:port."""
    routes = [
        Route("/", page),
        Route("/api/info", info),
        Route("/api/templates/{name}", template_show),
        Route("/api/skeleton/{kind}", skeleton),
        Route("/api/schema/{kind}", schema),
        Route("/api/convert", convert, methods=["POST"]),
        Route("/api/build", build, methods=["POST"]),
        Route("/api/load", load_input, methods=["POST"]),
        Route("/api/yaml", save_yaml, methods=["POST"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/zip", bundle, methods=["POST"]),
        Route("/api/preview/{token}", preview, methods=["POST"]),
        Route("/api/download/{token}/{kind}", download),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={Refused: _refused, HTTPException: _http_error,
                                                       Exception: _internal})
    app.state.jobs = Jobs(workers)
    return Guard(app, Hosts(host, port), UPLOAD_LIMIT, FILE_LIMIT)
