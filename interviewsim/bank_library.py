"""Banks in the app: instructors upload them into the database (versioned, exportable as YAML), and
each person practises the questions they may see.

The questions a person can practise are the packaged bank (data/, plus INTERVIEWSIM_BANK_PATHS),
public banks, the banks of their classes (unless private) and, for an instructor, their own:
`BankLibrary.practice_bank(owner)`, with the tracks of the classes they belong to listed first. A
stored version is parsed once per process (versions are immutable, found by their digest), and the
combined bank is built once per set of versions.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from interviewsim.bank import Bank, Track
from interviewsim.bank_upload import (
    ParsedBank,
    Problem,
    UploadRejected,
    export_yaml,
    parse_upload,
    parsed_from_document,
)
from interviewsim.interview.model import utcnow
from interviewsim.profiles import Owner
from interviewsim.roles import Roles
from interviewsim.store.banks import CLASS, PRIVATE, PUBLIC, BankRepository
from interviewsim.store.classes import ClassRepository

PARSED_CACHE = 256  # stored versions kept parsed per process
COMPOSED_CACHE = 64  # combined banks (one per distinct set of versions and classes)


class Visibility(StrEnum):
    private = PRIVATE  # the instructor alone
    class_ = CLASS  # the instructor and the classes that use it
    public = PUBLIC  # everyone on this instance

    @property
    def label(self) -> str:
        return {
            PRIVATE: "Private to me",
            CLASS: "Shared with my classes",
            PUBLIC: "Public on this instance",
        }[self.value]


class LibraryError(ValueError):
    """A bank that does not exist for this person, or a change that cannot be made."""


@dataclass(frozen=True)
class BankSummary:
    key: str
    title: str
    visibility: Visibility
    owner_name: str
    mine: bool
    version: int
    versions: int
    questions: int
    tracks: tuple[str, ...]
    updated_at: datetime


@dataclass(frozen=True)
class StoredBank:
    key: str
    version: int
    questions: int
    tracks: tuple[str, ...]


class BankLibrary:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        packaged: Bank,
        roles: Roles,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.sessions = sessions
        self.packaged = packaged
        self.roles = roles
        self.clock = clock

    # ------------------------------------------------------------------------------ upload
    def check(
        self, owner: Owner, filename: str, data: bytes, bank_id: str | None = None
    ) -> ParsedBank:
        """Every problem with the upload, raised as `UploadRejected`; nothing is stored."""
        self.roles.require(owner, "upload question banks")
        parsed = parse_upload(filename, data, bank_id)
        with self.sessions() as s:
            problems = self._conflicts(BankRepository(s), owner, parsed)
        if problems:
            raise UploadRejected(problems)
        return parsed

    def upload(
        self,
        owner: Owner,
        filename: str,
        data: bytes,
        bank_id: str | None = None,
        visibility: Visibility | str | None = None,
    ) -> StoredBank:
        """Check the upload whole, then store it as the bank's next version (its first, for a new
        id). A new bank is shared with the instructor's classes unless `visibility` says
        otherwise; a new version keeps the bank's visibility unless it is given."""
        parsed = self.check(owner, filename, data, bank_id)
        chosen = Visibility(visibility) if visibility else None
        now = self.clock()
        document = parsed.document()
        try:
            with self.sessions() as s:
                repo = BankRepository(s)
                problems = self._conflicts(repo, owner, parsed)  # again, inside the write
                if problems:
                    raise UploadRejected(problems)
                bank = repo.by_key(parsed.key)
                if bank is None:
                    bank = repo.add_bank(
                        parsed.key, parsed.title, owner.profile_id, chosen or Visibility.class_, now
                    )
                elif chosen:
                    bank.visibility = chosen
                bank.title, bank.updated_at = parsed.title, now
                version = repo.add_version(
                    bank,
                    digest=parsed.digest,
                    document=document,
                    question_ids=[q.id for q in parsed.questions],
                    tracks=list(parsed.tracks),
                    questions=len(parsed.questions),
                    source_name=parsed.source_name[:255],
                    created_by=owner.profile_id,
                    created_at=now,
                )
                repo.commit()
                number = version.version
        except IntegrityError:
            raise UploadRejected(
                [
                    Problem(
                        parsed.source_name,
                        None,
                        "bank",
                        "another upload of this bank was saved at the same moment; upload again",
                    )
                ]
            ) from None
        return StoredBank(parsed.key, number, len(parsed.questions), tuple(parsed.tracks))

    def _conflicts(self, repo: BankRepository, owner: Owner, parsed: ParsedBank) -> list[Problem]:
        """Ids that clash with the packaged bank or another bank, and a bank id someone else has."""
        name = parsed.source_name
        problems: list[Problem] = []
        existing = repo.by_key(parsed.key)
        if existing is not None and existing.owner_id != owner.profile_id:
            problems.append(
                Problem(
                    name,
                    None,
                    "bank",
                    f"the bank id '{parsed.key}' belongs to another instructor; choose another",
                )
            )
        elsewhere = {qid for _, ids in repo.question_ids_elsewhere(parsed.key) for qid in ids}
        for q in parsed.questions:
            if q.id in self.packaged:
                problems.append(
                    Problem(
                        name, q.id, "id", "already used by the built-in bank; choose another id"
                    )
                )
            elif q.id in elsewhere:
                problems.append(
                    Problem(
                        name,
                        q.id,
                        "id",
                        "already used by another bank on this instance; choose another id",
                    )
                )
        return problems

    # ------------------------------------------------------------------------ read, export
    def summaries(self, owner: Owner) -> list[BankSummary]:
        """The instructor's own banks and every public bank, most recently changed first."""
        self.roles.require(owner, "manage question banks")
        with self.sessions() as s:
            rows = BankRepository(s).summaries(owner.profile_id)
        return [
            BankSummary(
                r["key"],
                r["title"],
                Visibility(r["visibility"]),
                r["owner_name"],
                r["owner_id"] == owner.profile_id,
                r["version"],
                r["versions"],
                r["questions"],
                tuple(r["tracks"]),
                r["updated_at"],
            )
            for r in rows
        ]

    def export(self, owner: Owner, key: str, version: int | None = None) -> str:
        """A bank (its newest version, or `version`) as YAML that uploads again as the same bank.
        Instructors can export their own banks and public ones."""
        self.roles.require(owner, "export question banks")
        with self.sessions() as s:
            repo = BankRepository(s)
            bank = repo.by_key(key.strip())
            if bank is None or (bank.owner_id != owner.profile_id and bank.visibility != PUBLIC):
                raise LibraryError(f"No bank with the id {key!r} is yours or public.")
            found = repo.version(bank.id, version)
            if found is None:
                raise LibraryError(f"Bank {key!r} has no version {version}.")
            return export_yaml(found.document)

    def set_visibility(self, owner: Owner, key: str, visibility: Visibility | str) -> None:
        self.roles.require(owner, "change who sees a question bank")
        with self.sessions() as s:
            bank = BankRepository(s).by_key(key)
            if bank is None or bank.owner_id != owner.profile_id:
                raise LibraryError(f"You have no bank with the id {key!r}.")
            chosen = Visibility(visibility)
            if chosen == Visibility.private and BankRepository(s).classes_using(bank.id):
                used = ", ".join(BankRepository(s).classes_using(bank.id))
                raise LibraryError(
                    f"Bank {key!r} is used by your class(es) {used}: it stays visible to them "
                    "while they use it."
                )
            bank.visibility = chosen
            s.commit()

    # ----------------------------------------------------------------------------- practice
    def practice_bank(self, owner: Owner) -> Bank:
        """Every question this person may practise, the tracks of their classes first."""
        with self.sessions() as s:
            repo = BankRepository(s)
            versions = repo.visible_versions(owner.profile_id)
            first = _class_tracks(s, owner, versions, self.clock().date())
            missing = [v["version_id"] for v in versions if not _PARSED.has(v["digest"])]
            documents = repo.documents(missing)
        for v in versions:
            if v["version_id"] in documents:
                document, source = documents[v["version_id"]]
                _PARSED.put(v["digest"], parsed_from_document(document, source))
        class_banks = {bank_id for bank_id, _ in first.banks}
        mine = owner.profile_id
        versions.sort(  # a clash of ids (a race between two uploads) goes to a class's bank
            key=lambda v: (v["bank_id"] not in class_banks, v["owner_id"] != mine, v["key"])
        )
        found = [(v["digest"], _PARSED.get(v["digest"])) for v in versions]
        kept = [(digest, p) for digest, p in found if p is not None]
        return _COMPOSED.bank(self.packaged, kept, first.tracks)


