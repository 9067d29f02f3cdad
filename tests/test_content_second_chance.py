"""Second chance: round 2 asks the weakest round-1 answers first, with what to fix."""

from voice_coach.analysis.content import ContentAnalysis, Flag, PastAnswer, plan_second_chance
from voice_coach.analysis.content.second_chance import NOTHING_TO_FIX


def content(*kinds):
    return ContentAnalysis(flags=tuple(Flag(kind, f"{kind} message") for kind in kinds))


def test_worst_first_with_one_sentence_on_what_to_fix():
    plan = plan_second_chance(
        [
            PastAnswer("intro", content()),
            PastAnswer("achievement", content("no_numbers")),
            PastAnswer("conflict", content("no_example", "hedging")),
            PastAnswer("why-us", content("hedging"), delivery_problems=("fillers",)),
        ]
    )
    assert [(p.question_id, p.weakness) for p in plan] == [
        ("conflict", 4.0),
        ("achievement", 2.0),
        ("why-us", 2.0),
        ("intro", 0.0),
    ]
    assert plan[1].fix == "Last time this answer had no result in numbers."
    assert plan[0].fix == "Last time this answer had no concrete example. Tell one real story."
    assert plan[0].problems == ("no_example", "hedging")
    assert plan[3].fix == NOTHING_TO_FIX


def test_a_long_answer_and_delivery_problems_count():
    plan = plan_second_chance(
        [PastAnswer("a", content()), PastAnswer("b", content(), duration_s=200.0), PastAnswer("c", content(), delivery_problems=("energy",))]
    )
    assert [(p.question_id, p.problems) for p in plan] == [("b", ("long_answer",)), ("c", ("energy",)), ("a", ())]
    assert plan[1].fix == "Last time this answer sounded flat and quiet. Give it more energy."


def test_the_closing_question_stays_last():
    plan = plan_second_chance(
        [PastAnswer("questions-for-us", content("premature_question", "no_next_steps")), PastAnswer("intro", content())],
        keep_last=("questions-for-us",),
    )
    assert [p.question_id for p in plan] == ["intro", "questions-for-us"]
    assert plan[1].fix == "Last time you asked about pay or benefits. Save that for after an offer."
    assert plan[1].weakness == 4.5


def test_repeated_flags_of_one_kind_count_once():
    [item] = plan_second_chance([PastAnswer("q", content("premature_question", "premature_question"))])
    assert item.weakness == 3.0
