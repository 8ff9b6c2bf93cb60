"""An uploaded bank file, read safely and checked whole: every problem is listed (file, question id,
field) before anything is stored.

Two formats. YAML: the same shape as a track file in `data/questions/` (so those upload as they
are), plus an optional `bank` id and a `tracks` map of titles for a bank spanning several tracks:

    bank: acme-sql            # optional: the bank's id (else the file's name); a re-upload of the
    title: Acme SQL week 3    #   same id is a new version. `title`: the bank's, and its track's
    track: acme-sql           # the track of every question that does not name its own
    tracks: {acme-joins: Joins}   # optional: titles of other tracks the questions name
    questions: [...]          # each as in data/questions (id, category, difficulty, prompt, ...)

CSV: one row per question, a header row naming the columns (see `CSV_COLUMNS`). Key points are
separated by `;` and alternative phrasings of one point by `|` (as in the `score` command); follow-
ups are separated by `;`, and one ending in `(probes 1, 3)` probes those key points (numbered from
1); tags by `;` or `,`.

Limits, each with its own message: `MAX_BANK_BYTES`, `MAX_BANK_QUESTIONS`, YAML nesting depth; YAML
anchors and aliases are refused while the file is still a stream of parser events, before any
object is built (a small file of nested aliases can otherwise expand to gigabytes); only the safe
loader builds objects.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import yaml
from pydantic import ValidationError

from interviewsim.bank import ID_PATTERN, Question, Track, yaml_problem

MAX_BANK_BYTES = 1_000_000  # ten times a full track file of the built-in bank
MAX_BANK_QUESTIONS = 500
MAX_YAML_DEPTH = 12  # a question needs 5 levels (file, list, question, key points, point)
BANK_KEYS = ("bank", "title", "description", "track", "tracks", "questions")
CSV_COLUMNS = {
    "id": "required: stable and unique, lower case letters, digits, . _ -",
    "category": "required: behavioral, technical, system_design or situational",
    "difficulty": "required: 1, 2 or 3",
    "prompt": "required: the question as the interviewer asks it",
    "model_answer": "required: a strong answer, shown on request after the interview",
    "track": "the track id (default: the bank's id)",
    "track_title": "the track's title (default: the bank's title)",
    "key_points": "separated by ;  alternatives of one point by |",
    "follow_ups": "separated by ;  one ending in (probes 1, 3) probes those key points",
    "tags": "separated by ; or ,",
    "time_limit_s": "suggested seconds, 10-3600",
    "competency": "behavioral questions: the competency asked about",
    "strong_answer": "behavioral questions: what a strong answer shows",
}
_PROBES = re.compile(r"\(\s*probes?\s+(\d+(?:\s*,\s*\d+)*)\s*\)\s*$", re.I)
_ID = re.compile(ID_PATTERN)
ALIASES_REFUSED = (
    "YAML anchors and aliases (&name, *name, <<: *name) are not accepted: write each question "
    "out in full"
)


@dataclass(frozen=True)
class Problem:
    """One thing to fix: the file, the question (its id, or its position), the field, and why."""

    file: str
    question: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.question:
            where.append(f"question '{self.question}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class UploadRejected(ValueError):
    """The upload cannot be stored; `problems` lists everything to fix, and nothing was saved."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


