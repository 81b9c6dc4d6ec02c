"""The web application: Starlette routes, Jinja pages, htmx for live validation.

One HTML form holds the whole profile and works with plain form posts (every button is a
submit button), so the page reads and even works without JavaScript; htmx only adds the live
part — each change is posted to /live, and the answer swaps in the error messages next to
their fields and the summary.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import traceback
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import generator
from generator.diagnostics import Diagnostic, format_path
from generator.starter import starter_profile

from . import tables, yamldoc
from .locate import slot_for, slot_for_file
from .merge import ROW, Form, join, merge
from .service import BadRequest, Workspace, soffice_available
from .spec import Group, KeyedTable, RecordTable, profile_spec
from .view import build_view, field_id, slot_id

HERE = Path(__file__).resolve().parent
MAX_BODY = 8 * 1024 * 1024  # an XLSX journal of a few thousand rows fits easily
MAX_FIELDS = 100_000
LOOPBACK = frozenset({"127.0.0.1", "localhost"})
log = logging.getLogger("profdocs.web")


# --- security -----------------------------------------------------------------------------


class Guard:
    """Loopback hosts only (no DNS rebinding), no cross-site posts, bounded request bodies,
    and failures logged without their messages (they may quote a journal's names)."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = _hostname(headers.get("host", ""))
        if host not in LOOPBACK:
            await _plain(scope, receive, send, 400, "Форма открывается только по адресу 127.0.0.1.")
            return
        if scope["method"] not in ("GET", "HEAD"):
            origin = headers.get("origin")
            if (origin and _hostname(origin.split("://", 1)[-1]) not in LOOPBACK) or headers.get(
                "sec-fetch-site"
            ) == "cross-site":
                await _plain(scope, receive, send, 403, "Запрос с чужого сайта отклонён.")
                return
        length = headers.get("content-length")
        if length and (not length.isdigit() or int(length) > self.max_body):
            await _plain(scope, receive, send, 413, _too_large(self.max_body))
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge
            return message

        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking_send)
        except _TooLarge:
            if not started:
                await _plain(scope, receive, send, 413, _too_large(self.max_body))
        except Exception as exc:  # the message may quote personal data: log where, not what
            frames = traceback.extract_tb(exc.__traceback__)[-3:]
            where = "; ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames)
            log.error(
                "Внутренняя ошибка %s (%s) при %s %s",
                type(exc).__name__,
                where,
                scope["method"],
                scope["path"],
            )
            if not started:
                await _plain(
                    scope,
                    receive,
                    send,
                    500,
                    "Внутренняя ошибка формы. Сохраните профиль кнопкой «Скачать YAML», если она "
                    "доступна, и сообщите разработчикам, что вы делали.",
                )


class _TooLarge(Exception):
    pass


def _too_large(limit: int) -> str:
    return f"Слишком большой запрос: не больше {limit // (1024 * 1024)} МБ."


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if ":" in host else host


async def _plain(scope: Scope, receive: Receive, send: Send, status: int, text: str) -> None:
    await PlainTextResponse(text, status_code=status)(scope, receive, send)


# --- the application ----------------------------------------------------------------------


