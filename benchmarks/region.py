"""A synthetic region: N school profiles that look like the ones a real region sends in.

Seeded, so a benchmark run is repeatable. Varies what makes documents differ in cost and in
shape: Russian ФИО of both genders (double-barrelled surnames, indeclinable ones, «оглы» /
«кызы» patronymics), city schools with every post filled and rural ones where functions are
delegated, default and custom plans of different sizes, empty and long consultation
journals, names with quotes and ampersands that must be escaped.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any, get_args

import yaml

from generator.model import ActivityKey, DirectionKey


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# (male, female) surname pairs; indeclinable ones repeat the same form.
SURNAMES: tuple[tuple[str, str], ...] = (
    *(
        (s, s + "а")
        for s in _words(
            "Иванов Смирнов Кузнецов Попов Соколов Лебедев Козлов Новиков Морозов Петров "
            "Волков Соловьёв Васильев Зайцев Павлов Семёнов Голубев Виноградов Богданов "
            "Воробьёв Фёдоров Михайлов Тарасов Белов Комаров Орлов Киселёв Макаров Андреев "
            "Ковалёв Ильин Гусев Титов Кузьмин Кудрявцев Баранов Куликов Алексеев Степанов "
            "Сорокин Романов Захаров Борисов Королёв Герасимов Пономарёв Григорьев Медведев "
            "Ершов Никитин Соболев Поляков Цветков Данилов Жуков Фролов Журавлёв Крылов "
            "Мамедов Алиев Гасанов Гусейнов Ахмедов Садыков Валиев Галиев Мухаметзянов"
        )
    ),
    *(
        (s, s[:-2] + "ая")
        for s in _words("Вишневский Островский Ковальский Соколовский Толстой Успенский Полянский")
    ),
    *(
        (s, s)
        for s in _words(
            "Шевчук Белых Черных Седых Ткаченко Бондаренко Шевченко Ким Дурново Гайдамака Кравец"
        )
    ),
)
MALE_NAMES = _words(
    "Александр Алексей Андрей Артём Борис Вадим Василий Виктор Владимир Дмитрий Евгений Иван "
    "Игорь Илья Кирилл Константин Лев Максим Михаил Никита Николай Олег Павел Пётр Роман "
    "Сергей Степан Юрий Ярослав Фёдор Рашид Эльдар Тимур Руслан Ильдар Рустам"
)
FEMALE_NAMES = _words(
    "Анна Алёна Валентина Галина Дарья Екатерина Елена Ирина Ксения Любовь Людмила Марина "
    "Мария Наталья Надежда Нина Ольга Светлана Татьяна Юлия Софья Айгуль Гульнара Лейла Севиль"
)
# Father's name → (male patronymic, female patronymic).
PATRONYMICS: tuple[tuple[str, str], ...] = (
    ("Александрович", "Александровна"),
    ("Алексеевич", "Алексеевна"),
    ("Андреевич", "Андреевна"),
    ("Борисович", "Борисовна"),
    ("Викторович", "Викторовна"),
    ("Владимирович", "Владимировна"),
    ("Дмитриевич", "Дмитриевна"),
    ("Евгеньевич", "Евгеньевна"),
    ("Иванович", "Ивановна"),
    ("Игоревич", "Игоревна"),
    ("Ильич", "Ильинична"),
    ("Константинович", "Константиновна"),
    ("Львович", "Львовна"),
    ("Михайлович", "Михайловна"),
    ("Николаевич", "Николаевна"),
    ("Олегович", "Олеговна"),
    ("Павлович", "Павловна"),
    ("Петрович", "Петровна"),
    ("Сергеевич", "Сергеевна"),
    ("Юрьевич", "Юрьевна"),
    ("Фёдорович", "Фёдоровна"),
)
TURKIC_FATHERS = _words("Кямал Ахмед Гасан Рафик Эльчин Намик")
SUBJECTS = (
    "математики",
    "физики",
    "русского языка и литературы",
    "истории и обществознания",
    "географии",
    "биологии",
    "химии",
    "информатики",
    "английского языка",
    "технологии",
    "физической культуры",
    "начальных классов",
)
# Unusual titles: not in generator/positions.yaml, so pymorphy3 declines them.
RARE_POSITIONS = ("лаборант", "инженер-программист", "системный администратор")
LOCALITIES = (
    ("г. Томск", "Город Томск", "г. Томска"),
    ("г. Северск", "ЗАТО Северск", "г. Северска"),
    ("г. Асино", "Асиновский район", "г. Асино"),
    ("г. Колпашево", "Колпашевский район", "г. Колпашево"),
    ("г. Стрежевой", "Городской округ Стрежевой", "г. Стрежевого"),
    ("с. Бакчар", "Бакчарский район", "с. Бакчар"),
    ("с. Кожевниково", "Кожевниковский район", "с. Кожевниково"),
    ("с. Молчаново", "Молчановский район", "с. Молчаново"),
    ("с. Парабель", "Парабельский район", "с. Парабель"),
    ("с. Подгорное", "Чаинский район", "с. Подгорное"),
    ("пос. Белый Яр", "Верхнекетский район", "пос. Белый Яр"),
    ("с. Мельниково", "Шегарский район", "с. Мельниково"),
    ("с. Каргасок", "Каргасокский район", "с. Каргасок"),
    ("с. Зырянское", "Зырянский район", "с. Зырянское"),
)
FORMS = ("автономное", "бюджетное", "казённое", "казенное")
KINDS = (
    "Средняя общеобразовательная школа № {n}",
    "Основная общеобразовательная школа № {n}",
    "Лицей № {n}",
    "Гимназия № {n}",
    "Средняя общеобразовательная школа № {n} имени Героя Советского Союза А.И. Королёва",
    "Средняя общеобразовательная школа № {n} с углублённым изучением отдельных предметов",
)
ENTERPRISES = (
    'АО "Сибирский химический комбинат"',
    "ООО «Томскнефтехим»",
    "АО «Томская генерирующая компания»",
    "ООО «Газпром трансгаз Томск»",
    "Томский завод «Сибкабель» & партнёры",
    "АО «НПЦ «Полюс»»",
)
COLLEGES = (
    "ОГБПОУ «Томский политехнический техникум»",
    "ОГБПОУ «Томский аграрный колледж»",
    "ОГБПОУ «Колпашевский социально-промышленный колледж»",
)
UNIVERSITIES = (
    "Томский государственный университет",
    "Томский политехнический университет",
    "ТУСУР",
    "Сибирский государственный медицинский университет",
)
# The same keys the profile model accepts: they come from generator/catalog/plan_defaults.yaml.
DIRECTIONS: tuple[str, ...] = get_args(DirectionKey)
ACTIVITIES: tuple[str, ...] = get_args(ActivityKey)
TOPICS = (
    ("Выбор профиля обучения в 10 классе", "Рекомендована диагностика профессиональных интересов"),
    ("Поступление в колледж после 9 класса", "Даны сведения о приёмных кампаниях колледжей"),
    ("Как выбрать профессию: карта интересов", "Выданы индивидуальные карты интересов"),
    ("Подготовка к профильным пробам", "Составлен график проб & экскурсий"),
    ('Участие в проекте "Билет в будущее"', "Зарегистрирован на платформе, выбраны пробы"),
)
ROLE_KEYS_BY_EVENT = ("coordinator", "class_teacher", "deputy_uvr", "psychologist", "director")


class _People:
    """Unique staff keys and believable full names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def person(self, position: str, **extra: Any) -> tuple[str, dict[str, Any]]:
        rng = self.rng
        female = rng.random() < 0.7  # most school staff are women
        m, f = rng.choice(SURNAMES)
        surname = f if female else m
        if rng.random() < 0.06:  # double-barrelled: Петрова-Водкина
            m2, f2 = rng.choice(SURNAMES[:60])
            surname = f"{surname}-{f2 if female else m2}"
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        if rng.random() < 0.05:
            patronymic = f"{rng.choice(TURKIC_FATHERS)} {'кызы' if female else 'оглы'}"
        else:
            pm, pf = rng.choice(PATRONYMICS)
            patronymic = pf if female else pm
        data: dict[str, Any] = {"name": f"{surname} {first} {patronymic}", "position": position}
        if rng.random() < 0.03:  # some schools state it even where the patronymic tells
            data["gender"] = "female" if female else "male"
        data.update(extra)
        key = _key(surname, first)
        while key in self.used:
            key += "x"
        self.used.add(key)
        return key, data


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        _words("a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh sch _ y _ e yu ya"),
        strict=True,
    )
)