@dataclass(frozen=True)
class ParsedBank:
    """An upload that passed every check of the file itself (ids across banks are the library's)."""

    key: str
    title: str
    tracks: dict[str, Track]
    questions: tuple[Question, ...]
    source_name: str

    def document(self) -> dict[str, Any]:
        """The bank as stored (JSON) and exported (YAML): short forms where they say the same."""
        return {
            "bank": self.key,
            "title": self.title,
            "tracks": {t.id: t.title for t in self.tracks.values()},
            "descriptions": {t.id: t.description for t in self.tracks.values() if t.description},
            "questions": [question_document(q) for q in self.questions],
        }

    @property
    def digest(self) -> str:
        text = json.dumps(self.document(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def question_document(q: Question) -> dict[str, Any]:
    """A question as a bank file writes it: defaults left out, shorthand where it is plain."""
    data = q.model_dump(mode="json", exclude_defaults=True, exclude={"generated"})
    data["key_points"] = [
        kp.text if not kp.alternatives else {"text": kp.text, "alternatives": list(kp.alternatives)}
        for kp in q.key_points
    ]
    data["follow_ups"] = [
        f.text if not f.probes else {"text": f.text, "probes": list(f.probes)} for f in q.follow_ups
    ]
    for key in ("key_points", "follow_ups"):
        if not data[key]:
            del data[key]
    return data


def export_yaml(document: dict[str, Any]) -> str:
    """A stored bank as a YAML file that uploads again as the same bank."""
    out: dict[str, Any] = {"bank": document["bank"], "title": document["title"]}
    tracks: dict[str, str] = document["tracks"]
    first = next(iter(tracks))
    descriptions = document.get("descriptions") or {}
    if descriptions.get(first):
        out["description"] = descriptions[first]
    out["track"] = first
    others = {t: title for t, title in tracks.items() if t != first}
    if tracks[first] != document["title"]:
        others = {first: tracks[first], **others}
    if others:
        out["tracks"] = others
    out["questions"] = [
        {k: v for k, v in q.items() if not (k == "track" and v == first)}
        for q in document["questions"]
    ]
    return yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=100)


# ------------------------------------------------------------------------------------ reading


def parse_upload(filename: str, data: bytes, bank_id: str | None = None) -> ParsedBank:
    """Read and check one uploaded bank file; raises `UploadRejected` with every problem."""
    name = PurePath(filename or "upload").name
    if len(data) > MAX_BANK_BYTES:
        raise UploadRejected(
            [
                Problem(
                    name,
                    None,
                    None,
                    f"the file is {len(data) / 1_000_000:.1f} MB; a bank file can be up to "
                    f"{MAX_BANK_BYTES / 1_000_000:.0f} MB. Split it into several banks.",
                )
            ]
        )
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise UploadRejected(
            [Problem(name, None, None, "upload a .yaml, .yml or .csv file (see the formats)")]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UploadRejected(
            [Problem(name, None, None, f"not UTF-8 text (byte {exc.start}); save it as UTF-8")]
        ) from None
    if suffix == ".csv":
        return _check(name, _read_csv(name, text), bank_id, rows=True)
    return _check(name, _read_yaml(name, text), bank_id, rows=False)


def _read_yaml(name: str, text: str) -> dict[str, Any]:
    _refuse_unsafe_structure(name, text)
    try:
        data = yaml.load(text, Loader=_Loader)  # the safe loader (libyaml's when installed)
    except yaml.YAMLError as exc:
        raise UploadRejected([Problem(name, None, None, yaml_problem(exc))]) from None
    except RecursionError:
        raise UploadRejected([Problem(name, None, None, "nested too deeply")]) from None
    if not isinstance(data, dict):
        raise UploadRejected(
            [Problem(name, None, None, "expected a mapping with a 'questions' list")]
        )
    return data


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_unsafe_structure(name: str, text: str) -> None:
    """Walk the parser's event stream (libyaml when present) and refuse aliases, anchors, more
    than one document and deep nesting, before a single object is built."""
    depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise UploadRejected([Problem(name, None, None, _at(event, ALIASES_REFUSED))])
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise UploadRejected(
                        [Problem(name, None, None, _at(event, "one YAML document per file"))]
                    )
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise UploadRejected(
                        [
                            Problem(
                                name,
                                None,
                                None,
                                _at(event, f"nested more than {MAX_YAML_DEPTH} levels deep"),
                            )
                        ]
                    )
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise UploadRejected([Problem(name, None, None, yaml_problem(exc))]) from None


def _at(event: yaml.Event, message: str) -> str:
    mark = event.start_mark
    return f"{message} (line {mark.line + 1})" if mark is not None else message


def _read_csv(name: str, text: str) -> dict[str, Any]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    problems = [
        Problem(name, None, column, f"unknown column; the columns are {', '.join(CSV_COLUMNS)}")
        for column in header
        if column and column not in CSV_COLUMNS
    ]
    problems += [
        Problem(name, None, column, "required column is missing")
        for column in ("id", "category", "difficulty", "prompt", "model_answer")
        if column not in header
    ]
    if problems:
        raise UploadRejected(problems)
    questions: list[dict[str, Any]] = []
    titles: dict[str, str] = {}
    try:
        for row in reader:
            if len(questions) > MAX_BANK_QUESTIONS:
                break  # counted and refused by _check
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue  # a blank line
            question, title = _question_from_row(row)
            if title and question.get("track"):
                titles.setdefault(str(question["track"]), title)
            questions.append(question)
    except csv.Error as exc:
        raise UploadRejected(
            [Problem(name, None, None, f"not valid CSV at line {reader.line_num}: {exc}")]
        ) from None
    first_title = next(iter(titles.values()), None)
    return {
        "questions": questions,
        "tracks": titles,
        **({"title": first_title} if first_title else {}),
    }


def _question_from_row(row: dict[str, Any]) -> tuple[dict[str, Any], str]:
    cells = {k: (v or "").strip() for k, v in row.items() if isinstance(k, str) and k}
    question: dict[str, Any] = {
        k: v
        for k, v in cells.items()
        if v and k not in ("key_points", "follow_ups", "tags", "track_title")
    }
    if cells.get("key_points"):
        question["key_points"] = [
            {"text": p[0], "alternatives": p[1:]} for p in _split_points(cells["key_points"])
        ]
    if cells.get("follow_ups"):
        question["follow_ups"] = list(_split_follow_ups(cells["follow_ups"]))
    if cells.get("tags"):
        question["tags"] = [t.strip() for t in re.split(r"[;,]", cells["tags"]) if t.strip()]
    return question, cells.get("track_title", "")


def _split_points(cell: str) -> Iterator[list[str]]:
    for chunk in cell.replace("\n", ";").split(";"):
        phrasings = [p.strip() for p in chunk.split("|") if p.strip()]
        if phrasings:
            yield phrasings


def _split_follow_ups(cell: str) -> Iterator[dict[str, Any]]:
    for chunk in cell.replace("\n", ";").split(";"):
        text = chunk.strip()
        if not text:
            continue
        probes = _PROBES.search(text)
        if probes:
            numbers = [int(n) for n in probes.group(1).split(",")]
            yield {"text": text[: probes.start()].strip(), "probes": numbers}
        else:
            yield {"text": text}


# ----------------------------------------------------------------------------------- checking


def _check(name: str, raw: dict[str, Any], bank_id: str | None, rows: bool) -> ParsedBank:
    """The file's fields and each question against the schema. `rows`: it came from a CSV."""
    problems = [
        Problem(name, None, key, f"unknown field; a bank file has {', '.join(BANK_KEYS)}")
        for key in raw
        if key not in BANK_KEYS
    ]
    stem = re.sub(r"[^a-z0-9_.-]+", "-", PurePath(name).stem.lower()).strip("-.") or "bank"
    key = str(bank_id or raw.get("bank") or stem).strip()
    if not _ID.match(key) or len(key) > 80:
        problems.append(
            Problem(
                name,
                None,
                "bank",
                f"the bank id {key!r} must be lower case letters, digits, . _ - (up to 80)",
            )
        )
    title = str(raw.get("title") or key).strip()[:200]
    description = str(raw.get("description") or "").strip()
    default_track = str(raw.get("track") or ("" if not rows else key)).strip()
    tracks_field = raw.get("tracks") or {}
    if not isinstance(tracks_field, dict):
        problems.append(Problem(name, None, "tracks", "expected a map of track id: title"))
        tracks_field = {}
    entries = raw.get("questions")
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(name, None, "questions", "expected a non-empty list of questions"))
        raise UploadRejected(problems)
    if len(entries) > MAX_BANK_QUESTIONS:
        problems.append(
            Problem(
                name,
                None,
                "questions",
                f"{f'more than {MAX_BANK_QUESTIONS}' if rows else len(entries)} questions; a bank "
                f"can hold up to {MAX_BANK_QUESTIONS}. Split it into several banks.",
            )
        )
        raise UploadRejected(problems)
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for index, entry in enumerate(entries):
        label = f"row {index + 2}" if rows else f"#{index + 1}"
        if not isinstance(entry, dict):
            problems.append(Problem(name, label, None, "is not a mapping of fields"))
            continue
        qid = str(entry.get("id") or "").strip()
        who = f"{qid} ({label})" if rows and qid else qid or f"{label} (no id)"
        # Judged on the id as written, so a repeat is listed even when the first use is invalid.
        if qid in seen:
            problems.append(
                Problem(name, who, "id", f"duplicate id, already used by question {seen[qid]}")
            )
        elif qid:
            seen[qid] = label
        track = entry.get("track") or default_track
        if not track:
            problems.append(
                Problem(name, who, "track", "no track: give the file a 'track', or each question")
            )
        try:  # without a track, still check the rest so that one upload lists everything
            question = Question.model_validate({**entry, "track": track or "untracked"})
        except ValidationError as exc:
            problems += [
                Problem(
                    name, who, _field_path(e["loc"]), str(e["msg"]).removeprefix("Value error, ")
                )
                for e in exc.errors()
            ]
            continue
        if track:
            questions.append(question)
    if problems:
        raise UploadRejected(problems)
    tracks: dict[str, Track] = {}
    for q in questions:
        if q.track not in tracks:
            given = tracks_field.get(q.track) or (title if q.track == default_track else q.track)
            about = description if q.track == default_track else ""
            tracks[q.track] = Track(q.track, str(given).strip()[:200] or q.track, about)
    return ParsedBank(key, title, tracks, tuple(questions), name)


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(whole entry)"


def parsed_from_document(document: dict[str, Any], source_name: str = "") -> ParsedBank:
    """A stored document back as a bank (it was checked when it was uploaded)."""
    titles, about = document.get("tracks") or {}, document.get("descriptions") or {}
    questions = tuple(Question.model_validate(q) for q in document["questions"])
    tracks = {
        t: Track(t, str(titles.get(t) or t), str(about.get(t) or ""))
        for t in dict.fromkeys(q.track for q in questions)
    }
    return ParsedBank(document["bank"], document["title"], tracks, questions, source_name)
