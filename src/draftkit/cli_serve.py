"""`draftkit serve`: the web page for clerks who never open a terminal."""

from __future__ import annotations

import typer

from draftkit.cli_out import error, note, say


def serve_cmd(
    host: str = typer.Option("127.0.0.1", "--host",
                             help="在哪个地址上提供网页；默认 127.0.0.1，只有本机能打开。"
                             "给出局域网地址或 0.0.0.0 时同一网络的人都能打开，请只在可信的内部网络中使用"),
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="端口"),
    no_browser: bool = typer.Option(False, "--no-browser", help="不自动打开浏览器"),
) -> None:
    from draftkit.errors import DraftkitError
    from draftkit.web.server import is_local, serve

    if not is_local(host):
        note(f"网页将在 {host} 上对外开放：同一网络中的任何人都能打开它、上传文件、下载结果。"
             "请只在可信的内部网络中这样做；只给本机用时不要加 --host")

    def ready(url: str) -> None:
        say(f"draftkit 网页已启动：{url}", err=False)
        say("所有处理都在这台电脑上完成，文件不会上传到互联网。用完按 Ctrl+C 结束。", err=False)

    try:
        serve(host, port, open_browser=not no_browser, ready=ready)
    except DraftkitError as exc:
        error(exc.message)
        raise typer.Exit(exc.exit_code)
    say("draftkit 网页已停止", err=False)
