"""Question banks and rubrics: the schema, loading and validation of YAML files, and search.

A bank is a folder with ``questions/*.yaml`` (one file per track) and ``rubrics/*.yaml`` (one file
per rubric). Every error names the file, the question id and the field, so an instructor editing a
bank by hand can fix it without reading a traceback.
"""

from __future__ import annotations

import fnmatch
import hashlib
import marshal
import os
import re
import threading
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"


class Category(StrEnum):
    behavioral = "behavioral"
    technical = "technical"
    system_design = "system_design"
    situational = "situational"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


NonEmpty = Annotated[str, Field(min_length=1)]


class KeyPoint(_Strict):
    """One checkable statement a good answer makes, with other ways a person might say it."""

    text: NonEmpty
    alternatives: tuple[NonEmpty, ...] = ()

    @property
    def phrasings(self) -> tuple[str, ...]:
        return (self.text, *self.alternatives)


class FollowUpQuestion(_Strict):
    """A prepared follow-up, and the key points (numbered from 1) it probes.

    `probes` links the follow-up to what it asks about, so the interviewer asks it when the answer
    missed one of those points. A follow-up that goes beyond the key points probes none.
    """

    text: NonEmpty
    probes: tuple[Annotated[int, Field(ge=1)], ...] = ()


class Question(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    track: Annotated[str, Field(pattern=ID_PATTERN)]
    category: Category
    difficulty: Annotated[int, Field(ge=1, le=3)]
    prompt: NonEmpty
    key_points: tuple[KeyPoint, ...] = ()
    model_answer: NonEmpty
    follow_ups: tuple[FollowUpQuestion, ...] = ()
    tags: tuple[NonEmpty, ...] = ()
    time_limit_s: Annotated[int, Field(ge=10, le=3600)] | None = None
    competency: str | None = None
    strong_answer: str | None = None
    generated: bool = False

    @field_validator("key_points", mode="before")
    @classmethod
    def _key_points_as_objects(cls, value: Any) -> Any:
        # A bare string is shorthand for a key point with no alternative phrasings.
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("follow_ups", mode="before")
    @classmethod
    def _follow_ups_as_objects(cls, value: Any) -> Any:
        # A bare string is shorthand for a follow-up that probes no particular key point.
        if isinstance(value, list | tuple):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("follow_ups")
    @classmethod
    def _probes_name_existing_key_points(
        cls, value: tuple[FollowUpQuestion, ...], info: ValidationInfo
    ) -> tuple[FollowUpQuestion, ...]:
        count = len(info.data.get("key_points") or ())
        for n, follow_up in enumerate(value):
            wrong = [p for p in follow_up.probes if p > count]
            if wrong:
                raise ValueError(
                    f"follow-up {n + 1} probes key point {wrong[0]}, but the question has "
                    f"{count} key point{'' if count == 1 else 's'}"
                )
        return value

    @property
    def follow_up_texts(self) -> tuple[str, ...]:
        return tuple(f.text for f in self.follow_ups)

    @field_validator("tags")
    @classmethod
    def _tags_lowercase(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(tag.lower() for tag in value)


class Criterion(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: NonEmpty
    weight: Annotated[float, Field(gt=0, le=1)]
    signal: NonEmpty  # which heuristic measure scores it: coverage, depth, clarity, star, ...
    description: str = ""
    levels: dict[Annotated[int, Field(ge=1, le=5)], NonEmpty]
    # The levels in one short line (what 1, 3 and 5 look like), for the AI scorer's prompt: the
    # full descriptors cost several times the tokens. Without it the prompt carries the levels.
    anchors: str = ""

    @field_validator("levels")
    @classmethod
    def _all_five_levels(cls, value: dict[int, str]) -> dict[int, str]:
        missing = sorted({1, 2, 3, 4, 5} - set(value))
        if missing:
            raise ValueError(f"levels 1-5 must all be described; missing {missing}")
        return value


class Rubric(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: NonEmpty
    categories: tuple[Category, ...]
    criteria: tuple[Criterion, ...] = Field(min_length=1)

    @field_validator("criteria")
    @classmethod
    def _weights_sum_to_one(cls, value: tuple[Criterion, ...]) -> tuple[Criterion, ...]:
        total = sum(c.weight for c in value)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"criterion weights must add up to 1.0, not {total:g}")
        return value


class BankError(ValueError):
    """A bank file that cannot be used; the message names the file, question id and field."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Track:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Bank:
    questions: tuple[Question, ...]
    rubrics: dict[str, Rubric]
    tracks: dict[str, Track]
    sources: dict[str, Path] = field(default_factory=dict)  # question id -> file

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def get(self, question_id: str) -> Question:
        return self._by_id[question_id]  # type: ignore[attr-defined]

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id  # type: ignore[attr-defined]

    def rubric_for(self, category: Category | str) -> Rubric:
        for rubric in self.rubrics.values():
            if Category(category) in rubric.categories:
                return rubric
        raise KeyError(f"no rubric covers the category {category!r}")

    def filter(
        self,
        track: str | None = None,
        category: Category | str | None = None,
        difficulty: int | None = None,
        text: str = "",
        tags: Iterable[str] = (),
    ) -> list[Question]:
        """Questions matching every given filter; `text` searches prompt, tags and key points."""
        needle = text.strip().lower()
        wanted_tags = {t.lower() for t in tags}
        out = []
        for q in self.questions:
            if track and q.track != track:
                continue
            if category and q.category != Category(category):
                continue
            if difficulty and q.difficulty != difficulty:
                continue
            if wanted_tags and not wanted_tags <= set(q.tags):
                continue
            if needle and needle not in _search_text(q):
                continue
            out.append(q)
        return out

    def stats(self) -> dict[str, Any]:
        """Counts by track, category and difficulty (what `bank stats` prints)."""
        by_track: dict[str, dict[str, Any]] = {}
        for track in sorted({q.track for q in self.questions}):
            qs = [q for q in self.questions if q.track == track]
            by_track[track] = {
                "questions": len(qs),
                "by_category": dict(sorted(Counter(q.category.value for q in qs).items())),
                "by_difficulty": {
                    str(k): v for k, v in sorted(Counter(q.difficulty for q in qs).items())
                },
            }
        return {
            "questions": len(self.questions),
            "tracks": len(by_track),
            "rubrics": sorted(self.rubrics),
            "by_track": by_track,
            "by_category": dict(sorted(Counter(q.category.value for q in self.questions).items())),
            "by_difficulty": {
                str(k): v for k, v in sorted(Counter(q.difficulty for q in self.questions).items())
            },
        }


def _search_text(q: Question) -> str:
    parts = [q.id, q.prompt, " ".join(q.tags), q.category.value, q.track]
    parts += [p for kp in q.key_points for p in kp.phrasings]
    return " ".join(parts).lower()


# ---------------------------------------------------------------------------------------- loading


# libyaml's parser reads the bank about ten times faster than the pure-Python one; both build the
# same safe objects, so the pure-Python loader stays only as a fallback for a PyYAML without it.
YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error in words, with where it was found and, when the parser knows it, where the
    construct it was reading began: an unclosed quote is found only at the end of the file."""
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    text = f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}"
    context, began = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and began is not None:
        what = re.sub(r"^while (?:scanning|parsing) (?:an? )?", "", str(context))
        # YAML's words for a single value and for lists and maps written inline
        for word, plain in (
            ("scalar", "value"),
            ("flow sequence", "[...] list"),
            ("flow mapping", "{...} map"),
        ):
            what = what.replace(word, plain)
        text += f", in the {what} that starts at line {began.line + 1}, column {began.column + 1}"
    return text


def _read_yaml(path: Path, loader: Any = None) -> Any:
    """The file's data; with the default loader, from the parsed cache when its text was parsed
    before (building objects from YAML is most of a first page's bank load: ~0.3 s, ~10 ms from
    the cache)."""
    try:
        raw = path.read_bytes()
        key = f"{hashlib.sha256(raw).hexdigest()}-{YAML_LOADER.__name__}-{marshal.version}"
        if loader is None and (cached := _parsed_before(key)) is not None:
            return cached
        data = yaml.load(raw.decode("utf-8"), Loader=loader or YAML_LOADER)
    except yaml.YAMLError as exc:
        raise BankError([f"{path}: {yaml_problem(exc)}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError([f"{path}: cannot be read: {exc}"]) from None
    if loader is None:
        _keep_parsed(key, data)
    return data


def _parsed_cache() -> Path:
    """Where parsed bank files are kept between runs: the user's cache folder, keyed by each
    file's text, so an edited file is parsed again and nothing is ever stale."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "interviewsim" / "bank"


def _parsed_before(key: str) -> Any:
    try:
        return marshal.loads((_parsed_cache() / key).read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # none yet, or unreadable: parse it
        return None


def _keep_parsed(key: str, data: Any) -> None:
    """Best effort: a cache that cannot be written (read-only home) only costs the next start."""
    folder = _parsed_cache()
    try:
        blob = marshal.dumps(data)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = folder / f".{key}.{os.getpid()}.{threading.get_ident()}"
        partial.write_bytes(blob)
        os.replace(partial, folder / key)  # whole or not at all, for a server started alongside
    except (OSError, ValueError):  # ValueError: a value marshal cannot hold (a date)
        return


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(whole entry)"


def _describe(errors: list[Any], path: Path, what: str) -> list[str]:
    return [f"{path}: {what}, field '{_field_path(e['loc'])}': {e['msg']}" for e in errors]


def load_question_file(path: Path) -> tuple[Track, list[Question]]:
    """One track file: `track`, `title`, optional `description`, and a list of `questions`."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        raise BankError([f"{path}: expected a mapping with a 'questions' list"])
    track_id = data.get("track")
    if not isinstance(track_id, str) or not track_id:
        raise BankError([f"{path}: field 'track' is required at the top of the file"])
    track = Track(track_id, str(data.get("title") or track_id), str(data.get("description") or ""))
    problems: list[str] = []
    questions: list[Question] = []
    for index, raw in enumerate(data["questions"]):
        if not isinstance(raw, dict):
            problems.append(f"{path}: question #{index + 1} is not a mapping")
            continue
        qid = raw.get("id") or f"#{index + 1} (no id)"
        try:
            questions.append(Question.model_validate({"track": track_id, **raw}))
        except ValidationError as exc:
            problems += _describe(exc.errors(), path, f"question '{qid}'")
    if problems:
        raise BankError(problems)
    return track, questions


def load_rubric_file(path: Path) -> Rubric:
    data = _read_yaml(path)
    rid = data.get("id", path.stem) if isinstance(data, dict) else path.stem
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        raise BankError(_describe(exc.errors(), path, f"rubric '{rid}'")) from None


def load_bank(*roots: Path | str) -> Bank:
    """Load and validate every bank folder given (later folders add questions; ids must be unique).

    Collects every problem across all files before raising, so one run lists everything to fix.
    """
    problems: list[str] = []
    questions: list[Question] = []
    sources: dict[str, Path] = {}
    tracks: dict[str, Track] = {}
    rubrics: dict[str, Rubric] = {}
    for root in map(Path, roots):
        if not root.is_dir():
            problems.append(f"{root}: bank folder not found")
            continue
        for path in sorted((root / "rubrics").glob("*.y*ml")):
            try:
                rubric = load_rubric_file(path)
                rubrics[rubric.id] = rubric
            except BankError as exc:
                problems += exc.problems
        for path in sorted((root / "questions").glob("**/*.y*ml")):
            try:
                track, loaded = load_question_file(path)
            except BankError as exc:
                problems += exc.problems
                continue
            tracks.setdefault(track.id, track)
            for q in loaded:
                if q.id in sources:
                    problems.append(
                        f"{path}: question '{q.id}', field 'id': duplicate id, "
                        f"already used in {sources[q.id]}"
                    )
                    continue
                sources[q.id] = path
                questions.append(q)
    covered = Counter(c for r in rubrics.values() for c in r.categories)
    for category in Category:
        if rubrics and covered[category] != 1:
            problems.append(
                f"rubrics: category '{category.value}' must be named by exactly one rubric "
                f"(found {covered[category]})"
            )
    if problems:
        raise BankError(problems)
    return Bank(tuple(questions), rubrics, tracks, sources)


DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def bank_roots(extra: Sequence[Path] = ()) -> list[Path]:
    """The built-in bank plus extra folders (settings: INTERVIEWSIM_BANK_PATHS)."""
    return [DEFAULT_DATA_DIR, *extra]


@cache
def _cached_bank(roots: tuple[Path, ...], stamp: tuple[float, ...]) -> Bank:
    return load_bank(*roots)


def default_bank(extra: Sequence[Path] = ()) -> Bank:
    """The built-in bank plus `extra` folders, reloaded when any of their files changes."""
    roots = tuple(bank_roots(extra))
    return _cached_bank(roots, tuple(t for r in roots for t in _modified_times(r)))


def _modified_times(root: Path) -> list[float]:
    """When each YAML file under `root` last changed, in path order. Every page run asks, so
    os.walk, not Path.glob("**/..."): half the time, on the same files."""
    found = [
        os.path.join(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if fnmatch.fnmatchcase(name, "*.y*ml")
    ]
    return [os.stat(p).st_mtime for p in sorted(found)]


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class PerBank(Generic[K, V]):
    """Values worked out once per loaded bank and key: a bank never changes once loaded, so it is
    held by identity (checked, as an id can be reused), never hashed: hashing a bank's questions
    field by field costs more than most of what is worked out from them."""

    def __init__(self, build: Callable[[Bank, K], V], limit: int = 64):
        self.build, self.limit = build, limit
        self._held: dict[tuple[int, K], tuple[Bank, V]] = {}

    def __call__(self, bank: Bank, key: K) -> V:
        held = self._held.get((id(bank), key))
        if held is None or held[0] is not bank:
            if len(self._held) >= self.limit:
                self._held.clear()
            held = self._held[(id(bank), key)] = (bank, self.build(bank, key))
        return held[1]
