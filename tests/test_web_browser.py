"""The web form in a real headless Chromium: a new school from scratch, three mistakes shown
next to their fields, fixed, saved, built and unzipped.

Uses Debian's chromium and chromium-driver (.ci/run installs them); nothing is downloaded.
With PROFDOCS_SCREENSHOTS=docs the run also writes the README's screenshots there.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator
from generator.cli import main
from generator.documents import DOCUMENTS
from generator.web.server import bind, make_server
from generator.web.view import field_id, slot_id
from tests.web_form import NEW_SCHOOL

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
BY_HAND = Path(__file__).parent / "data" / "web_school_by_hand.yaml"
SCREENSHOTS = os.environ.get("PROFDOCS_SCREENSHOTS")
WAIT = 15

if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
    if os.environ.get("CI"):
        raise RuntimeError("CI needs chromium and chromium-driver: .ci/run installs them")
    pytest.skip("chromium / chromedriver not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    schools = tmp_path_factory.mktemp("schools")
    sock = bind(0)
    srv = make_server(sock, schools)
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert srv.started
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", schools
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[WebDriver, Path]]:
    downloads = tmp_path_factory.mktemp("downloads")
    profile = tempfile.mkdtemp(prefix="profdocs-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,900",
        "--lang=ru",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield driver, downloads
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def type_into(driver: WebDriver, name: str, text: str) -> None:
    element = driver.find_element(By.ID, field_id(name))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.clear()
    element.send_keys(text)


def message_at(driver: WebDriver, name: str) -> str:
    """Read in one script: a live answer may replace the element between two calls."""
    return driver.execute_script(
        "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';",
        slot_id(name),
    )


def summary(driver: WebDriver) -> str:
    return driver.execute_script("return document.getElementById('summary').textContent")


def settled(driver: WebDriver) -> None:
    """Wait until htmx has no request in flight (it marks the form with .htmx-request)."""
    wait_for(
        driver,
        lambda d: d.execute_script("return !document.querySelector('.htmx-request')"),
        "ответ живой проверки",
    )


def wait_for(driver: WebDriver, condition, what: str) -> None:
    WebDriverWait(driver, WAIT, poll_frequency=0.1).until(
        lambda d: condition(d), message=f"не дождались: {what}"
    )


def screenshot(driver: WebDriver, name: str, anchor: str) -> None:
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    driver.execute_script(
        "const e = document.getElementById(arguments[0]);"
        "const bar = document.querySelector('.bar').getBoundingClientRect().height;"
        "window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - bar - 12);",
        anchor,
    )
    time.sleep(0.2)
    driver.save_screenshot(str(folder / name))


MISTAKES = {
    # field → (wrong value, a piece of the message `profdocs validate` gives)
    "academic_year": ("2026-2027", "Учебный год пишется как «2026/2027»."),
    "staff.3.name": ("Кравец Ольга", "Нужны Фамилия Имя Отчество полностью"),
    "acts.pedagogical_council.date": ("02.09.2026", "Дата протокола должна быть не позже"),
}


def test_new_school_from_scratch(server: tuple[str, Path], browser: tuple[WebDriver, Path]) -> None:
    url, schools = server
    driver, downloads = browser
    driver.get(url + "/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Профиль школы"
    driver.find_element(By.ID, "new-school").send_keys("berezovka")
    driver.find_element(By.CSS_SELECTOR, "form[action='/new'] button").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "editor"), "форма профиля")
    # The starter's empty fields are reported at once, as `profdocs validate` would.
    assert "Ошибок в профиле" in summary(driver)

    for name, value in NEW_SCHOOL.items():
        wrong = MISTAKES.get(name, (value, ""))[0]
        type_into(driver, name, wrong)
    for name, (_, message) in MISTAKES.items():
        wait_for(driver, lambda d, n=name, m=message: m in message_at(d, n), f"ошибка у {name}")
    wait_for(driver, lambda d: "Ошибок в профиле: 3" in summary(d), "три ошибки в сводке")
    settled(driver)
    for _, message in MISTAKES.values():
        assert message in summary(driver)
    # Only the three fields carry a message.
    shown = driver.execute_script(
        "return [...document.querySelectorAll('#editor .err')]"
        ".filter(e => e.textContent.trim()).map(e => e.id)"
    )
    assert sorted(shown) == sorted(slot_id(n) for n in MISTAKES)
    screenshot(driver, "web-form-errors.png", "summary")
    screenshot(driver, "web-form-staff.png", "sec-staff")

    for name in MISTAKES:
        type_into(driver, name, NEW_SCHOOL[name])
    wait_for(driver, lambda d: "Профиль в порядке" in summary(d), "профиль в порядке")
    settled(driver)
    assert all(not message_at(driver, n) for n in MISTAKES)

    driver.find_element(By.CSS_SELECTOR, "button[value='save']").click()
    wait_for(
        driver,
        lambda d: any("Сохранено" in p.text for p in d.find_elements(By.CLASS_NAME, "notice")),
        "сохранение",
    )
    saved = schools / "berezovka.yaml"
    result = CliRunner().invoke(main, ["validate", str(saved)])
    assert result.exit_code == 0, result.output

    driver.find_element(By.CSS_SELECTOR, "button[value='build']").click()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = [p for p in downloads.glob("*.zip") if not p.name.endswith(".crdownload")]
        if done:
            break
        time.sleep(0.1)
    assert done, "ZIP не скачан"
    package = zipfile.ZipFile(io.BytesIO(done[0].read_bytes()))
    names = sorted(package.namelist())
    assert len(names) == len(DOCUMENTS) and all(n.startswith("berezovka/") for n in names)
    by_hand = generator.render_package(BY_HAND).documents
    for name in names:
        assert package.read(name) == by_hand[name.split("/", 1)[1]], name


def test_added_staff_member_can_be_given_a_role_at_once(
    server: tuple[str, Path], browser: tuple[WebDriver, Path]
) -> None:
    """«Добавить строку» swaps the form in place (htmx); the new person appears in the role
    pickers as soon as the name is typed, without a reload."""
    url, schools = server
    driver, _ = browser
    shutil.copy(Path(__file__).parent.parent / "data" / "schools" / "mirny.yaml", schools)
    driver.get(url + "/edit?school=mirny")
    driver.execute_script("window.__same_page = true")
    add = driver.find_element(By.CSS_SELECTOR, "button[value='add:staff']")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
    add.click()
    wait_for(driver, lambda d: d.find_elements(By.ID, field_id("staff.7.name")), "новая строка")
    assert driver.execute_script("return window.__same_page === true")  # no reload
    type_into(driver, "staff.7.name", "Ёлкин Пётр Ильич")
    type_into(driver, "staff.7.position", "учитель химии")
    box = "#pick-class_teacher-holders input[value='elkin']"
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, box), "новый сотрудник в ролях")
    settled(driver)
    checkbox = driver.find_element(By.CSS_SELECTOR, box)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", checkbox)
    checkbox.click()
    settled(driver)
    driver.find_element(By.CSS_SELECTOR, "button[value='save']").click()
    wait_for(
        driver,
        lambda d: any("Сохранено" in p.text for p in d.find_elements(By.CLASS_NAME, "notice")),
        "сохранение",
    )
    valid, errors = generator.validate_file(schools / "mirny.yaml")
    assert errors == []
    assert valid.profile.staff["elkin"].position == "учитель химии"
    assert valid.profile.roles.class_teacher.holders[-1] == "elkin"