def _key(surname: str, first: str) -> str:
    base = "".join(_TRANSLIT.get(c, "") for c in surname.lower().split("-")[0])
    return f"{base.strip('_')}_{_TRANSLIT[first[0].lower()]}"


def make_profile(rng: random.Random, number: int) -> dict[str, Any]:
    people = _People(rng)
    locality, municipality, genitive = rng.choice(LOCALITIES)
    rural = locality.startswith(("с.", "пос."))
    kind = rng.choice(KINDS).format(n=number % 150 + 1)
    legal = f"Муниципальное {rng.choice(FORMS)} общеобразовательное учреждение"
    if rng.random() < 0.03:  # the declension table does not cover it: pymorphy3 does
        legal = "Муниципальное бюджетное вечернее (сменное) общеобразовательное учреждение"
    elif rng.random() < 0.03:
        legal = "Частное общеобразовательное учреждение"
    short_form = "".join(w[0].upper() for w in legal.split()[:-1] if w[0].isalpha()) + "У"
    full_name = f"{legal} «{kind}» {genitive}"
    short_name = f"{short_form} «{kind.split(' имени')[0]}» {genitive}"

    staff: dict[str, dict[str, Any]] = {}

    def hire(position: str, **extra: Any) -> str:
        key, data = people.person(position, **extra)
        staff[key] = data
        return key

    director = hire("директор")
    uvr = hire(
        rng.choice(
            ("заместитель директора по учебно-воспитательной работе", "зам. директора по УВР")
        )
    )
    teachers = [hire(f"учитель {rng.choice(SUBJECTS)}") for _ in range(rng.randint(4, 12))]
    medical = hire(rng.choice(("медицинская сестра", "фельдшер")), pedagogical=False)
    roles: dict[str, Any] = {"director": director, "deputy_uvr": uvr}
    basis = f"приказ от 28.08.2026 № {rng.randint(90, 130)}-о"
    # Rural schools: few posts, functions delegated (as in data/schools/mirny.yaml).
    delegate = rural and rng.random() < 0.8
    roles["deputy_vr"] = (
        {"delegated_to": uvr, "basis": basis}
        if delegate
        else hire("заместитель директора по воспитательной работе")
    )
    if delegate or rng.random() < 0.2:
        roles["psychologist"] = {"delegated_to": rng.choice(teachers), "basis": basis}
        roles["social_pedagogue"] = {"delegated_to": uvr}
        roles["librarian"] = {"delegated_to": rng.choice(teachers)}
        roles["additional_education_teacher"] = {"delegated_to": rng.choice(teachers)}
    else:
        roles["psychologist"] = hire("педагог-психолог")
        roles["social_pedagogue"] = hire(rng.choice(("социальный педагог", "соц. педагог")))
        roles["librarian"] = hire(rng.choice(("педагог-библиотекарь", "библиотекарь")))
        pdo = [hire("педагог дополнительного образования") for _ in range(rng.randint(1, 3))]
        roles["additional_education_teacher"] = pdo
    if rng.random() < 0.1:
        hire(rng.choice(RARE_POSITIONS), pedagogical=False)
    coordinator_pool = [*teachers]
    if isinstance(roles["psychologist"], str):
        coordinator_pool.append(roles["psychologist"])
    roles["coordinator"] = rng.choice(coordinator_pool)
    roles["class_teacher"] = rng.sample(teachers, k=min(len(teachers), rng.randint(2, 9)))
    roles["subject_teacher"] = rng.sample(teachers, k=min(len(teachers), rng.randint(3, 10)))
    roles["medical_worker"] = medical

    order_date = dt.date(2026, 8, rng.randint(25, 31))
    acts: dict[str, Any] = {
        "order": {
            "number": f"{rng.randint(1, 250)}-о",
            "date": order_date,
            "effective_date": dt.date(2026, 9, 1),
        },
        "pedagogical_council": {
            "number": str(rng.randint(1, 3)),
            "date": order_date - dt.timedelta(days=rng.randint(1, 5)),
        },
        "gost_edition": "2025",  # the 2016 edition is refused (repealed)
    }
    # the councils' opinion, or why there is none (273-ФЗ ст. 30 ч. 3)
    if rng.random() < 0.6:
        acts["student_council"] = {"number": "1", "date": order_date - dt.timedelta(days=3)}
    else:
        acts["no_student_council"] = "Совет обучающихся в школе не создан."
    if rng.random() < 0.6:
        acts["parent_council"] = {"number": 1, "date": order_date - dt.timedelta(days=2)}
    else:
        acts["no_parent_council"] = "Совет родителей в школе не создан."
    if rng.random() < 0.5:
        acts["plan_approval_date"] = dt.date(2026, 9, 1)

    partners: dict[str, Any] = {
        "enterprises": rng.sample(ENTERPRISES, k=rng.randint(0, 3)),
        "colleges": rng.sample(COLLEGES, k=rng.randint(0, 2)),
        "universities": rng.sample(UNIVERSITIES, k=rng.randint(0, 3)),
    }
    if rng.random() < 0.7:
        partners["employment_centre"] = f"ОГКУ «Центр занятости населения {genitive}»"

    house = rng.randint(1, 40)
    address = f"634{rng.randint(0, 999):03d}, {locality}, ул. Школьная, д. {house}"
    profile: dict[str, Any] = {
        "school": {
            "full_name": full_name,
            "short_name": short_name,
            "locality": locality,
            "municipality": municipality,
            **({"address": address} if rng.random() < 0.7 else {}),
            **(
                {}
                if municipality in ("Город Томск", "Томский район")
                else {"education_authority": f"отдел образования «{municipality}»"}
            ),
            "region": "tomsk",
        },
        "academic_year": "2026/2027",
        "staff": staff,
        "roles": roles,
        "acts": acts,
        "profminimum": {"level": rng.choice(("базовый", "основной", "продвинутый"))},
        "partners": partners,
    }
    if rng.random() < 0.3:  # a custom plan instead of the default one
        events = [_event(rng, teachers) for _ in range(rng.randint(3, 30))]
        # the course «Россия — мои горизонты» and more: the level's hours in every grade
        events[0].update(classes="1–11", hours=80)
        for month in (9, 3):  # the region's career weeks belong in every plan
            week = _event(rng, teachers)
            week.update(title="Единая неделя профориентации", direction="informing", months=[month])
            events.insert(rng.randint(0, len(events)), week)
        profile["plan"] = {"events": events}
    profile["journal"] = _journal(rng)
    return profile


