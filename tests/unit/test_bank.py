"""Loading and validating question banks: every error names the file, the question and the field."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from interviewsim.bank import (
    DEFAULT_DATA_DIR,
    YAML_LOADER,
    Bank,
    BankError,
    Category,
    _read_yaml,
    default_bank,
    load_bank,
)

from ..conftest import FIXTURE_BANK

GOOD_QUESTION = {
    "id": "t-one",
    "category": "technical",
    "difficulty": 2,
    "prompt": "What does an index do?",
    "key_points": [{"text": "speeds up lookups", "alternatives": ["faster reads"]}],
    "model_answer": "An index speeds up lookups at the cost of slower writes.",
    "follow_ups": ["When would you not add one?"],
    "tags": ["indexes"],
}


def make_bank(
    root: Path, questions: list[dict], name: str = "sql.yaml", track: str = "sql"
) -> Path:
    """A bank folder with the real rubrics and one question file."""
    shutil.copytree(DEFAULT_DATA_DIR / "rubrics", root / "rubrics", dirs_exist_ok=True)
    (root / "questions").mkdir(parents=True, exist_ok=True)
    (root / "questions" / name).write_text(
        yaml.safe_dump({"track": track, "title": track.upper(), "questions": questions}),
        encoding="utf-8",
    )
    return root


def test_the_shipped_bank_loads_without_errors(bank: Bank) -> None:
    assert len(bank.questions) >= 2
    assert set(bank.rubrics) == {"technical", "system_design", "behavioral", "situational"}


def test_a_missing_field_names_the_file_the_question_and_the_field(tmp_path: Path) -> None:
    broken = {k: v for k, v in GOOD_QUESTION.items() if k != "model_answer"}
    make_bank(tmp_path, [broken])
    with pytest.raises(BankError) as err:
        load_bank(tmp_path)
    message = str(err.value)
    assert "sql.yaml" in message
    assert "question 't-one'" in message
    assert "field 'model_answer'" in message


def test_a_difficulty_out_of_range_is_reported_with_its_field(tmp_path: Path) -> None:
    make_bank(tmp_path, [{**GOOD_QUESTION, "difficulty": 7}])
    with pytest.raises(BankError, match=r"question 't-one', field 'difficulty'"):
        load_bank(tmp_path)


def test_a_bad_key_point_names_its_position(tmp_path: Path) -> None:
    make_bank(tmp_path, [{**GOOD_QUESTION, "key_points": [{"text": ""}]}])
    with pytest.raises(BankError, match=r"field 'key_points\[0\]\.text'"):
        load_bank(tmp_path)


def test_an_unknown_field_is_rejected_so_typos_are_caught(tmp_path: Path) -> None:
    make_bank(tmp_path, [{**GOOD_QUESTION, "modle_answer": "typo"}])
    with pytest.raises(BankError, match=r"field 'modle_answer'"):
        load_bank(tmp_path)


def test_duplicate_ids_are_an_error_naming_both_files(tmp_path: Path) -> None:
    make_bank(tmp_path, [GOOD_QUESTION], name="a.yaml")
    make_bank(tmp_path, [GOOD_QUESTION], name="b.yaml")
    with pytest.raises(BankError) as err:
        load_bank(tmp_path)
    assert "duplicate id" in str(err.value)
    assert "a.yaml" in str(err.value) and "b.yaml" in str(err.value)


def test_invalid_yaml_names_the_file_and_the_line(tmp_path: Path) -> None:
    make_bank(tmp_path, [GOOD_QUESTION])
    (tmp_path / "questions" / "sql.yaml").write_text("track: sql\nquestions: [\n  - id: x\n")
    with pytest.raises(BankError, match=r"sql\.yaml: not valid YAML at line \d+"):
        load_bank(tmp_path)


def test_every_problem_is_listed_in_one_run(tmp_path: Path) -> None:
    bad_one = {**GOOD_QUESTION, "id": "t-a", "difficulty": 0}
    bad_two = {**GOOD_QUESTION, "id": "t-b", "category": "trivia"}
    make_bank(tmp_path, [bad_one, bad_two])
    with pytest.raises(BankError) as err:
        load_bank(tmp_path)
    assert len(err.value.problems) == 2


def test_rubric_weights_must_add_up_to_one(tmp_path: Path) -> None:
    make_bank(tmp_path, [GOOD_QUESTION])
    path = tmp_path / "rubrics" / "technical.yaml"
    rubric = yaml.safe_load(path.read_text())
    rubric["criteria"][0]["weight"] = 0.9
    path.write_text(yaml.safe_dump(rubric))
    with pytest.raises(BankError, match=r"technical\.yaml: rubric 'technical'.*add up to 1\.0"):
        load_bank(tmp_path)


def test_each_category_is_scored_by_exactly_one_rubric(bank: Bank) -> None:
    for category in Category:
        assert category in bank.rubric_for(category).categories


def test_filter_combines_track_category_difficulty_and_search(tmp_path: Path) -> None:
    second = {
        **GOOD_QUESTION,
        "id": "t-two",
        "difficulty": 1,
        "prompt": "Explain a LEFT JOIN.",
        "key_points": ["keeps every row of the left table"],
    }
    loaded = load_bank(make_bank(tmp_path, [GOOD_QUESTION, second]))
    assert [q.id for q in loaded.filter(track="sql", difficulty=1)] == ["t-two"]
    assert [q.id for q in loaded.filter(text="left join")] == ["t-two"]
    assert [q.id for q in loaded.filter(text="faster reads")] == ["t-one"]  # searches key points
    assert loaded.filter(category="behavioral") == []


def test_stats_count_questions_by_track_category_and_difficulty(tmp_path: Path) -> None:
    loaded = load_bank(make_bank(tmp_path, [GOOD_QUESTION]))
    stats = loaded.stats()
    assert stats["questions"] == 1
    assert stats["by_track"]["sql"]["by_category"] == {"technical": 1}
    assert stats["by_track"]["sql"]["by_difficulty"] == {"2": 1}


def test_an_instructor_bank_folder_adds_questions(tmp_path: Path) -> None:
    extra = make_bank(tmp_path / "cohort", [{**GOOD_QUESTION, "id": "cohort-index"}], track="sql")
    loaded = load_bank(DEFAULT_DATA_DIR, extra)
    assert "cohort-index" in loaded


def test_a_follow_up_names_the_key_points_it_probes(tmp_path: Path) -> None:
    follow_ups = [{"text": "What does an index cost on writes?", "probes": [1]}, "And storage?"]
    make_bank(tmp_path, [{**GOOD_QUESTION, "follow_ups": follow_ups}])
    question = load_bank(tmp_path).get("t-one")
    assert [f.probes for f in question.follow_ups] == [(1,), ()]
    assert question.follow_up_texts == ("What does an index cost on writes?", "And storage?")


def test_a_follow_up_probing_a_key_point_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    follow_ups = [{"text": "What about writes?", "probes": [3]}]
    make_bank(tmp_path, [{**GOOD_QUESTION, "follow_ups": follow_ups}])
    with pytest.raises(BankError) as err:
        load_bank(tmp_path)
    message = str(err.value)
    assert "question 't-one', field 'follow_ups'" in message
    assert "probes key point 3, but the question has 1 key point" in message


def test_the_fast_yaml_loader_reads_every_shipped_file_exactly_as_the_pure_python_one() -> None:
    files = sorted(DEFAULT_DATA_DIR.glob("**/*.yaml"))
    assert files
    for path in files:
        assert _read_yaml(path) == _read_yaml(path, yaml.SafeLoader), path


def test_the_bank_is_parsed_with_libyaml_when_pyyaml_has_it() -> None:
    expected = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader
    assert YAML_LOADER is expected


def test_the_default_bank_is_read_again_only_when_one_of_its_files_changes(
    tmp_path: Path,
) -> None:
    extra = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, extra)
    first = default_bank([extra])
    assert default_bank([extra]) is first  # nothing changed: the same loaded bank
    sample = extra / "questions" / "sample.yaml"
    sample.write_text(sample.read_text().replace("title: Sample (tests)", "title: Sample (edited)"))
    later = os.stat(sample).st_mtime + 5
    os.utime(sample, (later, later))
    edited = default_bank([extra])
    assert edited is not first
    assert edited.tracks["sample"].title == "Sample (edited)"
    (extra / "questions" / "nested").mkdir()
    other = sample.read_text().replace("track: sample", "track: nested")
    (extra / "questions" / "nested" / "other.yml").write_text(
        other.replace("id: sample-", "id: n-")
    )
    assert default_bank([extra]) is not edited  # a file added, however deep, is seen too


def test_a_bank_file_read_again_comes_from_the_parsed_cache_until_its_text_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "sample.yaml"
    shutil.copy(FIXTURE_BANK / "questions" / "sample.yaml", path)
    parsed = _read_yaml(path)
    cached = list((tmp_path / "cache" / "interviewsim" / "bank").iterdir())
    assert len(cached) == 1
    assert _read_yaml(path) == parsed == _read_yaml(path, yaml.SafeLoader)
    path.write_text(path.read_text().replace("title: Sample (tests)", "title: Changed"))
    assert _read_yaml(path)["title"] == "Changed"  # new text, new entry: never a stale parse


def test_a_bank_file_is_still_read_when_the_parsed_cache_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    path = FIXTURE_BANK / "questions" / "sample.yaml"
    assert _read_yaml(path) == _read_yaml(path, yaml.SafeLoader)
