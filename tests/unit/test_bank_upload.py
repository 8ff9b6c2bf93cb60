"""Banks uploaded in the app: every problem listed (file, question id, field) before anything is
stored; the limits (size, questions, YAML aliases, nesting) refused with a message; CSV read as
documented; stored versions exported back to YAML."""

from __future__ import annotations

import tracemalloc

import pytest
import yaml
from sqlalchemy import func, select

from interviewsim.bank_upload import (
    ALIASES_REFUSED,
    MAX_BANK_BYTES,
    MAX_BANK_QUESTIONS,
    MAX_YAML_DEPTH,
    Problem,
    UploadRejected,
    export_yaml,
    parse_upload,
)
from interviewsim.bootstrap import App
from interviewsim.store.models import BankVersion, QuestionBank

from ..conftest import PROJECT_ROOT
from .classroom_support import bank_yaml, instructor, question

TEMPLATES = PROJECT_ROOT / "data" / "templates"


def rejected(filename: str, data: bytes, bank_id: str | None = None) -> list[Problem]:
    with pytest.raises(UploadRejected) as caught:
        parse_upload(filename, data, bank_id)
    return caught.value.problems


def alias_bomb() -> bytes:
    """Nine levels of ten aliases each: 320 KB that a plain YAML load would expand to 10^9 items."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * 10) + "]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    body = "\n".join(lines) + "\n"
    padding = "# " + "x" * 97 + "\n"
    while len(body) < 320_000:
        body = padding + body
    return body.encode()


def test_an_upload_with_errors_lists_each_error_with_file_id_and_field() -> None:
    entries = [
        question("good-one"),
        question("bad-difficulty", difficulty=7),
        question("bad-category", category="chatting"),
        {**question("no-answer"), "model_answer": ""},
        question("good-one"),  # a duplicate id
        {**question("probes-too-far"), "follow_ups": [{"text": "Why?", "probes": [9]}]},
    ]
    data = yaml.safe_dump({"bank": "week-1", "track": "week-1", "questions": entries}).encode()
    problems = rejected("week1.yaml", data)
    found = {(p.file, p.question, p.field) for p in problems}
    assert found == {
        ("week1.yaml", "bad-difficulty", "difficulty"),
        ("week1.yaml", "bad-category", "category"),
        ("week1.yaml", "no-answer", "model_answer"),
        ("week1.yaml", "good-one", "id"),
        ("week1.yaml", "probes-too-far", "follow_ups"),
    }
    assert all(str(p).startswith("week1.yaml, question '") for p in problems)
    assert "key point 9" in next(p.message for p in problems if p.field == "follow_ups")


def test_a_duplicate_id_is_listed_with_the_other_problems_even_when_its_first_use_is_invalid() -> (
    None
):
    entries = [question("bad-one", difficulty=7), question("bad-one")]
    data = yaml.safe_dump({"bank": "week-2", "track": "week-2", "questions": entries}).encode()
    found = {(p.question, p.field) for p in rejected("week2.yaml", data)}
    assert found == {("bad-one", "difficulty"), ("bad-one", "id")}


def test_an_unclosed_quote_is_reported_where_it_opens_as_well_as_where_the_file_ends() -> None:
    data = (
        b'track: t\nquestions:\n  - id: q1\n    prompt: "Explain joins\n    category: technical\n'
    )
    (problem,) = rejected("quote.yaml", data)
    assert "not valid YAML at line" in problem.message
    assert "in the quoted value that starts at line 4, column 13" in problem.message


def test_an_upload_with_errors_stores_nothing(app: App) -> None:
    teacher = instructor(app)
    broken = bank_yaml("week-1").replace(b"difficulty: 1", b"difficulty: 9")
    with pytest.raises(UploadRejected) as caught:
        app.library.upload(teacher, "week1.yaml", broken)
    assert [(p.question, p.field) for p in caught.value.problems] == [("week-1-q1", "difficulty")]
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(QuestionBank)) == 0
        assert s.scalar(select(func.count()).select_from(BankVersion)) == 0
    assert app.library.summaries(teacher) == []


def test_a_320_kb_alias_bomb_is_refused_before_any_object_is_built() -> None:
    data = alias_bomb()
    assert 320_000 <= len(data) < MAX_BANK_BYTES  # refused for its aliases, not its size
    tracemalloc.start()
    try:
        problems = rejected("bomb.yaml", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.message.split(" (line")[0] for p in problems] == [ALIASES_REFUSED]
    assert peak < 10_000_000, f"{peak:,} bytes allocated to refuse it"


@pytest.mark.parametrize(
    "text",
    [
        "base: &base {category: technical}\nquestions: []\n",  # an anchor alone
        "questions:\n  - <<: *base\n    id: x\n",  # a merge key
    ],
    ids=["anchor", "merge-key"],
)
def test_anchors_and_merge_keys_are_refused_too(text: str) -> None:
    (problem,) = rejected("b.yaml", text.encode())
    assert problem.message.startswith(ALIASES_REFUSED) or "not valid YAML" in problem.message


def test_an_anchor_is_refused_with_its_line() -> None:
    text = b"track: t\nquestions:\n  - &q\n    id: x\n"
    (problem,) = rejected("b.yaml", text)
    assert problem.message == f"{ALIASES_REFUSED} (line 3)"


def test_an_oversized_file_is_refused_with_the_limit_before_it_is_read() -> None:
    data = b"# filler\n" * (MAX_BANK_BYTES // 9 + 10)
    (problem,) = rejected("huge.yaml", data)
    assert "a bank file can be up to 1 MB" in problem.message and problem.file == "huge.yaml"


def test_too_many_questions_are_refused_with_the_limit() -> None:
    entries = [question(f"q-{n}") for n in range(MAX_BANK_QUESTIONS + 1)]
    data = yaml.safe_dump({"track": "t", "questions": entries}, width=200).encode()
    assert len(data) < MAX_BANK_BYTES
    (problem,) = rejected("many.yaml", data)
    assert problem.field == "questions"
    assert f"{MAX_BANK_QUESTIONS + 1} questions; a bank can hold up to {MAX_BANK_QUESTIONS}" in (
        problem.message
    )


def test_deep_nesting_is_refused_with_the_limit() -> None:
    text = "track: t\nquestions: " + "[" * (MAX_YAML_DEPTH + 2) + "]" * (MAX_YAML_DEPTH + 2)
    (problem,) = rejected("deep.yaml", text.encode())
    assert f"nested more than {MAX_YAML_DEPTH} levels deep" in problem.message


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("b.yaml", b"track: t\nquestions: !!python/object:os.system [ls]\n", "not valid YAML"),
        ("b.yaml", b"track: t\n---\ntrack: u\n", "one YAML document per file"),
        ("b.yaml", "track: t\nquestions: [caf\xe9]".encode("latin-1"), "not UTF-8 text"),
        ("b.yaml", b"track: t\nquestions: [unclosed\n", "not valid YAML at line"),
        ("b.json", b"{}", "upload a .yaml, .yml or .csv file"),
        ("b.yaml", b"- just\n- a list\n", "expected a mapping"),
        ("b.yaml", b"track: t\nquestions: []\n", "expected a non-empty list of questions"),
    ],
    ids=["python-tag", "two-documents", "latin-1", "broken", "json", "a-list", "no-questions"],
)
def test_files_that_are_not_a_bank_say_why(filename: str, data: bytes, expected: str) -> None:
    problems = rejected(filename, data)
    assert any(expected in p.message for p in problems), problems


def test_unknown_top_level_fields_are_named() -> None:
    data = b"track: t\nquestoins: []\nquestions:\n" + yaml.safe_dump([question("a")]).encode()
    problems = rejected("typo.yaml", data)
    assert [(p.question, p.field) for p in problems] == [(None, "questoins")]


def test_a_track_file_of_the_built_in_bank_reads_as_it_is() -> None:
    data = (PROJECT_ROOT / "data" / "questions" / "sql.yaml").read_bytes()
    parsed = parse_upload("sql.yaml", data, bank_id="my-sql")
    assert parsed.key == "my-sql" and parsed.tracks["sql"].title == "SQL and databases"
    assert len(parsed.questions) > 20


def test_the_templates_upload_without_a_problem() -> None:
    for name in ("bank.yaml", "bank.csv"):
        parsed = parse_upload(name, (TEMPLATES / name).read_bytes())
        assert parsed.questions, name


def test_csv_rows_read_key_points_alternatives_follow_ups_probes_and_tags() -> None:
    parsed = parse_upload("bank.csv", (TEMPLATES / "bank.csv").read_bytes(), bank_id="git")
    (q,) = parsed.questions
    assert [kp.phrasings for kp in q.key_points] == [
        ("merge keeps history and adds a merge commit", "a merge commit"),
        ("rebase rewrites commits on top of another branch", "replays commits"),
        ("never rebase a shared branch", "do not rebase public history"),
    ]
    assert [(f.text, f.probes) for f in q.follow_ups] == [
        ("When is a merge commit useful in a project's history?", (1,)),
        ("What goes wrong if you rebase a branch a colleague has already pulled?", (3,)),
    ]
    assert q.tags == ("git", "version-control") and q.time_limit_s == 90
    assert parsed.tracks["my-course-git"].title == "Git, week 2"


def test_csv_problems_name_the_row_id_and_column() -> None:
    csv_text = (
        "id,category,difficulty,prompt,model_answer,keypoints\na-1,technical,2,Why?,Because.,x\n"
    )
    problems = rejected("b.csv", csv_text.encode())
    assert [(p.question, p.field) for p in problems] == [(None, "keypoints")]
    csv_text = "id,category,difficulty,prompt,model_answer\na-1,technical,five,Why?,Because.\n"
    problems = rejected("b.csv", csv_text.encode())
    assert [(p.question, p.field) for p in problems] == [("a-1 (row 2)", "difficulty")]
    problems = rejected("b.csv", b"id,category\na,technical\n")
    assert {p.field for p in problems} == {"difficulty", "prompt", "model_answer"}


def test_a_stored_bank_exports_to_yaml_that_uploads_again_as_the_same_bank(app: App) -> None:
    teacher = instructor(app)
    original = (TEMPLATES / "bank.yaml").read_bytes()
    first = app.library.upload(teacher, "bank.yaml", original)
    exported = app.library.export(teacher, first.key)
    again = app.library.upload(teacher, "again.yaml", exported.encode())
    assert (again.key, again.version) == (first.key, 2)
    assert (
        parse_upload("a.yaml", exported.encode()).document()
        == parse_upload("b.yaml", original).document()
    )
    assert app.library.export(teacher, first.key, version=1) == exported
    assert export_yaml(parse_upload("c.yaml", exported.encode()).document()) == exported


def test_each_upload_of_the_same_bank_id_is_a_new_version(app: App) -> None:
    teacher = instructor(app)
    app.library.upload(teacher, "w.yaml", bank_yaml("week-1", "q-a"))
    second = app.library.upload(teacher, "w.yaml", bank_yaml("week-1", "q-a", "q-b"))
    assert second.version == 2 and second.questions == 2
    (summary,) = app.library.summaries(teacher)
    assert (summary.version, summary.versions, summary.questions) == (2, 2, 2)
    assert "q-b" not in app.library.export(teacher, "week-1", version=1)


def test_ids_taken_by_the_built_in_bank_or_another_bank_are_problems(app: App) -> None:
    teacher, other = instructor(app), instructor(app, "Other")
    app.library.upload(other, "o.yaml", bank_yaml("others", "shared-id"))
    data = bank_yaml("mine", "sql-where-vs-having", "shared-id", "fresh-id")
    with pytest.raises(UploadRejected) as caught:
        app.library.upload(teacher, "m.yaml", data)
    messages = {p.question: p.message for p in caught.value.problems}
    assert set(messages) == {"sql-where-vs-having", "shared-id"}
    assert "built-in bank" in messages["sql-where-vs-having"]
    assert "another bank" in messages["shared-id"]


def test_a_bank_id_belonging_to_another_instructor_is_refused(app: App) -> None:
    app.library.upload(instructor(app, "Other"), "o.yaml", bank_yaml("week-1", "o-1"))
    with pytest.raises(UploadRejected) as caught:
        app.library.upload(instructor(app), "m.yaml", bank_yaml("week-1", "m-1"))
    assert [(p.field, "another instructor" in p.message) for p in caught.value.problems] == [
        ("bank", True)
    ]
