"""The prompt shape of GPTInterviewer, reconstructed for counting tokens (bench/llm_turn.py).

GPTInterviewer (github.com/jiatastic/GPTInterviewer, read at commit 048419c: its job-description
screen in `pages/Professional Screen.py` and the templates in `prompts/prompts.py`) runs an
interview through LangChain chains that share one `ConversationBufferMemory`:

1. a plan call (`RetrievalQA`, "stuff"): its plan template with the job description as the
   context and a fixed request; the request and the plan the model writes enter the memory;
2. one call per candidate message (`ConversationChain`): its interviewer template with the whole
   memory so far (`Human: ...` / `AI: ...` lines) and the new message; both enter the memory;
3. a feedback call: its review template with the whole memory and a fixed request.

Each call is a single user message (a `PromptTemplate` given to `ChatOpenAI`). The templates
below are not GPTInterviewer's text: they are neutral wording written for this benchmark, with
the same lines, the same indentation (the originals are indented source strings, and the spaces
are tokens too) and the same number of cl100k_base tokens as each original, checked by
`check_shapes()` against the counts taken from the originals.
"""

from __future__ import annotations

from collections.abc import Callable

SCREEN_INDENT = " " * 28  # the originals are indented string literals
SCREEN = "\n".join(
    [
        "You are the interviewer in a mock interview; follow the plan set out in this chat.",
        SCREEN_INDENT + "The candidate cannot see the plan.",
        SCREEN_INDENT + "Put one question to me and wait for my reply. Add no commentary.",
        SCREEN_INDENT + "Talk as a human interviewer would, a single question per message.",
        SCREEN_INDENT + "Never ask any question twice.",
        SCREEN_INDENT + "Never reword an earlier question.",
        SCREEN_INDENT + "Ask a follow-up when an answer needs it. ",
        SCREEN_INDENT + "Your name here is Interviewer.",
        SCREEN_INDENT + "Reply only in your role as the interviewer.",
        SCREEN_INDENT + "Never write out the whole dialogue at once.",
        SCREEN_INDENT + "When the candidate makes a mistake, say so.",
        "",
        SCREEN_INDENT + "Chat so far:",
        SCREEN_INDENT + "{history}",
        "",
        SCREEN_INDENT + "Candidate: {input}",
        SCREEN_INDENT + "AI: ",
    ]
)

PLAN_INDENT = " " * 12
PLAN = "\n".join(
    [
        "You are the interviewer here, not the candidate. Keep that in mind for all of what follows.",
        PLAN_INDENT,
        PLAN_INDENT + "Work it out in small steps.",
        PLAN_INDENT,
        PLAN_INDENT + "From the role description below, ",
        PLAN_INDENT
        + "write a plan for an interview that checks the candidate's technical knowledge of the skills the role needs, topic by topic.",
        PLAN_INDENT,
        PLAN_INDENT + "For instance:",
        PLAN_INDENT
        + 'When the role description asks for experience with caching, the interviewer may ask something like "How would you choose a cache eviction policy for a busy web service?"',
        PLAN_INDENT
        + 'When the role description asks for experience with testing, the interviewer may ask something like "What makes a unit test flaky, and how do you fix it?"',
        PLAN_INDENT,
        PLAN_INDENT + "Never ask any question twice.",
        PLAN_INDENT + "Never reword an earlier question. ",
        PLAN_INDENT,
        PLAN_INDENT + "Role description: ",
        PLAN_INDENT + "{context}",
        PLAN_INDENT,
        PLAN_INDENT + "Question: {question}",
        PLAN_INDENT + "Answer: ",
    ]
)
REVIEW_INDENT, REVIEW_BLANK = " " * 16, " " * 15
REVIEW = "\n".join(
    [
        " From the conversation so far, please assess the candidate and write your assessment in this format:",
        REVIEW_INDENT + "Summary: sum up the interview in one short paragraph.",
        REVIEW_BLANK,
        REVIEW_INDENT + "Strengths: tell the candidate what went well.",
        REVIEW_BLANK,
        REVIEW_INDENT + "Weaknesses: tell the candidate what to work on next.",
        REVIEW_BLANK,
        REVIEW_INDENT + "Score: give the candidate one score out of 100.",
        REVIEW_INDENT,
        REVIEW_INDENT
        + "Model answers: write a model answer to each of the questions the interviewer put.",
        REVIEW_BLANK,
        REVIEW_BLANK + "Keep in mind that the candidate never saw the interview plan you followed.",
        REVIEW_BLANK + "The candidate may also have skipped some questions entirely.",
        "",
        REVIEW_BLANK + "Chat so far:",
        REVIEW_BLANK + "{history}",
        "",
        REVIEW_BLANK + "Interviewer: {input}",
        REVIEW_BLANK + "Response: ",
    ]
)
PLAN_REQUEST = "Write the interview plan with exactly one question for every topic, and make sure that every question tests technical knowledge"
REVIEW_REQUEST = "please write the assessment of this interview"

# cl100k_base tokens of GPTInterviewer's originals at 048419c, each template with its {slots}.
ORIGINAL_TOKENS = {
    "SCREEN": 141,
    "PLAN": 170,
    "REVIEW": 136,
    "PLAN_REQUEST": 21,
    "REVIEW_REQUEST": 7,
}
ORIGINAL_NEWLINES = {"SCREEN": 16, "PLAN": 18, "REVIEW": 18, "PLAN_REQUEST": 0, "REVIEW_REQUEST": 0}


def check_shapes(count: Callable[[str], int]) -> None:
    """Fail loudly if a template here has drifted from the original's length or line count."""
    for name, tokens in ORIGINAL_TOKENS.items():
        text = globals()[name]
        if count(text) != tokens or text.count("\n") != ORIGINAL_NEWLINES[name]:
            raise AssertionError(
                f"peer template {name}: {count(text)} tokens and {text.count(chr(10))} line "
                f"breaks, the original has {tokens} and {ORIGINAL_NEWLINES[name]}"
            )


def buffer(exchanges: list[tuple[str, str]]) -> str:
    """ConversationBufferMemory's text: a `Human:` and an `AI:` line per exchange."""
    return "\n".join(f"Human: {human}\nAI: {ai}" for human, ai in exchanges)


def plan_prompt(job_description: str) -> str:
    return PLAN.replace("{context}", job_description).replace("{question}", PLAN_REQUEST)


def screen_prompt(exchanges: list[tuple[str, str]], candidate: str) -> str:
    return SCREEN.replace("{history}", buffer(exchanges)).replace("{input}", candidate)


def review_prompt(exchanges: list[tuple[str, str]]) -> str:
    return REVIEW.replace("{history}", buffer(exchanges)).replace("{input}", REVIEW_REQUEST)
