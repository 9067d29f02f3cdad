"""The entry point, its JSON contract, the spoken lines, and the demo's own scripts."""

import json
from pathlib import Path

import pytest

from voice_coach.analysis.content import ContentAnalysis, PastAnswer, analyze_content, feedback_lines, plan_second_chance
from voice_coach.analysis.validation import AnalysisInputError
from voice_coach.questions.model import Question

DEMO = Path(__file__).resolve().parent.parent / "audio_fixtures" / "demo"
CONTRACT_KEYS = ["quantified_claims", "star", "example_found", "hedges", "i_we_ratio", "questions_asked", "flags"]
ACHIEVEMENT = Question(id="greatest-achievement", text="What are you proudest of?", category="behavioural", rounds=(1, 2))
WHY = Question(id="why-this-role", text="Why do you want this job?", category="motivation", rounds=(1, 2))
CLOSING = Question(id="questions-for-us", text="Do you have any questions for us?", category="closing", rounds=(1, 2), closing=True)


def test_to_dict_is_exactly_the_contract():
    data = analyze_content("Last year I led a team of five, and we cut close time from nine days to four.").to_dict()
    assert list(data) == CONTRACT_KEYS
    assert set(data["star"]) == {"situation", "task", "action", "result"}
    assert data["quantified_claims"][0] == {"kind": "team size", "quote": "a team of five", "result": True}
    json.dumps(data)


def test_consistency_is_present_only_with_a_baseline():
    with_baseline = analyze_content("I led a team of eight.", baseline_text="I led a team of five.").to_dict()
    assert list(with_baseline) == [*CONTRACT_KEYS, "consistency"]
    assert with_baseline["consistency"] == {
        "conflicts": [{"fact": "team size", "baseline_quote": "a team of five", "answer_quote": "a team of eight"}]
    }
    assert with_baseline["flags"][0] == {
        "kind": "story_changed",
        "message": "Your story changed on the team size: earlier you said a team of five, now a team of eight. "
        "Keep the facts the same each time.",
        "quote": "a team of eight",
    }
    assert analyze_content("I led a team of eight.", baseline_text="I led a team of eight.").to_dict()["consistency"] == {"conflicts": []}


def test_round_trip_through_json():
    content = analyze_content(
        "Um, what is the salary range? I guess, maybe, what are the next steps?", question=CLOSING, baseline_text="What's next?"
    )
    assert ContentAnalysis.from_dict(json.loads(json.dumps(content.to_dict()))) == content
    assert ContentAnalysis.from_dict(analyze_content("").to_dict()) == analyze_content("")


def test_malformed_stored_content_is_a_named_error():
    with pytest.raises(AnalysisInputError, match="stored content analysis is malformed"):
        ContentAnalysis.from_dict({"flags": [{"message": "no kind"}]})


def test_questions_asked_only_for_the_closing_question():
    text = "What are the next steps? Who would I work with?"
    assert [q.topic for q in analyze_content(text, question=CLOSING).questions_asked] == ["next_steps", "other"]
    assert analyze_content(text, question=WHY).questions_asked == ()
    assert analyze_content(text).questions_asked == ()


def test_example_flags_only_where_a_story_is_expected():
    text = "I am a hard worker and I care about quality."
    assert [f.kind for f in analyze_content(text, question=ACHIEVEMENT).flags] == ["no_example"]
    assert [f.kind for f in analyze_content(text).flags] == ["no_example"]
    assert analyze_content(text, question=WHY).flags == ()


def test_an_empty_answer_has_no_flags():
    content = analyze_content("  ", question=CLOSING)
    assert content.flags == () and content.i_we_ratio is None and content.questions_asked == ()


@pytest.mark.parametrize(
    "bad, message",
    [
        (dict(text=None), "text must be the transcript as a str, got NoneType"),
        (dict(text="hi", question="greatest-achievement"), "question must be a voice_coach.questions.Question"),
        (dict(text="hi", baseline_text=b"bytes"), "baseline_text must be"),
    ],
)
def test_bad_inputs_are_refused_with_what_was_received(bad, message):
    text = bad.pop("text")
    with pytest.raises(AnalysisInputError, match=message):
        analyze_content(text, **bad)


