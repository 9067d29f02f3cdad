"""Round 2 as a second chance: find what was weak in the latest round 1, to fix it now."""

from __future__ import annotations

from voice_coach.analysis.content import ContentAnalysis, PastAnswer, SecondChance, plan_second_chance
from voice_coach.questions import QuestionBank
from voice_coach.storage import SessionStore

# Round 1 has no baseline to be judged against, so delivery counts as a problem only
# when it is plainly off: this many fillers per 100 words, or any flat stretch or long pause.
FILLERS_PER_100_WORDS_PROBLEM = 3.0


def round_one_chances(store: SessionStore, bank: QuestionBank) -> tuple[SecondChance, ...]:
    """The latest round-1 session's answers in this bank, weakest first, each with a fix."""
    sessions = [s for s in store.list_sessions() if s.round_number == 1 and s.bank == bank.name]
    if not sessions:
        return ()
    detail = store.get_session(sessions[-1].id)
    past = [
        PastAnswer(
            question_id=answer.question_id,
            content=ContentAnalysis.from_dict(answer.analysis["content"]),
            delivery_problems=delivery_problems(answer.analysis),
            duration_s=answer.duration_s,
        )
        for answer in detail.answers
        if answer.status == "answered" and answer.analysis and "content" in answer.analysis
    ]
    closing = tuple(q.id for q in bank.questions if q.closing)
    return plan_second_chance(past, keep_last=closing)


def delivery_problems(analysis: dict) -> tuple[str, ...]:
    problems = []
    fillers = analysis.get("fillers", {}).get("per_100_words")
    if fillers is not None and fillers >= FILLERS_PER_100_WORDS_PROBLEM:
        problems.append("fillers")
    if analysis.get("energy", {}).get("monotone_windows"):
        problems.append("pitch")
    if analysis.get("pacing", {}).get("long_pause_count"):
        problems.append("pace")
    return tuple(problems)
