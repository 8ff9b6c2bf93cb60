"""The Progress page's reads, bounded however long the history grows.

Whatever the window holds comes back as aggregates computed in SQL: a row per practice day, per
track and question category, per topic, per criterion and period (day, week or month). Raw points
come only from a bounded recent window (the last few hundred answers or interviews), and past
interviews a page at a time. The CSV export streams its rows from SQL in batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import case, exists, func, literal, select, union_all
from sqlalchemy.orm import Session

from interviewsim.store.models import CriterionScoreRow, Interview, QuestionVersion, Turn
from interviewsim.store.scored_turns import final_scored_turns, is_final_scored_turn, records
from interviewsim.store.types import day_of, month_of, week_of

PERIODS = {"D": day_of, "W": week_of, "M": month_of}
EXPORT_BATCH = 2000  # rows fetched from the database at a time for the CSV export


class ProgressQueries:
    """Reads for one profile's window: (track or all, since, until), as the page's filters say."""

    def __init__(
        self,
        session: Session,
        profile_id: int,
        track: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ):
        self.session = session
        self.profile_id = profile_id
        self.track, self.since, self.until = track, since, until

    def _conditions(self) -> list[Any]:
        found = [Interview.profile_id == self.profile_id]
        if self.track:
            found.append(Interview.track == self.track)
        if self.since is not None:
            found.append(Interview.started_at >= self.since)
        if self.until is not None:
            found.append(Interview.started_at < self.until)
        return found

    def _scored(self, *columns: Any) -> Any:
        """A select of `columns` over each scored question's final turn in the window, joined to
        its interview."""
        conditions = [*self._conditions(), is_final_scored_turn()]
        return (
            select(*columns)
            .select_from(Turn)
            .join(Interview, Interview.id == Turn.interview_id)
            .where(*conditions)
        )

    def _latest_start(self, n: int) -> datetime | None:
        """When the window's `n`-th most recent interview started (None: it holds fewer), so the
        raw points read only interviews started since: one row, and an index range."""
        stmt = (
            select(Interview.started_at)
            .where(*self._conditions())
            .order_by(Interview.started_at.desc())
            .offset(n - 1)
            .limit(1)
        )
        return self.session.scalar(stmt)

    def _latest(self, n: int) -> ProgressQueries:
        """These reads narrowed to the window's latest `n` interviews (ties at the edge in)."""
        start = self._latest_start(n)
        if start is None:
            return self
        since = start if self.since is None else max(start, self.since)
        return ProgressQueries(self.session, self.profile_id, self.track, since, self.until)

    # ---------------------------------------------------------------------- whole-window sums

    def answers_per_day(self) -> list[dict[str, Any]]:
        """Per practice day ('YYYY-MM-DD'): answers scored. For the calendar and the streak."""
        day = day_of(Turn.answered_at)
        stmt = self._scored(day.label("day"), func.count().label("answers"))
        return records(self.session, stmt.group_by(day).order_by(day))

    def answers_by_version(self) -> list[dict[str, Any]]:
        """Per track and question version: answers scored and the sum of their scores. A row per
        question of the bank at most, whatever the history's length; `versions` says what each
        version's category and tags are (`question_versions`)."""
        stmt = self._scored(
            Interview.track,
            Turn.question_version_id.label("version_id"),
            func.count().label("answers"),
            func.sum(Turn.overall).label("score_sum"),
        ).group_by(Interview.track, Turn.question_version_id)
        return records(self.session, stmt.order_by(Interview.track, Turn.question_version_id))

    def interviews_scored(self) -> int:
        """Interviews in the window with at least one scored answer."""
        scored = exists().where(Turn.interview_id == Interview.id, Turn.overall.is_not(None))
        stmt = select(func.count()).select_from(Interview).where(*self._conditions(), scored)
        return int(self.session.scalar(stmt) or 0)

    def criteria_per_period(
        self, period: str, categories: Mapping[int, str]
    ) -> list[dict[str, Any]]:
        """Rubric levels summed per period ("D", "W" or "M": its first day as 'YYYY-MM-DD'),
        question category (which says the rubric; `categories`: version id -> category) and
        criterion. Averages over any span of periods are `level_sum / scores`."""
        start = PERIODS[period](Turn.answered_at)
        # Summed per question version first (integer keys, no CASE per criterion score), then
        # per category over those few thousand rows.
        per_version = (
            self._scored(
                start.label("day"),
                Turn.question_version_id.label("version_id"),
                CriterionScoreRow.criterion_id,
                func.min(CriterionScoreRow.name).label("name"),
                func.sum(CriterionScoreRow.level).label("level_sum"),
                func.count().label("scores"),
            )
            .join(CriterionScoreRow, CriterionScoreRow.turn_id == Turn.id)
            .group_by(start, Turn.question_version_id, CriterionScoreRow.criterion_id)
            .subquery()
        )
        category = label_of(categories, per_version.c.version_id)
        keys = (per_version.c.day, category, per_version.c.criterion_id, per_version.c.name)
        stmt = (
            select(
                per_version.c.day,
                category.label("category"),
                per_version.c.criterion_id,
                per_version.c.name,
                func.sum(per_version.c.level_sum).label("level_sum"),
                func.sum(per_version.c.scores).label("scores"),
            )
            .group_by(*keys)
            .order_by(per_version.c.day, category, per_version.c.criterion_id)
        )
        return records(self.session, stmt)

    def topics(
        self, versions: Mapping[int, tuple[str, list[str]]], interviews: int
    ) -> list[dict[str, Any]]:
        """Per track and topic (each tag of a question; its category when it has none), over the
        window's last `interviews` interviews: answers, mean score, and the mean of the earlier
        and of the later half of its answers in time order (`early`, `late`: of n answers, the
        first n // 2 are the earlier half). `versions`: version id -> (category, tags)."""
        # A question has a few topics: one select per topic slot (its first, second, ...),
        # each naming the slot's topic from the version id, and all of them together.
        slots: list[dict[int, str]] = []
        for version_id, (category, tags) in versions.items():
            for slot, topic in enumerate(tags or [category]):
                if slot == len(slots):
                    slots.append({})
                slots[slot][version_id] = topic
        if not slots:
            return []
        recent = self._latest(interviews)
        tagged = union_all(
            *(
                recent._scored(
                    Interview.track,
                    label_of(slot).label("topic"),
                    Turn.overall,
                    Turn.answered_at,
                    Turn.id,
                ).where(Turn.question_version_id.in_(sorted(slot)))
                for slot in slots
            )
        ).subquery()
        per_topic = (tagged.c.track, tagged.c.topic)
        answers = select(
            tagged.c.track,
            tagged.c.topic,
            tagged.c.overall,
            (
                func.row_number().over(
                    partition_by=per_topic, order_by=(tagged.c.answered_at, tagged.c.id)
                )
                - 1
            ).label("position"),
            func.count().over(partition_by=per_topic).label("size"),
        ).subquery()
        late = answers.c.position >= answers.c.size // 2
        stmt = (
            select(
                answers.c.track,
                answers.c.topic,
                func.count().label("answers"),
                func.avg(answers.c.overall).label("overall"),
                func.avg(case((~late, answers.c.overall))).label("early"),
                func.avg(case((late, answers.c.overall))).label("late"),
            )
            .group_by(answers.c.track, answers.c.topic)
            .order_by(answers.c.track, answers.c.topic)
        )
        return records(self.session, stmt)

    # ------------------------------------------------------------------ bounded recent windows

    def recent_answers(self, n: int) -> list[dict[str, Any]]:
        """The window's last `n` scored answers (newest first): category, score, time spent on
        the question (follow-ups included), when. Read from the latest interviews only: a few
        (counted first: they usually hold `n` answers), else the last `n`."""
        few = self._latest(max(1, n // 10))
        enough = few.session.scalar(few._scored(func.count())) or 0
        recent = few if enough >= n else self._latest(n)
        last = final_scored_turns(self.profile_id, recent.track, recent.since, recent.until)
        stmt = (
            select(
                Turn.interview_id,
                QuestionVersion.snapshot["category"].as_string().label("category"),
                Turn.overall,
                last.c.time_total_s.label("time_taken_s"),
                Turn.answered_at,
            )
            .select_from(Turn)
            .join(last, last.c.turn_id == Turn.id)
            .join(QuestionVersion, QuestionVersion.id == Turn.question_version_id)
            .order_by(Turn.answered_at.desc(), Turn.id.desc())
            .limit(n)
        )
        return records(self.session, stmt)

    def recent_interviews(self, n: int) -> list[dict[str, Any]]:
        """The window's last `n` interviews with a scored answer (oldest first): id, start,
        track, mean score of its questions and how many were scored."""
        stmt = (
            self._latest(n)
            ._scored(
                Interview.id.label("interview_id"),
                Interview.started_at,
                Interview.track,
                func.avg(Turn.overall).label("overall"),
                func.count().label("answered"),
            )
            .group_by(Interview.id, Interview.started_at, Interview.track)
            .order_by(Interview.started_at, Interview.id)
        )
        return records(self.session, stmt)

    # ------------------------------------------------------------------------------- export

    def export_rows(self, batch: int = EXPORT_BATCH) -> Iterator[list[dict[str, Any]]]:
        """Every scored question of the window (oldest first) in batches of `batch` rows,
        streamed from the database rather than read whole: the CSV export's rows."""
        last = final_scored_turns(self.profile_id, self.track, self.since, self.until)
        stmt = (
            select(
                Turn.answered_at,
                Interview.id.label("interview_id"),
                Interview.track,
                QuestionVersion.snapshot["category"].as_string().label("category"),
                QuestionVersion.snapshot["difficulty"].as_integer().label("difficulty"),
                Turn.question_id,
                QuestionVersion.snapshot["prompt"].as_string().label("prompt"),
                QuestionVersion.snapshot["tags"].label("tags"),
                Turn.overall,
                last.c.time_total_s.label("time_taken_s"),
            )
            .select_from(Turn)
            .join(last, last.c.turn_id == Turn.id)
            .join(Interview, Interview.id == Turn.interview_id)
            .join(QuestionVersion, QuestionVersion.id == Turn.question_version_id)
            .order_by(Turn.answered_at, Turn.id)
        )
        result = self.session.connection().execution_options(yield_per=batch).execute(stmt)
        keys = list(result.keys())
        for rows in result.partitions():
            yield [dict(zip(keys, row, strict=True)) for row in rows]


def question_versions(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, list[str]]]:
    """Category and tags of the question versions with these ids."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = select(
        QuestionVersion.id,
        QuestionVersion.snapshot["category"].as_string(),
        QuestionVersion.snapshot["tags"],
    ).where(QuestionVersion.id.in_(wanted))
    return {
        version_id: (category or "", [str(t) for t in tags] if isinstance(tags, list) else [])
        for version_id, category, tags in session.connection().execute(stmt).all()
    }


def interview_page(session: Session, profile_id: int, limit: int, offset: int) -> list[Interview]:
    """One page of the profile's interviews, newest first."""
    stmt = (
        select(Interview)
        .where(Interview.profile_id == profile_id)
        .order_by(Interview.started_at.desc(), Interview.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def owned_interview(session: Session, profile_id: int, interview_id: int) -> Interview | None:
    """The profile's interview with this id; None for another person's or one that does not exist."""
    stmt = select(Interview).where(Interview.id == interview_id, Interview.profile_id == profile_id)
    return session.scalar(stmt)


def interview_count(session: Session, profile_id: int) -> int:
    stmt = select(func.count()).select_from(Interview).where(Interview.profile_id == profile_id)
    return int(session.scalar(stmt) or 0)


def progress_stamp(session: Session, profile_id: int) -> tuple[Any, ...]:
    """A cheap value that changes whenever the profile's Progress data can: its interviews'
    count, newest id and latest finish, and over its unfinished interviews (where answers are
    being scored, a retry included: it reopens its interview) the newest turn, the scored turns
    and the latest answer. It reads the profile's interview rows and a few interviews' turns."""
    mine = Interview.profile_id == profile_id
    interviews = session.execute(
        select(func.count(), func.max(Interview.id), func.max(Interview.finished_at)).where(mine)
    ).one()
    open_turns = session.execute(
        select(func.max(Turn.id), func.count(Turn.overall), func.max(Turn.answered_at))
        .join(Interview, Interview.id == Turn.interview_id)
        .where(mine, Interview.status == "active")
    ).one()
    return (*interviews, *open_turns)


def label_of(labels: Mapping[int, str], version_id: Any = Turn.question_version_id) -> Any:
    """A label for each row from its question version id (`labels`: id -> label; others get
    ''), in SQL: a category or topic without reading each turn's JSON snapshot."""
    by_label: dict[str, list[int]] = {}
    for version, label in labels.items():
        by_label.setdefault(label, []).append(version)
    if not by_label:
        return literal("")
    whens = [(version_id.in_(ids), name) for name, ids in sorted(by_label.items())]
    return case(*whens, else_=literal(""))


def period_for_span(span_days: int) -> str:
    """The heat-map's column for a history spanning `span_days`: days up to two weeks, weeks up
    to half a year, months beyond, so it stays readable however long the history is."""
    return "D" if span_days <= 14 else "W" if span_days <= 26 * 7 else "M"
