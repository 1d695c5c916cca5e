"""Headless Chromium from the system (Debian's chromium and chromium-driver), driven by
selenium: nothing is downloaded.  Used by the browser test and docs/screenshots.py."""

from __future__ import annotations

import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
DRIVER = ("chromedriver",)


def find(names) -> str | None:
    for name in names:
        path = shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)
        if path:
            return path
    return None


def available() -> bool:
    from importlib.util import find_spec

    if find_spec("selenium") is None:
        return False
    return find(CHROMIUM) is not None and find(DRIVER) is not None


def chromium(downloads: Path, width: int = 1400, height: int = 1000, profile: Path | None = None):
    """A headless Chromium that saves downloads into `downloads` without asking."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = find(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=zh-CN"):
        options.add_argument(flag)
    if profile is not None:
        options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    driver = webdriver.Chrome(service=Service(executable_path=find(DRIVER)), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    return driver


@contextmanager
def site():
    """The page served as `draftkit serve` serves it, on a free port in a thread: its address."""
    from draftkit.web.server import prepare

    server, sock, url = prepare("127.0.0.1", 0)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield url + "/"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def wait(driver, script: str, timeout: float = 90):
    """The first true value of `script` run in the page, polled until `timeout` seconds."""
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for: {script}")


def choose_files(driver, input_id: str, paths) -> None:
    """Pick files in a hidden <input type=file>, as a clerk does through its button."""
    driver.execute_script("document.getElementById(arguments[0]).hidden = false", input_id)
    driver.find_element("id", input_id).send_keys("\n".join(str(p) for p in paths))
    driver.execute_script("document.getElementById(arguments[0]).hidden = true", input_id)
