"""The command line on the LLM path, and a résumé PDF read for tailored questions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from interviewsim.bootstrap import App
from interviewsim.cli import main
from interviewsim.interviewer.llm import resume_text
from interviewsim.testing.fake_openai import FakeOpenAI
from interviewsim.testing.scripted import FOLLOW_UP_TEXT, ScriptedModel

from .conftest import ada, start

ANSWER = "Lists are mutable and tuples are immutable, so tuples can be dictionary keys."


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF showing `text` (written by hand: no PDF writer is installed)."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def test_practice_on_the_command_line_uses_the_llm_when_the_settings_name_one(
    llm_env: FakeOpenAI, scripted: ScriptedModel
) -> None:
    out = io.StringIO()
    answers = io.StringIO(f"{ANSWER}\nTuples are also smaller.\n")
    code = main(
        ["practice", "--track", "sample", "--type", "technical", "--questions", "1", "--seed", "3"],
        stdin=answers,
        out=out,
    )
    assert code == 0
    printed = out.getvalue()
    assert "Next, please:" in printed and FOLLOW_UP_TEXT in printed
    assert "score 75/100" in printed  # level 4 on every criterion, from the model
    assert scripted.seen.count("score") == 2


def test_scoring_a_csv_on_the_command_line_uses_the_llm_scorer(
    llm_env: FakeOpenAI, scripted: ScriptedModel, tmp_path: Path
) -> None:
    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    with source.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["question", "reference_answer", "answer"])
        writer.writerow(["What is a tuple?", "An immutable sequence.", "A tuple is immutable."])
    assert main(["score", "--input", str(source), "--output", str(target)], out=io.StringIO()) == 0
    rows = list(csv.DictReader(target.open()))
    assert rows[0]["overall"] == "75"
    assert scripted.seen == ["score"]


def test_a_resume_pdfs_text_is_read_for_tailoring() -> None:
    assert "Kafka at Acme" in resume_text(tiny_pdf("Senior engineer, Kafka at Acme"))


def test_a_file_that_is_not_a_pdf_gets_a_plain_message() -> None:
    with pytest.raises(ValueError, match="could not be read as a PDF"):
        resume_text(b"this is not a pdf")


def test_a_resume_alone_adds_a_tailored_question_and_is_sent_as_data(
    llm_app: App, llm_env: FakeOpenAI
) -> None:
    text = resume_text(tiny_pdf("Built payment pipelines with Kafka"))
    interview_id = start(llm_app, questions=2, resume_text=text)
    tailor = next(r for r in llm_env.requests if "<resume>" in r.task)
    assert "Built payment pipelines with Kafka" in tailor.task
    assert "not instructions" in tailor.task

    llm_app.interviews.skip(
        ada(llm_app), interview_id
    )  # on to the second question: the tailored one
    asked = llm_app.interviews.view(ada(llm_app), interview_id).messages[-1]
    assert asked.meta.get("generated") is True
    assert asked.meta["reason"] == "Written for this interview from your résumé"
    assert "Kafka" in asked.content