class WebForm:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.csrf = secrets.token_urlsafe(32)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals.update(field_id=field_id, slot_id=slot_id)

    # helpers -------------------------------------------------------------------------------

    def _check_csrf(self, token: str | None) -> None:
        if not token or not hmac.compare_digest(token, self.csrf):
            raise BadRequest(
                "Форма устарела (сервер перезапускался). Откройте страницу заново; чтобы не "
                "потерять изменения, сначала нажмите «Скачать YAML»."
            )

    async def _form(self, request: Request) -> tuple[Form, dict[str, UploadFile]]:
        data = await request.form(max_files=8, max_fields=MAX_FIELDS, max_part_size=MAX_BODY)
        pairs, files = [], {}
        for key, value in data.multi_items():
            if isinstance(value, str):
                pairs.append((key, value.replace("\r\n", "\n")))
            elif isinstance(value, UploadFile) and value.filename:
                files[key] = value
        form = Form.from_pairs(pairs)
        self._check_csrf(form.get("_csrf"))
        return form, files

    def page(self, request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("csrf", self.csrf)
        return self.templates.TemplateResponse(request, name, ctx, status_code=status)

    def index(self, request: Request, message: str = "", status: int = 200) -> HTMLResponse:
        return self.page(
            request,
            "index.html",
            status,
            profiles=self.ws.profiles(),
            folder=self.ws.display(self.ws.schools),
            message=message,
        )

    def editor(
        self,
        request: Request,
        school_id: str,
        origin: str,
        text: str,
        *,
        extra_rows: dict[str, int] | None = None,
        notices: list[str] | None = None,
        alerts: list[str] | None = None,
        findings: list[str] | None = None,
        status: int = 200,
    ) -> HTMLResponse:
        plain = yamldoc.plain_load(text)
        _, errors = self.ws.check(text, school_id)
        if plain is None or (text.strip() and not isinstance(plain, dict)):
            return self.page(
                request,
                "broken.html",
                status,
                school_id=school_id,
                origin=origin,
                text=text,
                errors=[self._error_row(e, "", {}, None, {}) for e in errors],
            )
        view = build_view(plain, extra_rows)
        rows = self._error_rows(errors, view.rows, view.slots, plain, school_id)
        by_slot: dict[str, list[str]] = {}
        for row in rows:
            by_slot.setdefault(row["slot"], []).append(row["message"])
        return self.page(
            request,
            "editor.html",
            status,
            school_id=school_id,
            origin=origin,
            base=text,
            view=view,
            errors=rows,
            by_slot=by_slot,
            notices=notices or [],
            alerts=alerts or [],
            findings=findings or [],
            path=self.ws.display(self.ws.profile_path(school_id)),
            pdf_available=soffice_available(),
            importable=_importable_tables(),
        )

    def _error_rows(
        self,
        errors: list[Diagnostic],
        rows: dict[str, dict[str | int, int]],
        slots: set[str] | None,
        plain: Any,
        school_id: str,
    ) -> list[dict[str, Any]]:
        profile_file = self.ws.display(self.ws.profile_path(school_id))
        return [self._error_row(e, profile_file, rows, slots, plain) for e in errors]

    def _error_row(
        self,
        e: Diagnostic,
        profile_file: str,
        rows: dict[str, dict[str | int, int]],
        slots: set[str] | None,
        plain: Any,
    ) -> dict[str, Any]:
        other = profile_file and e.file != profile_file
        if other:
            slot = slot_for_file(e.file, profile_file, plain, self.ws.schools) or ""
            where = f"{Path(e.file).name}, строка {e.line}" if e.line else Path(e.file).name
            if e.path:
                where += f", столбец {format_path(e.path)}"
        else:
            slot = slot_for(e.path, rows, slots)
            where = format_path(e.path) or f"строка {e.line}"
        anchor = slot_id(slot)  # every slot is on the page, right by its field
        return {
            "slot": slot,
            "anchor": anchor,
            "where": where,
            "message": e.message,
            "line": e.line,
            "column": e.column,
        }

    # routes --------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return self.index(request)

    async def edit_get(self, request: Request) -> Response:
        school_id = request.query_params.get("school", "")
        try:
            text = self.ws.read(school_id)
        except BadRequest as exc:
            return self.index(request, str(exc), 404)
        return self.editor(request, school_id, f"file:{school_id}", text)

    async def new(self, request: Request) -> Response:
        school_id = request.query_params.get("school", "").strip()
        try:
            path = self.ws.profile_path(school_id)
        except BadRequest as exc:
            return self.index(request, str(exc), 400)
        notices = [
            "Новый профиль заполнен значениями по умолчанию, как после «profdocs init». Он "
            f"будет записан в {self.ws.display(path)} кнопкой «Сохранить»."
        ]
        alerts = []
        if path.exists():
            alerts.append(
                f"Профиль {self.ws.display(path)} уже есть. Чтобы не перезаписать его, "
                "выберите другой идентификатор или откройте существующий профиль."
            )
        rel = Path(self.ws.display(path))
        return self.editor(
            request, school_id, "new", starter_profile(rel), notices=notices, alerts=alerts
        )

    async def open_upload(self, request: Request) -> Response:
        try:
            form, files = await self._form(request)
        except BadRequest as exc:
            return self.index(request, str(exc), 400)
        upload = files.get("profile")
        pasted = form.get("text")
        if upload is None and pasted is None:
            return self.index(request, "Выберите файл профиля (.yaml).", 400)
        raw = await upload.read() if upload is not None else (pasted or "").encode("utf-8")
        try:
            text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            return self.index(request, "Файл не в кодировке UTF-8: сохраните его в UTF-8.", 400)
        filename = upload.filename if upload is not None else ""
        stem = Path(filename or "school").stem
        school_id = (form.get("school") or "").strip() or _safe_id(stem)
        try:
            self.ws.profile_path(school_id)
        except BadRequest as exc:
            return self.index(request, str(exc), 400)
        notices = [f"Открыт файл {Path(filename).name}."] if filename else []
        return self.editor(request, school_id, "upload", text, notices=notices)

    async def edit_post(self, request: Request) -> Response:
        try:
            form, files = await self._form(request)
        except BadRequest as exc:
            return self.index(request, str(exc), 400)
        school_id = (form.get("_school") or "").strip()
        origin = form.get("_origin") or "upload"
        base = form.get("_base") or ""
        action = form.get("_action") or "check"
        notices: list[str] = []
        alerts: list[str] = []
        extra: dict[str, int] = {}
        try:
            self.ws.profile_path(school_id)
        except BadRequest as exc:
            alerts.append(str(exc))
            school_id = _safe_id(school_id)
            if action == "save":
                action = "check"  # never save under a name the person did not type
        if action.startswith("add:"):
            extra[action[4:]] = 1
        elif action.startswith("import:"):
            alerts.extend(self._import(form, files, action[7:], notices))
        merged = merge(form, base)
        notices.extend(merged.notes)
        text = merged.text
        if action == "download":
            return _attachment(
                text.encode("utf-8"), f"{school_id}.yaml", "text/yaml; charset=utf-8"
            )
        if action == "save":
            path = self.ws.profile_path(school_id)
            own = origin == f"file:{school_id}"
            if path.exists() and not own and not form.get("_overwrite"):
                alerts.append(
                    f"Профиль {self.ws.display(path)} уже существует. Отметьте «перезаписать» "
                    "или укажите другой идентификатор."
                )
            else:
                self.ws.save(school_id, text)
                origin = f"file:{school_id}"
                _, errors = self.ws.check(text, school_id)
                tail = (
                    f" В профиле ошибок: {len(errors)} — они перечислены ниже."
                    if errors
                    else " Профиль в порядке: можно собирать пакет."
                )
                notices.append(f"Сохранено в {self.ws.display(path)}.{tail}")
        findings: list[str] = []
        if action == "build":
            try:
                data = self.ws.build(text, school_id, pdf=bool(form.get("_pdf")))
            except generator.ProfileInvalid:
                alerts.append("Пакет не собран: в профиле есть ошибки, они перечислены ниже.")
            except generator.VerificationFailed as exc:
                alerts.append("Пакет не собран: документы не прошли проверку. Замечания проверки:")
                findings = [f.format() for f in exc.findings]
            except generator.BuildError as exc:
                alerts.append(f"Пакет не собран: {exc}")
            else:
                return _attachment(data, f"{school_id}_профориентация.zip", "application/zip")
        return self.editor(
            request,
            school_id,
            origin,
            text,
            extra_rows=extra,
            notices=notices,
            alerts=alerts,
            findings=findings,
        )

    def _import(
        self, form: Form, files: dict[str, UploadFile], table: str, notices: list[str]
    ) -> list[str]:
        node = _table_node(table)
        if node is None:
            return ["Эта таблица не принимает файлы."]
        upload = files.get(join(table, "_file"))
        if upload is None:
            return ["Выберите файл CSV или XLSX, затем нажмите «Загрузить»."]
        data = upload.file.read(MAX_BODY + 1)
        result = tables.read_upload(upload.filename or "", data, node.item)
        if result.errors:
            return result.errors
        start = max(form.rows(table), default=-1) + 1
        for n, cells in enumerate(result.rows):
            row = join(table, start + n)
            form.set(join(row, ROW), "")
            for key, value in cells.items():
                form.set(join(row, key), value)
        notices.append(
            f"Из файла {Path(upload.filename or '').name} добавлено строк: {len(result.rows)}."
        )
        return []

    async def live(self, request: Request) -> Response:
        try:
            form, _ = await self._form(request)
        except BadRequest as exc:
            return HTMLResponse(
                f'<div id="summary" hx-swap-oob="true" class="summary bad"><p>{_esc(str(exc))}'
                "</p></div>"
            )
        school_id = (form.get("_school") or "").strip()
        try:
            self.ws.profile_path(school_id)
        except BadRequest:
            school_id = _safe_id(school_id)
        merged = merge(form, form.get("_base") or "")
        _, errors = self.ws.check(merged.text, school_id)
        plain = yamldoc.plain_load(merged.text) or {}
        page_slots = _page_slots(form)
        rows = self._error_rows(errors, merged.rows, page_slots, plain, school_id)
        by_slot: dict[str, list[str]] = {}
        for row in rows:
            by_slot.setdefault(row["slot"], []).append(row["message"])
        view = build_view(plain if isinstance(plain, dict) else {})
        roles = None
        if view.staff_signature != form.get("_staff_sig"):
            roles = next((s for s in view.sections if s.get("roles")), None)
        return self.page(
            request,
            "live.html",
            errors=rows,
            by_slot=by_slot,
            roles=roles,
            signature=view.staff_signature,
            notices=merged.notes,
        )

    async def api_validate(self, request: Request) -> Response:
        school_id = request.query_params.get("school", "profile")
        try:
            self.ws.profile_path(school_id)
            text = _body_text(await request.body())
        except BadRequest as exc:
            return JSONResponse({"message": str(exc)}, status_code=400)
        _, errors = self.ws.check(text, school_id)
        return JSONResponse([_api_error(e) for e in errors])

    async def api_build(self, request: Request) -> Response:
        school_id = request.query_params.get("school", "profile")
        pdf = request.query_params.get("pdf", "") in {"1", "true", "yes"}
        try:
            self.ws.profile_path(school_id)
            text = _body_text(await request.body())
            data = self.ws.build(text, school_id, pdf=pdf)
        except BadRequest as exc:
            return JSONResponse({"message": str(exc)}, status_code=400)
        except generator.ProfileInvalid as exc:
            return JSONResponse({"errors": [_api_error(e) for e in exc.errors]}, status_code=422)
        except generator.VerificationFailed as exc:
            findings = [f.to_dict() for f in exc.findings]
            return JSONResponse({"message": str(exc), "findings": findings}, status_code=422)
        except generator.BuildError as exc:
            return JSONResponse({"message": str(exc)}, status_code=422)
        return _attachment(data, f"{school_id}_профориентация.zip", "application/zip")


def _api_error(e: Any) -> dict[str, Any]:
    return {
        "file": e.file,
        "line": e.line,
        "column": e.column,
        "path": list(e.path),
        "message": e.message,
    }


def _body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise BadRequest("Тело запроса — не текст в UTF-8.") from None


def _page_slots(form: Form) -> set[str]:
    """The error slots a page has, read off the names it submitted."""
    slots = {""}
    for name in form.values:
        parts = name.split(".")
        if parts[0].startswith("_"):
            continue
        last = parts[-1]
        keep = parts if last in ("_key", "delegated_to") or not last.startswith("_") else parts[:-1]
        if last in ("mode", "holders", "basis") and len(parts) >= 2 and parts[0] == "roles":
            keep = parts[:-1]
        for i in range(1, len(keep) + 1):
            slots.add(".".join(keep[:i]))
    return slots


def _importable_tables() -> set[str]:
    out: set[str] = set()

    def walk(node: Any, prefix: str) -> None:
        if isinstance(node, Group):
            for child in node.children:
                walk(child, join(prefix, child.key))
        elif isinstance(node, RecordTable):
            out.add(prefix)

    walk(profile_spec(), "")
    return out


def _table_node(name: str) -> RecordTable | KeyedTable | None:
    node: Any = profile_spec()
    for part in name.split("."):
        node = node.child(part) if isinstance(node, Group) else None
        if node is None:
            return None
    return node if isinstance(node, RecordTable) else None


def _safe_id(text: str) -> str:
    import re

    cleaned = re.sub(r"[^A-Za-z0-9_\-]", "_", text)[:64].strip("_")
    return cleaned or "school"


def _esc(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _attachment(data: bytes, filename: str, media_type: str) -> Response:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


async def _too_large_response(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(_too_large(MAX_BODY), status_code=413)


async def _server_error(request: Request, exc: Exception) -> Response:
    return PlainTextResponse(
        "Внутренняя ошибка формы. Вернитесь назад и нажмите «Скачать YAML», чтобы не потерять "
        "изменения, и сообщите разработчикам, что вы делали.",
        status_code=500,
    )


def create_app(schools: Path = Path("data/schools")) -> ASGIApp:
    web = WebForm(Workspace(schools))
    routes = [
        Route("/", web.home),
        Route("/edit", web.edit_get, methods=["GET"]),
        Route("/edit", web.edit_post, methods=["POST"]),
        Route("/new", web.new, methods=["GET"]),
        Route("/open", web.open_upload, methods=["POST"]),
        Route("/live", web.live, methods=["POST"]),
        Route("/api/validate", web.api_validate, methods=["POST"]),
        Route("/api/build", web.api_build, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    handlers = {_TooLarge: _too_large_response, Exception: _server_error}
    app = Starlette(routes=routes, exception_handlers=handlers)  # type: ignore[arg-type]
    app.state.web = web
    return Guard(app)
