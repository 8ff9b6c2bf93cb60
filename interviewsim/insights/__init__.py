"""Delivery insights on one answer, typed or spoken: how it was said, not whether it was right.

Pure functions, offline: filler words and hedges with their rates per 100 words, the person's
most-used words, the job-related terms they used and the question's key terms they did not, the
pace of a spoken answer, and its length against the question's suggested time.

    insights(answer, question=None, track_terms=None, duration_s=None, suggested_s=None)

`track_terms` are the track's job-related words (`track_terms(bank, track)`); `duration_s` is the
length of the recording for a spoken answer; `suggested_s` defaults to the question's
`time_limit_s`. A typed answer's speaking time is estimated at `SPEAKING_WPM`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from interviewsim import text as tx
from interviewsim.bank import Question
from interviewsim.insights.fillers import fillers, hedges, is_filler_word
from interviewsim.insights.terms import key_terms, stems_of, track_terms
from interviewsim.scoring import similarity as sim

__all__ = [
    "FAST_WPM",
    "SLOW_WPM",
    "Count",
    "Insights",
    "insights",
    "key_terms",
    "track_terms",
]

SPEAKING_WPM = 140  # a usual interview speaking pace, for how long a typed answer takes to say
SLOW_WPM, FAST_WPM = 110, 170  # outside this band a listener notices the pace
SHORT_SHARE = 1 / 3  # an answer that fills less than this share of the suggested time is short
LONG_SHARE = 1.1  # ... and one past the time by more than a tenth is long
TOP_WORDS = 5
MIN_REPEATS = 2  # a word said once is not a "most-used" word


@dataclass(frozen=True)
class Count:
    text: str
    count: int


@dataclass(frozen=True)
class Insights:
    word_count: int
    fillers: tuple[Count, ...]  # most frequent first
    filler_count: int
    filler_rate: float  # per 100 words
    hedges: tuple[Count, ...]
    hedge_count: int
    hedge_rate: float
    top_words: tuple[Count, ...]  # content words said at least twice, most frequent first
    terms_used: tuple[str, ...]  # job-related words the answer used, as it spelt them
    terms_missed: tuple[str, ...]  # the question's key terms it did not use
    spoken: bool  # a recording's duration is known
    duration_s: float | None
    pace_wpm: float | None  # words per minute, spoken answers only
    pace: str | None  # "slow" | "steady" | "fast"
    speaking_s: float  # the recording's length, or the typed answer's estimated speaking time
    suggested_s: int | None
    length: str | None  # "short" | "fits" | "long", against the suggested time

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("fillers", "hedges", "top_words"):
            data[name] = {c.text: c.count for c in getattr(self, name)}
        for name in ("terms_used", "terms_missed"):
            data[name] = list(data[name])
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Insights:
        values = dict(data)
        for name in ("fillers", "hedges", "top_words"):
            values[name] = tuple(Count(k, int(v)) for k, v in dict(data[name]).items())
        for name in ("terms_used", "terms_missed"):
            values[name] = tuple(data[name])
        return cls(**values)

    def to_stored(self) -> dict[str, Any]:
        """The smallest form that gives the insights back (`from_stored`): the counts and lists,
        the word count and the two lengths; rates, pace and verdicts are derived again."""
        stored: dict[str, Any] = {
            "w": self.word_count,
            "f": {c.text: c.count for c in self.fillers},
            "h": {c.text: c.count for c in self.hedges},
            "t": {c.text: c.count for c in self.top_words},
            "u": list(self.terms_used),
            "m": list(self.terms_missed),
            "d": self.duration_s,
            "s": self.suggested_s,
        }
        return {k: v for k, v in stored.items() if v or k == "w"}

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> Insights:
        words = int(data["w"])
        filler_counts = Counter({str(k): int(v) for k, v in dict(data.get("f", {})).items()})
        hedge_counts = Counter({str(k): int(v) for k, v in dict(data.get("h", {})).items()})
        recorded = float(data["d"]) if data.get("d") else None
        pace_wpm, pace = _pace(words, recorded)
        speaking_s = recorded if recorded is not None else round(words / SPEAKING_WPM * 60, 1)
        suggested_s = int(data["s"]) if data.get("s") else None
        return cls(
            word_count=words,
            fillers=_counts(filler_counts),
            filler_count=sum(filler_counts.values()),
            filler_rate=_rate(sum(filler_counts.values()), words),
            hedges=_counts(hedge_counts),
            hedge_count=sum(hedge_counts.values()),
            hedge_rate=_rate(sum(hedge_counts.values()), words),
            top_words=tuple(Count(str(k), int(v)) for k, v in dict(data.get("t", {})).items()),
            terms_used=tuple(data.get("u", ())),
            terms_missed=tuple(data.get("m", ())),
            spoken=recorded is not None,
            duration_s=recorded,
            pace_wpm=pace_wpm,
            pace=pace,
            speaking_s=speaking_s,
            suggested_s=suggested_s,
            length=_length(speaking_s, suggested_s),
        )

    def summary(self) -> list[str]:
        """The insights as short plain sentences, for a page, a report or a terminal."""
        lines = []
        if self.fillers:
            listed = ", ".join(f"“{c.text}” ×{c.count}" for c in self.fillers)
            lines.append(
                f"{self.filler_count} filler{_s(self.filler_count)} "
                f"({self.filler_rate:g} per 100 words): {listed}."
            )
        else:
            lines.append("No filler words.")
        if self.hedges:
            listed = ", ".join(f"“{c.text}” ×{c.count}" for c in self.hedges)
            lines.append(f"{self.hedge_count} hedge{_s(self.hedge_count)}: {listed}.")
        if self.top_words:
            lines.append(
                "Most-used words: " + ", ".join(f"{c.text} ({c.count})" for c in self.top_words)
            )
        if self.terms_used:
            lines.append("Job-related terms you used: " + ", ".join(self.terms_used) + ".")
        if self.terms_missed:
            lines.append("Key terms you did not use: " + ", ".join(self.terms_missed) + ".")
        if self.pace_wpm is not None:
            lines.append(f"Pace: {self.pace_wpm:.0f} words per minute ({self.pace}).")
        if self.suggested_s:
            how = "spoke for" if self.spoken else "would take about"
            lines.append(
                f"Length: {how} {_duration(self.speaking_s)} of a suggested "
                f"{_duration(self.suggested_s)} ({self.length})."
            )
        return lines


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"


def _counts(counter: Counter[str]) -> tuple[Count, ...]:
    return tuple(Count(text, n) for text, n in counter.most_common())


def _rate(count: int, words: int) -> float:
    return round(100 * count / words, 1) if words else 0.0


def _top_words(words: list[str]) -> tuple[Count, ...]:
    """Content words by stem ("cache", "caching" together), shown in their most frequent form."""
    by_stem: dict[str, Counter[str]] = {}
    for word in words:
        if (word in tx.STOP_WORDS or len(word) < 2 or is_filler_word(word)) and not word.isdigit():
            continue
        by_stem.setdefault(tx.stem(word), Counter())[word] += 1
    ranked = sorted(by_stem.values(), key=lambda forms: -sum(forms.values()))  # stable: first seen
    return tuple(
        Count(forms.most_common(1)[0][0], total)
        for forms in ranked[:TOP_WORDS]
        if (total := sum(forms.values())) >= MIN_REPEATS
    )


def _terms(
    answer: str, question: Question | None, track: Iterable[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    wanted = key_terms(question, track) if question is not None else ()
    job_stems = stems_of(track or ()) | {t.stem for t in wanted}
    said = sim.AnswerTerms(answer)
    used = tuple(t.word for t in said.terms if t.stem in job_stems)
    missed = tuple(t.word for t in wanted if not said.contains(t))
    return used, missed


def _pace(words: int, duration_s: float | None) -> tuple[float | None, str | None]:
    if duration_s is None or duration_s <= 0:
        return None, None
    wpm = round(words / (duration_s / 60), 1)
    return wpm, "slow" if wpm < SLOW_WPM else "fast" if wpm > FAST_WPM else "steady"


def _length(speaking_s: float, suggested_s: int | None) -> str | None:
    if not suggested_s:
        return None
    share = speaking_s / suggested_s
    return "short" if share < SHORT_SHARE else "long" if share > LONG_SHARE else "fits"


def insights(
    answer: str,
    question: Question | None = None,
    track_terms: Iterable[str] | None = None,
    duration_s: float | None = None,
    suggested_s: int | None = None,
) -> Insights:
    """Delivery insights on `answer` (see the module docstring for the inputs)."""
    track = tuple(track_terms) if track_terms is not None else None
    tokens = tx.tokens(answer)
    words = [t for t in tokens if t not in (tx.PAUSE, tx.STOP)]
    filler_counts, hedge_counts = fillers(tokens), hedges(tokens)
    used, missed = _terms(answer, question, track)
    recorded = float(duration_s) if duration_s is not None and duration_s > 0 else None
    pace_wpm, pace = _pace(len(words), recorded)
    speaking_s = recorded if recorded is not None else round(len(words) / SPEAKING_WPM * 60, 1)
    if suggested_s is None and question is not None:
        suggested_s = question.time_limit_s
    return Insights(
        word_count=len(words),
        fillers=_counts(filler_counts),
        filler_count=sum(filler_counts.values()),
        filler_rate=_rate(sum(filler_counts.values()), len(words)),
        hedges=_counts(hedge_counts),
        hedge_count=sum(hedge_counts.values()),
        hedge_rate=_rate(sum(hedge_counts.values()), len(words)),
        top_words=_top_words(words),
        terms_used=used,
        terms_missed=missed,
        spoken=recorded is not None,
        duration_s=recorded,
        pace_wpm=pace_wpm,
        pace=pace,
        speaking_s=speaking_s,
        suggested_s=suggested_s,
        length=_length(speaking_s, suggested_s),
    )
