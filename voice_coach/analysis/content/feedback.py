"""What the coach says aloud about an answer's content: the one or two most useful sentences.

Problems come first, most important first (a changed story, then pay questions, then a
missing example...); when there is room, one credit follows (asking about the next
steps, a result in numbers). Sentences are plain English for a voice: no symbols.
"""

from __future__ import annotations

import re

from voice_coach.analysis.content.analysis import ContentAnalysis
from voice_coach.analysis.content.flag import PREMATURE_QUESTION, STORY_CHANGED
from voice_coach.analysis.content.questions_asked import COVER_MORE, NEXT_STEPS, pay_topic


def feedback_lines(content: ContentAnalysis, *, limit: int = 2, baseline_label: str = "in round 1") -> list[str]:
    """Up to ``limit`` sentences to speak about an answer's content, most useful first.

    ``baseline_label`` says where the baseline answer came from, as it reads after "Your
    story changed:" ("in round 1", "earlier"). The list is empty when there is nothing
    worth saying about the content (delivery feedback then speaks alone).
    """
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    sentences: list[str] = []
    spoken_kinds: set[str] = set()
    for flag in content.flags:
        if flag.kind in spoken_kinds:
            continue
        spoken_kinds.add(flag.kind)
        if flag.kind == STORY_CHANGED and content.consistency and content.consistency.conflicts:
            conflict = content.consistency.conflicts[0]
            sentences.append(
                f"Your story changed: {baseline_label} you said {conflict.baseline_quote}, "
                f"now {conflict.answer_quote}. Keep the facts the same each time."
            )
        elif flag.kind == PREMATURE_QUESTION:
            topics = list(dict.fromkeys(pay_topic(q.text) or "pay" for q in content.questions_asked if q.verdict == "flagged"))
            sentences.append(
                f"You asked about {_and_list(topics or ['pay'])}. Save pay and benefits for after an offer, "
                "and ask about the team or the next steps instead."
            )
        else:
            sentences.append(flag.message)
    credit = _credit(content)
    if credit and len(sentences) < limit:
        sentences.append(credit)
    return [_speakable(sentence) for sentence in sentences[:limit]]


def _credit(content: ContentAnalysis) -> str | None:
    topics = {question.topic for question in content.questions_asked}
    if NEXT_STEPS in topics:
        return "You asked about the next steps. That closes the sale."
    if COVER_MORE in topics:
        return "Offering to cover more ground was a strong way to finish."
    if any(claim.result for claim in content.quantified_claims) and content.example_found:
        return "Good: a real example with a result in numbers."
    return None


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _speakable(text: str) -> str:
    """Symbols written as words: "40%" → "40 percent", "$200,000" → "200,000 dollars"."""
    text = re.sub(r"(\d)\s*%", r"\1 percent", text)
    for sign, name in (("$", "dollars"), ("£", "pounds"), ("€", "euros")):
        text = re.sub(rf"{re.escape(sign)}(\d[\d,.]*(?:\s(?:thousand|million|billion))?)", rf"\1 {name}", text)
    text = re.sub(r"[\"“”*_#<>|/\\…]", "", text)
    return re.sub(r"\s{2,}", " ", text).strip()