@dataclass(frozen=True)
class _FirstTracks:
    tracks: tuple[tuple[str, str], ...]  # (track id, class name), in the order to offer them
    banks: tuple[tuple[int, str], ...]  # (bank id, class name)


def _class_tracks(
    s: Session, owner: Owner, versions: Sequence[dict[str, Any]], today: date
) -> _FirstTracks:
    """The tracks of the person's running classes (newest membership first): named tracks, then
    the tracks of each class's banks that the person can see."""
    repo = ClassRepository(s)
    memberships = [
        (c, name)
        for c, _, name in repo.memberships(owner.profile_id)
        if not _ended(c.ends_on, today)
    ]
    banks_of = repo.bank_keys([c.id for c, _ in memberships])
    tracks_of = {v["bank_id"]: v["tracks"] for v in versions}
    tracks: list[tuple[str, str]] = []
    banks: list[tuple[int, str]] = []
    for classroom, _ in memberships:
        for bank_id, _key in banks_of[classroom.id]:
            if bank_id in tracks_of:
                banks.append((bank_id, classroom.name))
                tracks += [(t, classroom.name) for t in tracks_of[bank_id]]
        tracks += [(t, classroom.name) for t in classroom.tracks]
    return _FirstTracks(tuple(tracks), tuple(banks))


