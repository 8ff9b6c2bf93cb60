"""Uploaded banks and their versions: who may see which, and the documents themselves."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from interviewsim.store.models import (
    BankVersion,
    ClassBank,
    ClassMember,
    Classroom,
    Profile,
    QuestionBank,
)

PRIVATE, CLASS, PUBLIC = "private", "class", "public"


class BankRepository:
    def __init__(self, session: Session):
        self.session = session

    def commit(self) -> None:
        self.session.commit()

    def by_key(self, key: str) -> QuestionBank | None:
        return self.session.scalar(select(QuestionBank).where(QuestionBank.key == key))

    def by_keys(self, keys: Collection[str]) -> list[QuestionBank]:
        if not keys:
            return []
        stmt = select(QuestionBank).where(QuestionBank.key.in_(list(keys)))
        return list(self.session.scalars(stmt))

    def add_bank(
        self, key: str, title: str, owner_id: int, visibility: str, now: datetime
    ) -> QuestionBank:
        bank = QuestionBank(
            key=key,
            title=title,
            owner_id=owner_id,
            visibility=visibility,
            created_at=now,
            updated_at=now,
        )
        self.session.add(bank)
        self.session.flush()
        return bank

    def add_version(self, bank: QuestionBank, **fields: Any) -> BankVersion:
        current = self.session.scalar(
            select(func.max(BankVersion.version)).where(BankVersion.bank_id == bank.id)
        )
        version = BankVersion(bank_id=bank.id, version=(current or 0) + 1, **fields)
        self.session.add(version)
        self.session.flush()
        return version

    def version(self, bank_id: int, number: int | None = None) -> BankVersion | None:
        """One version of a bank; the newest when `number` is None."""
        stmt = select(BankVersion).where(BankVersion.bank_id == bank_id)
        if number is not None:
            stmt = stmt.where(BankVersion.version == number)
        return self.session.scalar(stmt.order_by(BankVersion.version.desc()).limit(1))

    @staticmethod
    def _latest() -> Any:
        return (
            select(BankVersion.bank_id, func.max(BankVersion.version).label("version"))
            .group_by(BankVersion.bank_id)
            .subquery()
        )

    def _with_latest(self, *columns: Any) -> Select[Any]:
        latest = self._latest()
        return (
            select(*columns)
            .select_from(QuestionBank)
            .join(latest, latest.c.bank_id == QuestionBank.id)
            .join(
                BankVersion,
                (BankVersion.bank_id == QuestionBank.id)
                & (BankVersion.version == latest.c.version),
            )
        )

    def question_ids_elsewhere(self, key: str) -> list[tuple[str, list[str]]]:
        """(bank key, question ids of its newest version) for every other bank."""
        stmt = self._with_latest(QuestionBank.key, BankVersion.question_ids).where(
            QuestionBank.key != key
        )
        return [(k, list(ids)) for k, ids in self.session.execute(stmt).all()]

    def class_bank_ids(self, profile_id: int) -> Select[Any]:
        return (
            select(ClassBank.bank_id)
            .join(ClassMember, ClassMember.class_id == ClassBank.class_id)
            .where(ClassMember.profile_id == profile_id)
        )

    def visible_versions(self, profile_id: int) -> list[dict[str, Any]]:
        """The newest version of every bank this person may practise: public ones, their own,
        and (unless private) those of the classes they belong to."""
        stmt = self._with_latest(
            BankVersion.id.label("version_id"),
            BankVersion.digest,
            BankVersion.tracks,
            QuestionBank.id.label("bank_id"),
            QuestionBank.key,
            QuestionBank.owner_id,
            QuestionBank.visibility,
        ).where(
            or_(
                QuestionBank.visibility == PUBLIC,
                QuestionBank.owner_id == profile_id,
                (QuestionBank.visibility != PRIVATE)
                & QuestionBank.id.in_(self.class_bank_ids(profile_id)),
            )
        )
        rows = self.session.execute(stmt.order_by(QuestionBank.key)).all()
        return [dict(r._mapping) for r in rows]

    def documents(self, version_ids: Sequence[int]) -> dict[int, tuple[dict[str, Any], str]]:
        if not version_ids:
            return {}
        stmt = select(BankVersion.id, BankVersion.document, BankVersion.source_name).where(
            BankVersion.id.in_(list(version_ids))
        )
        return {vid: (doc, name) for vid, doc, name in self.session.execute(stmt).all()}

    def summaries(self, profile_id: int) -> list[dict[str, Any]]:
        """The instructor's own banks and every public one, newest version first facts."""
        versions = (
            select(BankVersion.bank_id, func.count().label("versions"))
            .group_by(BankVersion.bank_id)
            .subquery()
        )
        stmt = (
            self._with_latest(
                QuestionBank.key,
                QuestionBank.title,
                QuestionBank.visibility,
                QuestionBank.owner_id,
                QuestionBank.updated_at,
                Profile.name.label("owner_name"),
                BankVersion.version,
                BankVersion.questions,
                BankVersion.tracks,
                versions.c.versions,
            )
            .join(Profile, Profile.id == QuestionBank.owner_id)
            .join(versions, versions.c.bank_id == QuestionBank.id)
            .where(or_(QuestionBank.owner_id == profile_id, QuestionBank.visibility == PUBLIC))
            .order_by(QuestionBank.updated_at.desc(), QuestionBank.key)
        )
        return [dict(r._mapping) for r in self.session.execute(stmt).all()]

    def tracks_of(self, bank_ids: Collection[int]) -> dict[int, list[str]]:
        """The track ids of each bank's newest version."""
        if not bank_ids:
            return {}
        stmt = self._with_latest(QuestionBank.id, BankVersion.tracks).where(
            QuestionBank.id.in_(list(bank_ids))
        )
        return {bank_id: list(tracks) for bank_id, tracks in self.session.execute(stmt).all()}

    def classes_using(self, bank_id: int) -> list[str]:
        stmt = (
            select(Classroom.name)
            .join(ClassBank, ClassBank.class_id == Classroom.id)
            .where(ClassBank.bank_id == bank_id)
            .order_by(Classroom.name)
        )
        return list(self.session.scalars(stmt))
