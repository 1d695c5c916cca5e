"""ASGI middleware that keeps the page for the person at this computer.

- Host: a browser tricked by DNS rebinding sends the attacker's host name; only the
  address the server was asked to listen on (and, on loopback, localhost) is accepted.
- Origin: another web site in the same browser may post forms to 127.0.0.1; a request that
  changes anything must come from the page itself.
- Size: a request body over the limit is refused with a Chinese message before it is read
  into memory, whether or not it announced its length.
"""

from __future__ import annotations

import ipaddress
import json
import socket

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def _split_host(value: str) -> tuple[str, int | None]:
    """("host", port) of a Host/Origin authority; IPv6 in brackets; None port when absent."""
    value = value.strip().lower()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    else:
        host, _, port = value.partition(":")
    try:
        return host, int(port) if port else None
    except ValueError:
        return "", None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class Hosts:
    """Which Host headers name this server, given what it listens on."""

    def __init__(self, bind: str, port: int):
        self.bind = bind.strip("[]").lower()
        self.port = port
        self.wildcard = self.bind in ("0.0.0.0", "::", "")
        names = set()
        if _is_loopback(self.bind) or self.wildcard:
            names.update(LOOPBACK_NAMES)
        if not self.wildcard:
            names.add(self.bind)
        else:
            host = socket.gethostname().lower()
            names.update({host, socket.getfqdn().lower()})
        self.names = names

    def allows(self, header: str, local_address: str | None) -> bool:
        host, port = _split_host(header)
        if not host or (port or 80) != self.port:
            return False
        if host in self.names:
            return True
        # listening on every address: a literal IP is fine when it is the one the request came in on
        return self.wildcard and _is_ip(host) and local_address is not None and \
            ipaddress.ip_address(host) == ipaddress.ip_address(local_address.split("%")[0])


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


async def _refuse(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

WRONG_HOST = ("拒绝访问：这个请求发往的地址（{host}）不是 draftkit 所在的地址。"
              "请在浏览器中打开 draftkit serve 显示的地址")
WRONG_ORIGIN = "拒绝访问：请求来自别的网页（{origin}），draftkit 只接受它自己页面上的操作"
TOO_LARGE = "上传的内容太大（{size}），超过了 {limit} MB 的上限；如果是带大量图片的文件，请只复制其中的文字"

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
     b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"cache-control", b"no-store"),
]


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


class Guard:
    """Host, Origin and body size checks, and security headers on every response."""

    def __init__(self, app, hosts: Hosts, limit: int, shown_limit: int):
        self.app = app
        self.hosts = hosts
        self.limit = limit  # bytes in a request body: a file and the form's other fields
        self.shown = shown_limit // 1024 // 1024  # the file size limit the message names, in MB

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        host = _header(scope, b"host") or ""
        server = scope.get("server")
        if not self.hosts.allows(host, server[0] if server else None):
            return await _refuse(send, 403, WRONG_HOST.format(host=host or "无"))
        if scope["method"] not in SAFE_METHODS:
            origin = _header(scope, b"origin")
            if origin is not None and origin.split("://", 1)[-1].lower() != host.lower():
                return await _refuse(send, 403, WRONG_ORIGIN.format(origin=origin))
            length = _header(scope, b"content-length")
            if length and length.isdigit() and int(length) > self.limit:
                return await _refuse(send, 413, TOO_LARGE.format(size=_mb(int(length)), limit=self.shown))
        seen = 0

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:  # raised inside the app, whose error handler answers 413
                    from starlette.exceptions import HTTPException

                    raise HTTPException(413, TOO_LARGE.format(size=f"超过 {_mb(seen)}", limit=self.shown))
            return message

        async def headed_send(message):
            if message["type"] == "http.response.start":
                message = dict(message, headers=list(message.get("headers", [])) + SECURITY_HEADERS)
            await send(message)

        await self.app(scope, counted_receive, headed_send)