def test_feedback_lines_put_the_changed_story_first():
    content = analyze_content("I led a team of eight.", question=ACHIEVEMENT, baseline_text="I led a team of five.")
    lines = feedback_lines(content, limit=1)
    assert lines == [
        "Your story changed: in round 1 you said a team of five, now a team of eight. Keep the facts the same each time."
    ]
    assert feedback_lines(content, limit=1, baseline_label="earlier")[0].startswith("Your story changed: earlier you said")


def test_feedback_lines_merge_pay_questions_and_speak_no_symbols():
    content = analyze_content("What's the salary? Is there a bonus? What are the next steps?", question=CLOSING)
    assert feedback_lines(content) == [
        "You asked about salary and bonus. Save pay and benefits for after an offer, and ask about the team or the next steps instead.",
    ] + ["You asked about the next steps. That closes the sale."]
    money = analyze_content("I led a team of 9.", question=ACHIEVEMENT, baseline_text="I led a team of 8. We saved $200,000, 40% more.")
    assert all("$" not in line and "%" not in line for line in feedback_lines(money, limit=3))


def test_feedback_lines_may_be_empty_and_check_limit():
    assert feedback_lines(analyze_content("I want this job because I like the work.", question=WHY)) == []
    with pytest.raises(ValueError, match="limit must be at least 1, got 0"):
        feedback_lines(ContentAnalysis(), limit=0)


# -- The demo's scripted answers ------------------------------------------------

def demo_pair(name):
    return (DEMO / "round1" / f"{name}.txt").read_text(), (DEMO / "round2" / f"{name}.txt").read_text()


@pytest.mark.skipif(not DEMO.is_dir(), reason="demo scripts not present")
def test_demo_round_two_achievement_changed_the_team_size():
    round1, round2 = demo_pair("02-greatest-achievement")
    content = analyze_content(round2, question=ACHIEVEMENT, baseline_text=round1)
    assert content.to_dict()["consistency"]["conflicts"] == [
        {"fact": "team size", "baseline_quote": "a team of five analysts", "answer_quote": "a team of eight analysts"}
    ]
    assert content.example_found and content.star.result == "and now it's four days"
    assert feedback_lines(content)[0] == (
        "Your story changed: in round 1 you said a team of five analysts, now a team of eight analysts. "
        "Keep the facts the same each time."
    )


@pytest.mark.skipif(not DEMO.is_dir(), reason="demo scripts not present")
def test_demo_round_two_closing_asks_about_pay_and_not_next_steps():
    round1, round2 = demo_pair("05-questions-for-us")
    before = analyze_content(round1, question=CLOSING)
    assert [q.topic for q in before.questions_asked] == ["next_steps", "next_steps", "other"]
    assert before.flags == ()
    after = analyze_content(round2, question=CLOSING, baseline_text=round1)
    assert [(q.text, q.verdict) for q in after.questions_asked] == [
        ("What is the salary range for this role?", "flagged"),
        ("Is there a bonus on top of that?", "flagged"),
        ("How many vacation days do I get?", "flagged"),
    ]
    assert [f.kind for f in after.flags] == ["premature_question"] * 3 + ["no_next_steps"]


@pytest.mark.skipif(not DEMO.is_dir(), reason="demo scripts not present")
def test_demo_other_answers_keep_their_story():
    for name in ("01-tell-me-about-yourself", "03-handled-conflict", "04-why-this-role"):
        round1, round2 = demo_pair(name)
        assert analyze_content(round2, baseline_text=round1).consistency.conflicts == (), name


@pytest.mark.skipif(not DEMO.is_dir(), reason="demo scripts not present")
def test_demo_round_one_plans_a_second_chance():
    questions = {"02-greatest-achievement": ACHIEVEMENT, "04-why-this-role": WHY, "05-questions-for-us": CLOSING}
    past = [PastAnswer(q.id, analyze_content(demo_pair(name)[0], question=q)) for name, q in questions.items()]
    plan = plan_second_chance(past, keep_last=(CLOSING.id,))
    assert [p.question_id for p in plan] == ["greatest-achievement", "why-this-role", "questions-for-us"]
    assert all(p.weakness == 0 for p in plan)