def _event(rng: random.Random, teachers: list[str]) -> dict[str, Any]:
    months = sorted(rng.sample((9, 10, 11, 12, 1, 2, 3, 4, 5, 6), k=rng.randint(1, 10)))
    responsible = rng.sample(ROLE_KEYS_BY_EVENT, k=rng.randint(1, 2))
    if rng.random() < 0.3:
        responsible.append(rng.choice(teachers))
    low = rng.randint(1, 10)
    return {
        "title": rng.choice(
            (
                "Экскурсия на предприятие",
                "Профессиональные пробы на базе колледжа",
                "Классный час «Мир профессий»",
                'Встреча с выпускниками "Моя профессия" & карьера',
                "Диагностика профессиональных интересов обучающихся 8–9 классов",
            )
        ),
        "direction": rng.choice(DIRECTIONS),
        "activity": rng.choice(ACTIVITIES),
        "months": months,
        "classes": f"{low}–{rng.randint(low, 11)}",
        "responsible": responsible,
        "partners": rng.sample(ENTERPRISES, k=rng.randint(0, 2)),
    }


def _journal(rng: random.Random, count: int | None = None) -> dict[str, Any]:
    """A consultation journal; `count` entries, or a size drawn as real journals vary."""
    entries = []
    if count is None:
        count = rng.choice((0, 0, 2, 5, 10, 20, 40, 80))
    for _ in range(count):
        category = rng.choice(("обучающийся", "обучающийся", "родитель", "педагог"))
        group = category == "обучающийся" and rng.random() < 0.3
        grade = f"{rng.randint(6, 11)}{rng.choice('АБВГ')}"
        topic, result = rng.choice(TOPICS)
        first = rng.choice(FEMALE_NAMES + MALE_NAMES)
        surname = rng.choice(SURNAMES)[0]
        entry: dict[str, Any] = {
            "date": dt.date(2026, 9, 1) + dt.timedelta(days=rng.randint(0, 270)),
            "person": f"{grade} класс" if group else f"{surname} {first}",
            "grade": grade,
            "category": category,
            "form": "групповая" if group else "индивидуальная",
            "topic": topic,
            "result": result,
        }
        if group:
            entry["participants"] = rng.randint(5, 30)
        entries.append(entry)
    return {"blank_rows": rng.choice((0, 10, 25, 60)), "entries": entries}


def write_region(out_dir: Path, schools: int, seed: int = 2026) -> list[Path]:
    """Write `schools` profiles as school_0001.yaml …; the same seed gives the same files."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(1, schools + 1):
        profile = make_profile(rng, number)
        path = out_dir / f"school_{number:04d}.yaml"
        text = yaml.safe_dump(profile, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_journal_school(out_dir: Path, entries: int, seed: int = 2026) -> Path:
    """One school whose journal has exactly `entries` entries (memory of a long journal)."""
    rng = random.Random(seed)
    profile = make_profile(rng, 1)
    profile["journal"] = _journal(rng, entries)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"journal_{entries}.yaml"
    text = yaml.safe_dump(profile, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    return path
