"""`profdocs init` and `profdocs schema`: a starter profile and the profile's JSON Schema."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .paths import SCHEMA_PATH


def schema_json() -> str:
    from .model import Profile

    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Профиль школы для profdocs"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _schema_ref(profile_path: Path) -> str:
    try:
        return os.path.relpath(SCHEMA_PATH, profile_path.resolve().parent).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return SCHEMA_PATH.as_uri()


STARTER = """\
# yaml-language-server: $schema={schema}
# Профиль школы для profdocs. Заполните пустые значения ("") по подсказкам в комментариях,
# затем проверьте профиль:  profdocs validate {path}
# Команда покажет все незаполненные и ошибочные места с номерами строк.
# Даты пишите как 2026-08-31 или 31.08.2026. Текст с двоеточием берите в кавычки.
# Кавычки внутри наименований можно набирать обычные ("…"): в документах будут «…» и „…“.

school:
  # Полное наименование точно как в уставе:
  # Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная школа № 5» г. Томска
  full_name: ""
  # Сокращённое наименование по уставу: МАОУ СОШ № 5 г. Томска
  short_name: ""
  # Место составления документов: г. Томск, с. Мирный, п. Белый Яр
  locality: ""
  # Муниципальное образование: Город Томск, Томский район
  municipality: ""
  # Классы, которые есть в школе: "1–4" (начальная), "1–9" (основная), "1–11", "5–11"
  grades: "1–11"
  # Орган управления образованием, если муниципалитета нет в справочнике (со строчной буквы):
  # education_authority: управление образования администрации Асиновского района
  # region: tomsk   — регион (по умолчанию Томская область)

# Учебный год, на который составляются документы: 2026/2027
academic_year: ""

# Сотрудники. Ключ слева (латиницей) — это имя, по которому на сотрудника ссылается раздел
# roles. ФИО — полностью: Фамилия Имя Отчество. Пол (gender: male/female) можно не указывать:
# он определяется по отчеству. Должность — со строчной буквы, как в штатном расписании.
staff:
  director:
    name: ""
    position: директор
  deputy_uvr:
    name: ""
    position: заместитель директора по учебно-воспитательной работе
  deputy_vr:
    name: ""
    position: заместитель директора по воспитательной работе
  coordinator:
    name: ""
    # Координатор — педагогический работник (Прил. 2, п. 1.2): учитель, педагог-психолог …
    position: учитель
  psychologist:
    name: ""
    position: педагог-психолог
  librarian:
    name: ""
    position: педагог-библиотекарь
  nurse:
    name: ""
    position: медицинская сестра
  # Добавьте учителей, классных руководителей, педагогов дополнительного образования:
  # teacher_1:
  #   name: Петров Андрей Николаевич
  #   position: учитель физики

# Кто исполняет каждую роль из Приложений 1–4. Значение — ключ сотрудника из staff или
# список ключей. Если должности в штате нет, возложите её функции на другого работника
# (основание — приказ; если его нет, функции возложит приказ о назначении координатора):
#   social_pedagogue: {{delegated_to: psychologist, basis: приказ от 28.08.2026 № 118-о}}
# Функции психолога, медицинского работника можно передать организации по соглашению:
#   psychologist: {{outsourced_to: ppms}}      — ключ организации из раздела organisations
roles:
  director: director
  deputy_uvr: deputy_uvr
  deputy_vr: deputy_vr
  coordinator: coordinator
  class_teacher: [coordinator]
  subject_teacher: [coordinator]
  psychologist: psychologist
  social_pedagogue: {{delegated_to: psychologist}}
  librarian: librarian
  medical_worker: nurse
  additional_education_teacher: {{delegated_to: coordinator}}

# Организации, с которыми школа работает по договору (ППМС-центр, ФАП, больница):
# organisations:
#   ppms:
#     name: Муниципальное бюджетное учреждение "Центр психолого-педагогической, медицинской и социальной помощи"
#     short_name: МБУ "ППМС-центр"
#     kind: ppms          # ppms, medical или other
#     agreement: соглашение о сетевом взаимодействии от 01.09.2026 № 7
# Работник другой организации (фельдшер ФАП) — в staff со строкой «employer: ключ_организации».

# Кто руководит работой координатора и кто утверждает план (по умолчанию — заместитель
# по УВР и директор):
# governance:
#   coordinator_supervisor: deputy_uvr   # или deputy_vr
#   plan_approver: director              # или coordinator_supervisor

