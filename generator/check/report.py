"""What `profdocs check` prints: the report, its exit code, and Jinja's errors in Russian."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from ..diagnostics import Finding
from ..edition import Edition, PackageStatus
from ..russian.numbers import plural


def exit_code(findings: Iterable[Finding]) -> int:
    """0 when nothing is broken (warnings allowed), 1 when any error."""
    return 1 if any(f.severity == "error" for f in findings) else 0


def format_report(findings: list[Finding], as_json: bool = False) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if as_json:
        return json.dumps(
            {
                "ok": errors == 0,
                "errors": errors,
                "warnings": warnings,
                "findings": [f.to_dict() for f in findings],
            },
            ensure_ascii=False,
            indent=2,
        )
    if not findings:
        return "Проверка шаблонов: ошибок и предупреждений нет."
    body = "\n\n".join(f.format() for f in findings)
    summary = f"Итого: {plural(errors, 'ошибка', 'ошибки', 'ошибок')}, " + plural(
        warnings, "предупреждение", "предупреждения", "предупреждений"
    )
    if errors:
        summary += ". Шаблоны не пройдут проверку, пока ошибки не исправлены."
    return f"{body}\n\n{summary}"


def format_outdated(
    statuses: list[PackageStatus], installed: Edition, output_dir: str, as_json: bool = False
) -> str:
    """`profdocs check --outdated`: which schools' packages need a rebuild, and why."""
    stale = [s for s in statuses if s.verdict in ("older", "changed")]
    if as_json:
        return json.dumps(
            {
                "installed": {"version": installed.version, "date": installed.date.isoformat()},
                "outdated": len(stale),
                "schools": [
                    {
                        "school": s.school_id,
                        "version": s.edition.version or None,
                        "date": s.edition.date.isoformat() if s.edition.recorded else None,
                        "status": s.verdict,
                    }
                    for s in statuses
                ],
            },
            ensure_ascii=False,
            indent=2,
        )
    lines = [f"Установлена редакция шаблонов {installed.label()}."]
    for s in statuses:
        if s.verdict == "older":
            built = f"по редакции {s.edition.label()}" if s.edition.recorded else s.edition.label()
            lines.append(f"{s.school_id}: пакет собран {built}: пересоберите его.")
        elif s.verdict == "changed":
            lines.append(
                f"{s.school_id}: пакет собран по редакции {s.edition.label()}, но шаблоны с тех "
                "пор изменены без новой редакции: пересоберите его."
            )
        elif s.verdict == "newer":
            lines.append(
                f"{s.school_id}: пакет собран по более новой редакции ({s.edition.label()}), чем "
                "установленная: обновите шаблоны."
            )
    total = plural(len(statuses), "пакета", "пакетов", "пакетов").replace(f"{len(statuses)} ", "")
    if not statuses:
        lines.append(f"В {output_dir} нет собранных пакетов.")
    elif stale:
        lines.append(
            f"Пересобрать нужно {len(stale)} из {len(statuses)} {total} в {output_dir}: "
            "profdocs build ПРОФИЛИ -o " + output_dir
        )
    elif any(s.verdict == "newer" for s in statuses):
        lines.append(f"Пакетов старше установленной редакции в {output_dir} нет.")
    else:
        lines.append(f"Все пакеты в {output_dir} ({len(statuses)}) собраны по этой редакции.")
    return "\n".join(lines)


def syntax_message(msg: str) -> str:
    m = re.search(r"looking for the following tags: (.+?)\. The innermost block .* is '(\w+)'", msg)
    if "Unexpected end of template" in msg and m:
        block = m.group(2)
        return (
            f"Блок {{% {block} %}} не закрыт: не хватает {{% end{block} %}}. Добавьте "
            f"закрывающий тег того же вида, что и открывающий ({{%p end{block} %}} для "
            f"абзацев, {{%tr end{block} %}} для строк таблицы). (Jinja: {msg})"
        )
    m = re.search(r"Encountered unknown tag '(\w+)'", msg)
    if m:
        tag = m.group(1)
        if tag in ("tr", "tc", "p", "r"):
            return (
                f"Неизвестный тег «{{% {tag} …»: docxtpl понимает только слитное «{{%{tag} …%}}». "
                f"Уберите пробел после «{{%». (Jinja: {msg})"
            )
        if tag.startswith("end"):
            return (
                f"Лишний тег {{% {tag} %}}: для него нет открывающего {{% {tag[3:]} … %}} "
                f"(или он уже закрыт). Удалите лишний тег или верните открывающий. (Jinja: {msg})"
            )
        return (
            f"Неизвестный оператор «{tag}» в теге {{% … %}}. Допустимы for, if, elif, else, "
            f"set, with и их end-теги; проверьте написание. (Jinja: {msg})"
        )
    m = re.search(r"unexpected char '(.)'", msg)
    if m:
        return (
            f"Недопустимый символ «{m.group(1)}» внутри тега. В теге допустимы имена "
            "переменных латиницей, точки, скобки, кавычки и знаки операций; уберите этот "
            f"символ или заключите текст с ним в кавычки. (Jinja: {msg})"
        )
    m = re.search(r"expected token '([^']+)', got '([^']+)'", msg)
    if m:
        return (
            f"В теге ожидалось «{m.group(1)}», а стоит «{m.group(2)}»: проверьте пробелы, "
            f"точки, скобки и кавычки. (Jinja: {msg})"
        )
    m = re.search(r"unexpected '([^']+)'", msg)
    if m:
        return (
            f"Лишний или неуместный знак «{m.group(1)}» в теге: проверьте парность скобок "
            f"{{{{ }}}} и {{% %}}. (Jinja: {msg})"
        )
    return f"Ошибка в теге Jinja: тег записан неверно. Исправьте его. (Jinja: {msg})"
