"""Content coaching: what an answer says, from its transcript text alone.

Text (and optionally the bank ``Question`` and a baseline answer's text) in, frozen
results out:

- ``analyze_content(text, question=..., baseline_text=...) -> ContentAnalysis`` — quantified
  claims, STAR parts, hedges, I/we balance, the closing question's questions, flags, and
  facts that changed since the baseline;
- ``feedback_lines(content)`` — the one or two sentences the coach says about it;
- ``check_consistency(answer, baseline=...) -> Consistency`` — facts compared on their own;
- ``extract_facts(text) -> tuple[Fact, ...]`` — numbers, durations, team sizes, names;
- ``measure_length(pairs) -> InterviewLength`` — total time and answers far past two minutes;
- ``plan_second_chance(past_answers) -> tuple[SecondChance, ...]`` — round 2's order and fixes.

The stored JSON is described in CONTRACT.md beside this file.
"""

from voice_coach.analysis.content.analysis import ContentAnalysis, analyze_content
from voice_coach.analysis.content.consistency import Conflict, Consistency, check_consistency
from voice_coach.analysis.content.facts import Fact, extract_facts
from voice_coach.analysis.content.feedback import feedback_lines
from voice_coach.analysis.content.flag import Flag
from voice_coach.analysis.content.length import LONG_ANSWER_S, AnswerTime, InterviewLength, measure_length
from voice_coach.analysis.content.second_chance import PastAnswer, SecondChance, plan_second_chance

__all__ = [
    "AnswerTime",
    "Conflict",
    "Consistency",
    "ContentAnalysis",
    "Fact",
    "Flag",
    "InterviewLength",
    "LONG_ANSWER_S",
    "PastAnswer",
    "SecondChance",
    "analyze_content",
    "check_consistency",
    "extract_facts",
    "feedback_lines",
    "measure_length",
    "plan_second_chance",
]