# Реквизиты актов.
acts:
  # Приказ о назначении координатора; им же утверждаются положения и обязанности.
  order:
    number: ""          # номер приказа: 124-о
    date: ""            # дата приказа: 2026-08-31
    effective_date: ""  # с какого дня действует назначение: 2026-09-01
  # Протокол педагогического совета, принявшего положения (дата — не позже даты приказа).
  pedagogical_council:
    number: ""
    date: ""
  # Мнение советов обучающихся и родителей учитывается (ст. 30 ч. 3 273-ФЗ): протоколы.
  student_council:
    number: ""
    date: ""
  parent_council:
    number: ""
    date: ""
  # Если совета нет, удалите его протокол и напишите причину:
  # no_student_council: В школе обучаются только 1–4 классы; совет обучающихся не создан.

# Единая модель профориентации (профминимум) для 6–11 классов: базовый (40 ч), основной
# (60 ч), продвинутый (80 ч). В начальной школе (1–4) удалите раздел.
profminimum:
  level: базовый
  # Для приказа о реализации Единой модели (ключи сотрудников из staff; без них в приказе
  # останутся строки для записи от руки). Уберите «# » и впишите свои:
  # responsible: ivanova             # ответственный; по умолчанию — координатор
  # navigators: [shevchuk, belykh]   # педагоги-навигаторы
  # course_teachers:                 # курс «Россия — мои горизонты» (34 ч): класс: учитель
  #   6: elkina
  #   7: elkina
  # bilet_v_budushchee: true         # участие в проекте «Билет в будущее»
  # order: {{number: 125-о, date: 2026-08-31}}

# Социальные партнёры (можно оставить пустыми списками).
partners:
  enterprises: []        # предприятия: [ООО «Томскнефтехим»]
  colleges: []           # колледжи и техникумы
  universities: []       # вузы
  # employment_centre: ОГКУ «Центр занятости населения города Томска и Томского района»

# Журнал консультаций: записи можно перечислить здесь (entries) или вести в CSV (csv: файл.csv)
# со столбцами date, person, grade, category, form, participants, topic, result.
journal:
  blank_rows: 25
  retention_years: 3     # срок хранения журнала после окончания учебного года, лет
  # Запись консультации (уберите «# » в начале строк и впишите свои):
  # entries:
  #   - date: 2026-09-15
  #     person: Смирнов Кирилл Андреевич   # ФИО или код (О-001)
  #     grade: 9А                          # для родителя — класс ребёнка
  #     category: обучающийся              # обучающийся, родитель или педагог
  #     form: индивидуальная               # индивидуальная или групповая (participants: 24)
  #     topic: Выбор профиля обучения в 10 классе
  #     result: Рекомендована диагностика профессиональных интересов

# Журнал учёта выполненной работы (документ 07) и данные для информационно-аналитической
# справки (08). Без этих разделов журнал выйдет с пустыми строками, а в справке останутся
# строки «заполняется вручную». Записи — здесь (entries) или в CSV (csv: файл.csv) со столбцами
# date, title, event, grades, participants, participants_ovz, form, responsible, partner,
# result, hours. event — номер мероприятия в плане-сетке («5.7»): оно будет отмечено
# выполненным. form: proba (профессиональная проба), master_class, practice, excursion,
# lesson, meeting, event, course, other. responsible — ключ сотрудника из staff.
# work_log:
#   blank_rows: 20
#   entries:
#     - date: 2026-12-09
#       title: Профессиональная проба «Повар, кондитер»
#       event: "5.7"
#       grades: "9"
#       participants: 24
#       participants_ovz: 2     # из них с ОВЗ
#       form: proba
#       responsible: coordinator_key
#       partner: ОГБПОУ «Томский техникум индустрии питания»
#       result: Пробу прошли 24 обучающихся
#       hours: 4                # часов Единой модели для каждого участника

# Показатели мониторинга, которых нет в журналах, и прошлый год — для сравнения в справке.
# monitoring:
#   pupils_total: 845
#   pupils_ovz: 21
#   pupils_tested: 398                 # прошли профориентационное тестирование
#   additional_education_pupils: 118   # в объединениях доп. образования профориентационной направленности
#   additional_education_ovz: 4
#   teachers_trained: 6                # прошли повышение квалификации по профориентации
#   previous_year:                     # из прошлогодней справки
#     pupils_consulted: 20
#     parents_consulted: 3
#     events_held: 4
#     trials_held: 1
#     master_classes_held: 2
"""


def starter_profile(path: Path) -> str:
    return STARTER.format(schema=_schema_ref(path), path=path.as_posix())
