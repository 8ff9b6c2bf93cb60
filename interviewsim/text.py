"""Text normalisation shared by the scorer, the interviewer, the bank checks and the store.

Pure functions, no state: tokenise, drop function words, stem (Snowball English), split sentences,
and `clean_text`, which every text the store writes goes through.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Function words carry no topic: "the", "is", pronouns, auxiliaries, a few fillers people say aloud.
STOP_WORDS = frozenset(
    """
    a about above actually after again against all also am an and any are aren't as at
    basically be because been before being below between both but by can can't cannot could
    couldn't did didn't do does doesn't doing don't down during each either etc even ever
    every few for from further get gets got had hadn't has hasn't have haven't having he her
    here hers herself him himself his how however i i'd i'll i'm i've if in into is isn't it
    it's its itself just kind let's like lot lots may me might more most much must mustn't my
    myself no nor not now of off often ok okay on once one only or other ought our ours
    ourselves out over own per quite rather really same shall she should shouldn't so some
    sort such than that that's the their theirs them themselves then there there's these they
    they'd they'll they're they've thing things this those though through thus to too uh um
    under until up upon us very via was wasn't we we'd we'll we're we've well were weren't
    what what's when where which while who whom whose why will with within without won't would
    wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:['’+#][a-z0-9]+)*[+#]*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|(?<=;)\s+")
# Line endings, C0 control characters other than tab and newline, and lone surrogates.
_UNSTORABLE = re.compile("\r\n?|[\x00-\x08\x0b-\x1f]|[\ud800-\udfff]")
# Punctuation that breaks the flow: clause and sentence marks, dashes set off by spaces, brackets.
# A hyphen inside a word ("so-called") is not one.
_MARKS = re.compile(f"(?:{_WORD.pattern})|[,;:.!?()\\[\\]]+|[—–]+|(?<!\\S)-+(?!\\S)")
_ENDS_SENTENCE = re.compile(r"[!?]|(?<!\.)\.(?!\.)")  # an ellipsis "..." does not
PAUSE, STOP = ",", "."  # what `tokens` yields for a pause inside a sentence and at its end
_stemmer = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    """Lower case, Unicode-compatible forms folded, curly quotes straightened."""
    text = unicodedata.normalize("NFKC", text).lower()
    return text.replace("’", "'").replace("‘", "'")


def normalise_forms(text: str) -> str:
    """Unicode-compatible forms folded and curly quotes straightened; case kept."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("’", "'").replace("‘", "'")


def words(text: str) -> list[str]:
    """Every word token, lower-cased, in order."""
    return _WORD.findall(normalise(text))


def tokens(text: str) -> list[str]:
    """The words of `words(text)`, in order, with `PAUSE` or `STOP` where punctuation breaks the flow.

    For rules that need to know whether a word stands alone ("like, ..." versus "like Go"). An
    ellipsis is a pause (a trailing-off), not the end of a sentence; runs of marks count once.
    """
    out: list[str] = []
    for token in _MARKS.findall(normalise(text)):
        if _WORD.fullmatch(token):
            out.append(token)
            continue
        mark = STOP if _ENDS_SENTENCE.search(token) else PAUSE
        if out and out[-1] in (PAUSE, STOP):
            out[-1] = STOP if STOP in (out[-1], mark) else PAUSE
        else:
            out.append(mark)
    return out


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def content_words(text: str) -> list[str]:
    """Words that carry meaning (stop words removed), not stemmed."""
    return [w for w in words(text) if (w not in STOP_WORDS and len(w) > 1) or w.isdigit()]


def content_stems(text: str) -> list[str]:
    """Stems of the content words, in order (duplicates kept)."""
    return [stem(w) for w in content_words(text)]


def sentences(text: str) -> list[str]:
    """Split into sentences on ., !, ?, ; and line breaks; empty pieces dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def truncate(text: str, limit: int) -> tuple[str, bool]:
    """Cut `text` to at most `limit` characters; the flag says whether anything was cut."""
    if len(text) <= limit:
        return text, False
    return text[:limit], True


def _replace_unstorable(match: re.Match[str]) -> str:
    found = match.group()
    if found[0] == "\r":
        return "\n"
    return "\ufffd" if found >= "\ud800" else ""


def clean_text(text: str) -> str:
    """`text` as every store accepts it, so SQLite and PostgreSQL keep exactly the same thing.

    PostgreSQL refuses a NUL byte that SQLite would store, and neither can encode a lone surrogate
    (a browser can send one). Control characters other than tab and newline are dropped (they are
    invisible and only come from pasting or faulty input), line endings become `\\n`, and a lone
    surrogate becomes U+FFFD. Everything else is kept as it is.
    """
    return _UNSTORABLE.sub(_replace_unstorable, text)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and its noun in the right number: "1 question", "4 questions", "2 analyses"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
