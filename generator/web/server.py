"""`profdocs serve`: the form on 127.0.0.1, in the foreground until Ctrl+C."""

from __future__ import annotations

import socket
import threading
import webbrowser
from pathlib import Path

HOST = "127.0.0.1"


def bind(port: int) -> socket.socket:
    """The listening socket, bound before the server starts so a busy port is reported
    plainly and port 0 gives a free one (the tests use it)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def make_server(sock: socket.socket, schools: Path):
    import uvicorn

    from .app import create_app

    config = uvicorn.Config(
        create_app(schools),
        log_level="warning",
        access_log=False,  # request lines carry no personal data, but nobody needs them
        server_header=False,
        lifespan="off",
    )
    return uvicorn.Server(config)


def serve(port: int, open_browser: bool, schools: Path, echo=print) -> None:
    sock = bind(port)
    url = f"http://{HOST}:{sock.getsockname()[1]}/"
    server = make_server(sock, schools)
    echo(f"Форма profdocs: {url}")
    echo("Откройте этот адрес в браузере. Остановить — Ctrl+C.")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server.run(sockets=[sock])
