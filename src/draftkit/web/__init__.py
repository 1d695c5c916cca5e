"""`draftkit serve`: the four jobs (排版, 总结/要点, 检查, 模板) on a web page served from the
clerk's own computer.

    app      the routes: the page, its files and a JSON API over the same library calls as
             the CLI (tasks.*_one, loader, template, render); nothing is decided here that the
             CLI decides differently
    guard    what keeps the page local and small: Host and Origin checks (DNS rebinding,
             other sites posting to it), the upload size limit, security headers
    results  what a job made, held in memory under a random token until it is downloaded or
             expires; every job works in a temporary folder of its own, removed when it ends
    static/  the page (HTML, CSS, JS), all bundled: nothing is fetched from the network
"""

from draftkit.web.app import create_app

__all__ = ["create_app"]
