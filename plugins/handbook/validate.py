"""Check one file's front matter and turn it into a `Document`.

Each problem names the file, the field, what was expected and what was found,
because the reader is a manager fixing a policy, not a developer reading a
traceback. Checks that need every file (duplicate ids, references) live in
`handbook.handbook`.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from . import frontmatter
from .characters import first_bad_character, refusal
from .dates import add_months, out_of_range, parse_iso_date
from .fields import BY_NAME, FIELDS, KNOWN_NAMES, Field, Kind
from .markup import active_markup
from .model import DocType, Document, Question, Source, SourceFile, Status, Version
from .problems import Problem, Severity, describe, has_errors
from .rules import CONTROLLED_RULES
from .settings import Settings
from .theme_meta import PRINTED_UNCHECKED, theme_problems

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Ids name files and folders of the site (history/<id>/diff/...): kept well under
# the 255 bytes a file name may have.
MAX_ID = 80


class _Invalid(Exception):
    """A value failed its check; the message completes "field: ..."."""


def _text(value: Any, raw: str | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"expected text, got {describe(value)}")
    return value.strip()


def _slug(value: Any, raw: str | None) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise _Invalid(
            "expected lowercase words joined by hyphens, like child-protection, "
            f"got {describe(value)}"
        )
    if len(value) > MAX_ID:
        raise _Invalid(f"expected at most {MAX_ID} characters, got {len(value)}: "
                       "shorten it (the id names the page's files)")
    return value


def _date(value: Any, raw: str | None) -> date:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        wrong = out_of_range(value)
        if wrong:
            raise _Invalid(f"expected {wrong}")
        return value
    parsed = parse_iso_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise _Invalid(f"expected a date like 2026-09-01, got {describe(value)}")
    wrong = out_of_range(parsed)
    if wrong:
        raise _Invalid(f"expected {wrong}")
    return parsed


def _version(value: Any, raw: str | None) -> Version:
    # YAML reads 2.10 as the number 2.1; the raw text keeps what was typed.
    text = raw if isinstance(value, int | float) and raw is not None else value
    parsed = Version.parse(text) if isinstance(text, str) else None
    if parsed is None:
        raise _Invalid(f"expected MAJOR.MINOR like '2.1', got {describe(value)}")
    return parsed


def _months(value: Any, raw: str | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
        raise _Invalid(f"expected a whole number of months from 1 to 60, got {describe(value)}")
    return value


def _year(value: Any, raw: str | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= 2200:
        raise _Invalid(f"expected a year like 2013, got {describe(value)}")
    return value


def _text_list(value: Any, raw: str | None) -> list[str]:
    if not isinstance(value, list):
        raise _Invalid(f"expected a list (one '- item' per line), got {describe(value)}")
    for number, item in enumerate(value, 1):
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"expected text for item {number}, got {describe(item)}")
    return [item.strip() for item in value]


def _id_list(value: Any, raw: str | None) -> list[str]:
    items = _text_list(value, raw)
    for number, item in enumerate(items, 1):
        if not SLUG_RE.match(item) or len(item) > MAX_ID:
            raise _Invalid(
                f"expected document ids like child-protection for item {number}, "
                f"got {describe(item)}"
            )
    return items


def _sources(value: Any, raw: str | None) -> list[Source]:
    if not isinstance(value, list) or not value:
        raise _Invalid(f"expected a list of sources, each with a title and a url, "
                       f"got {describe(value)}")
    found = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict) or not isinstance(item.get("title"), str):
            raise _Invalid(f"expected item {number} to have a title and a url, "
                           f"got {describe(item)}")
        url = item.get("url")
        parts = urlparse(url if isinstance(url, str) else "")
        if not isinstance(url, str) or parts.scheme not in ("http", "https") or not parts.netloc:
            raise _Invalid(f"expected item {number} to have a url starting https://, "
                           f"got {describe(url)}")
        found.append(Source(item["title"].strip(), url))
    return found


QUESTION_KEYS = ("question", "options", "answer", "why", "see")


def _questions(value: Any, raw: str | None) -> list[Question]:
    if not isinstance(value, list) or not value:
        raise _Invalid("expected a list of questions, each with question, options, answer "
                       f"and why, got {describe(value)}")
    return [_question(number, item) for number, item in enumerate(value, 1)]


def _question(number: int, item: Any) -> Question:
    """One question of a check; errors name the question by its number."""
    where = f"question {number}"
    if not isinstance(item, dict):
        raise _Invalid(f"expected {where} to have question, options, answer and why, "
                       f"got {describe(item)}")
    unknown = [str(key) for key in item if key not in QUESTION_KEYS]
    if unknown:
        raise _Invalid(f"{where} has {', '.join(repr(k) for k in unknown)}: expected only "
                       f"{', '.join(QUESTION_KEYS)}")
    for key in ("question", "why"):
        text = item.get(key)
        if not isinstance(text, str) or not text.strip():
            raise _Invalid(f"{where} needs {key}: text, got {describe(text)}")
    options = item.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= 4:
        count = f"{len(options)} options" if isinstance(options, list) else describe(options)
        raise _Invalid(f"{where} needs 2 to 4 options, got {count}")
    for index, option in enumerate(options, 1):
        if isinstance(option, bool) or not isinstance(option, str | int | float) \
                or not str(option).strip():
            raise _Invalid(f"{where}: expected text for option {index}, got {describe(option)}")
    texts = tuple(str(option).strip() for option in options)
    if len(set(texts)) != len(texts):
        raise _Invalid(f"{where} has the same option twice: make each option different")
    answer = item.get("answer")
    if isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= len(texts) \
            and str(answer) not in texts:
        index = answer - 1
    elif isinstance(answer, str | int | float) and not isinstance(answer, bool) \
            and str(answer).strip() in texts:
        index = texts.index(str(answer).strip())
    else:
        raise _Invalid(f"{where}: the answer {describe(answer)} is not one of its options: "
                       f"give the right option's text, or its number from 1 to {len(texts)}")
    see = item.get("see")
    if see is not None and (not isinstance(see, str) or not see.strip()
                            or not re.fullmatch(r"#?[\w-]+", see.strip())):
        raise _Invalid(f"{where}: expected see: to be the id of a heading on the page, like "
                       f"what-to-do, got {describe(see)}")
    return Question(item["question"].strip(), texts, index, item["why"].strip(),
                    see.strip().lstrip("#") if see else None)


def _choice(field: Field) -> Callable[[Any, str | None], str]:
    def check(value: Any, raw: str | None) -> str:
        if value not in field.choices:
            raise _Invalid(f"expected one of {', '.join(field.choices)}, got {describe(value)}")
        return value
    return check


_CHECKERS: dict[Kind, Callable[[Any, str | None], Any]] = {
    Kind.TEXT: _text,
    Kind.SLUG: _slug,
    Kind.DATE: _date,
    Kind.VERSION: _version,
    Kind.MONTHS: _months,
    Kind.YEAR: _year,
    Kind.TEXT_LIST: _text_list,
    Kind.ID_LIST: _id_list,
    Kind.SOURCES: _sources,
    Kind.CHECK: _questions,
}


def _checker(field: Field) -> Callable[[Any, str | None], Any]:
    return _choice(field) if field.kind is Kind.CHOICE else _CHECKERS[field.kind]


@dataclass
class Checked:
    """The outcome for one file.

    `declared_id` is kept even when the file has errors, so a reference to a
    broken document is not also reported as a reference to a missing one.
    """

    source: SourceFile
    document: Document | None
    problems: list[Problem]
    declared_id: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    # What MkDocs should read instead of the file, when the file itself would
    # crash or flood the build (not UTF-8; refused front matter left out).
    substitute: str | None = None


PLACEHOLDER = "[FILL IN"
# A placeholder wrapped onto the next line is still one: it is found by its start.
_PLACEHOLDER_RE = re.compile(r"\[FILL IN[^\]]*(?:\]|$)")


def placeholders(path: str, text: str, parsed: frontmatter.FrontMatter
                 ) -> tuple[list[Problem], set[str]]:
    """Every `[FILL IN: ...]` left in a file, by field (or "text" in the body).

    `handbook init` and `handbook new` write these; a handbook is not finished
    while any is left, so each is an error naming the file, field and line.
    Returns the problems and the fields that hold placeholders.
    """
    problems, fields = [], set()
    text = frontmatter.normalise(text)
    front_end = parsed.end_line
    by_line = sorted((line, name) for name, line in parsed.lines.items())
    fenced = False
    for number, line in enumerate(text.split("\n"), start=1):
        # Placeholders quoted as code (in `backticks` or a fenced block) are examples.
        if re.match(r"^\s*(```|~~~)", line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for match in _PLACEHOLDER_RE.finditer(re.sub(r"`[^`]*`", "", line)):
            field = "text"
            if number <= front_end:
                owners = [name for start, name in by_line if start <= number]
                field = owners[-1] if owners else "front matter"
                fields.add(field)
            problems.append(Problem(path, field, f"still has the placeholder {match.group(0)}: "
                                                 "fill it in", line=number))
    return problems, fields


def leftover_placeholders(files: list[tuple[str, str | os.PathLike[str]]]) -> list[Problem]:
    """A `[FILL IN` left in mkdocs.yml or the roster: `handbook init` writes both.

    `files` pairs the name to show with the path to read; a missing file is
    skipped (the build reports that elsewhere). Comment lines in YAML are
    skipped too, since the starter's own comments mention the placeholders.
    """
    problems = []
    for shown, path in files:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        yaml_file = str(path).endswith((".yml", ".yaml"))
        for number, line in enumerate(text.splitlines(), 1):
            if yaml_file and line.lstrip().startswith("#"):
                continue
            found = _PLACEHOLDER_RE.search(line)
            if found:
                problems.append(Problem(shown, None, f"still has the placeholder "
                                        f"{found.group(0)!r}: replace it with your setting's "
                                        "own value", line=number))
    return problems


def validate_file(source: SourceFile, settings: Settings) -> Checked:
    """Validate one file. A file without front matter is a plain page with no document."""
    parsed = frontmatter.parse(source.path, source.text)
    problems = list(parsed.problems)
    substitute = None
    if source.undecodable:
        line, message = source.undecodable
        problems.insert(0, Problem(source.path, None, message, line=line))
        substitute = source.text
    if parsed.refused:
        substitute = parsed.body
    found, unfilled = placeholders(source.path, source.text, parsed) \
        if PLACEHOLDER in source.text else ([], set())
    problems += found
    # Reported, but they do not make the document invalid: the build shows them as text.
    markup = active_markup(source.path, frontmatter.normalise(source.text), parsed.end_line,
                           _field_lines(parsed))
    data = parsed.data
    if not data:
        # A file whose YAML is broken still declares its id: links to it are not blamed.
        declared = frontmatter.salvage_id(source.text) if parsed.problems else None
        return Checked(source, None, problems + markup, declared_id=declared,
                       substitute=substitute)

    def report(name: str | None, message: str, severity: Severity = Severity.ERROR) -> None:
        line = parsed.lines.get(name) if name else None
        problems.append(Problem(source.path, name, message, severity, line or None))

    for name, value in data.items():
        found_bad = first_bad_character([name, value])
        if found_bad:
            report(str(name), refusal(found_bad))
            unfilled.add(str(name))  # reported once, not also as a wrong value

    values: dict[str, Any] = {}
    first = ("id", "title", "type")
    for name in first:
        _check(name, data, parsed.raw, values, report, required=True, unfilled=unfilled)
    doc_type = DocType(values["type"]) if "type" in values else None

    # Keys the theme prints or reads, on every page with front matter, valid or not.
    problems += theme_problems(source.path, data, parsed.lines, skip=frozenset(BY_NAME))
    for name in sorted(data, key=lambda n: parsed.lines.get(str(n), 0)):
        name = str(name)
        if name in PRINTED_UNCHECKED:
            continue  # an error, reported above
        if name not in KNOWN_NAMES:
            hint = difflib.get_close_matches(name, sorted(KNOWN_NAMES), n=1)
            suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
            report(name, f"is not a field the handbook knows{suggestion}", Severity.WARNING)
        elif doc_type and name in BY_NAME and doc_type not in BY_NAME[name].allowed:
            report(name, f"is not used on a {doc_type} page, so it is ignored",
                   Severity.WARNING)

    if doc_type is not None:
        for spec in FIELDS:
            if spec.name in first or doc_type not in spec.allowed:
                continue
            _check(spec.name, data, parsed.raw, values, report,
                   required=doc_type in spec.required, unfilled=unfilled)
        _check_rules(doc_type, data, values, report)

    declared = data.get("id") if isinstance(data.get("id"), str) else None
    document = None
    if not has_errors(problems) and doc_type is not None:
        document = _build(source, doc_type, values, settings)
    return Checked(source, document, problems + markup, declared, values, parsed.lines,
                   substitute)


def _field_lines(parsed: frontmatter.FrontMatter) -> dict[int, str]:
    """The field each front matter line belongs to (a value may run over several lines)."""
    starts = sorted((line, name) for name, line in parsed.lines.items())
    owners: dict[int, str] = {}
    for index, (start, name) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else parsed.end_line
        for number in range(start, end):
            owners[number] = name
    return owners


def _check(
    name: str,
    data: dict[str, Any],
    raw: dict[str, str],
    values: dict[str, Any],
    report: Callable[..., None],
    *,
    required: bool,
    unfilled: set[str],
) -> None:
    if name in unfilled:
        return  # reported once, as a placeholder, not also as a wrong value
    field = BY_NAME[name]
    if name not in data or data[name] is None:
        if required:
            report(name, f"is required: {field.summary.split('. ')[0].rstrip('.')}"
                         f" (for example: {name}: {_example(field)})")
        return
    try:
        values[name] = _checker(field)(data[name], raw.get(name))
    except _Invalid as error:
        report(name, str(error))


def _example(field: Field) -> str:
    if isinstance(field.example, list):
        return "a list of '- item' lines"
    return str(field.example)


def _check_rules(
    doc_type: DocType, data: dict[str, Any], values: dict[str, Any], report: Callable[..., None]
) -> None:
    """Rules that tie fields together; only checked once each field is well formed."""
    if not doc_type.controlled:
        return
    for rule in CONTROLLED_RULES:
        message = rule.broken(data, values)
        if message:
            report(rule.field, message)
    approved, review_by = values.get("approved"), values.get("review_by")
    if approved and review_by and review_by <= approved:
        report("review_by", f"expected a date after the approval date {approved.isoformat()}, "
                            f"got {review_by.isoformat()}")


def _build(
    source: SourceFile, doc_type: DocType, values: dict[str, Any], settings: Settings,
) -> Document:
    fields = {k: v for k, v in values.items() if k not in ("id", "title", "type")}
    if doc_type.controlled:
        fields["status"] = Status(values["status"])
        approved = values.get("approved")
        if "review_by" not in values and approved is not None:
            months = values.get("review_every", settings.review_every)
            fields["review_by"] = add_months(approved, months)
    return Document(
        id=values["id"], title=values["title"], type=doc_type, path=source.path,
        src_uri=source.src_uri, **fields,
    )
