"""Run the page: bind the address (a taken port is a clear message, not a traceback), serve
with uvicorn, open the browser once the server answers."""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading

from draftkit.errors import DraftkitError

DEFAULT_PORT = 8765


def is_local(host: str) -> bool:
    """Whether only this computer can reach `host` (a loopback address or localhost)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or DraftkitError saying why not in Chinese."""
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise DraftkitError(f"--host 的值「{host}」不是这台电脑的地址（如 127.0.0.1，或局域网的 IP 地址）") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise DraftkitError(
                f"端口 {port} 已被占用：可能 draftkit serve 已经在运行（请直接在浏览器中打开 {url_of(host, port)}），"
                "或换一个端口，如 --port 8766") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise DraftkitError(f"没有权限使用端口 {port}，请换一个 1024 以上的端口，如 --port 8766") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise DraftkitError(f"--host 的值「{host}」不是这台电脑的地址") from None
        raise DraftkitError(f"无法在 {host}:{port} 上启动：{exc.strerror}") from None
    return sock


def prepare(host: str, port: int):
    """(uvicorn server, its listening socket, its address): bound, not yet serving."""
    import uvicorn

    from draftkit.web import create_app

    sock = bind(host, port)
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(host, port), log_level="warning", access_log=False, lifespan="off")
    return uvicorn.Server(config), sock, url_of(host, port)


def serve(host: str, port: int, *, open_browser: bool, ready=None) -> None:
    """Serve until Ctrl+C.  `ready(url)` is called once the page answers."""
    server, sock, url = prepare(host, port)

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            if ready:
                ready(url)
            if open_browser:
                import webbrowser

                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