def _ended(ends_on: date | None, today: date) -> bool:
    return ends_on is not None and today > ends_on


def compose(packaged: Bank, banks: Iterable[ParsedBank], first: Sequence[tuple[str, str]]) -> Bank:
    """The packaged bank plus `banks` (an id already taken is skipped), its tracks in the order to
    offer them: `first` (each marked with its class's name), then the rest by title."""
    questions = list(packaged.questions)
    sources = dict(packaged.sources)
    tracks = dict(packaged.tracks)
    for parsed in banks:
        for q in parsed.questions:
            if q.id not in sources:
                questions.append(q)
                sources[q.id] = Path(f"bank:{parsed.key}")
        for track in parsed.tracks.values():
            tracks.setdefault(track.id, track)
    ordered: dict[str, Track] = {}
    for track_id, class_name in first:
        if track_id in tracks and track_id not in ordered:
            t = tracks[track_id]
            ordered[track_id] = Track(t.id, f"{t.title} ({class_name})", t.description)
    for t in sorted(tracks.values(), key=lambda t: t.title):
        ordered.setdefault(t.id, t)
    return Bank(tuple(questions), packaged.rubrics, ordered, sources)


class _ParsedCache:
    """Stored versions, parsed, by digest (a version never changes, so neither does its digest)."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, ParsedBank] = OrderedDict()
        self.lock = threading.Lock()

    def has(self, digest: str) -> bool:
        with self.lock:
            return digest in self.items

    def get(self, digest: str) -> ParsedBank | None:
        with self.lock:
            found = self.items.get(digest)
            if found is not None:
                self.items.move_to_end(digest)
            return found

    def put(self, digest: str, parsed: ParsedBank) -> None:
        with self.lock:
            self.items[digest] = parsed
            while len(self.items) > self.size:
                self.items.popitem(last=False)


class _ComposedCache:
    """Combined banks by (packaged bank, versions, class tracks): one build per distinct set."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[tuple[Any, ...], tuple[Bank, Bank]] = OrderedDict()
        self.lock = threading.Lock()

    def bank(
        self,
        packaged: Bank,
        banks: list[tuple[str, ParsedBank]],
        first: tuple[tuple[str, str], ...],
    ) -> Bank:
        """`banks`: (digest, parsed) in the order their questions are taken."""
        key = (id(packaged), tuple(digest for digest, _ in banks), first)
        with self.lock:
            found = self.items.get(key)
            if found is not None and found[0] is packaged:
                self.items.move_to_end(key)
                return found[1]
        built = compose(packaged, [p for _, p in banks], first)
        with self.lock:
            self.items[key] = (packaged, built)  # holding `packaged` keeps its id() unique
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return built


_PARSED = _ParsedCache(PARSED_CACHE)
_COMPOSED = _ComposedCache(COMPOSED_CACHE)
