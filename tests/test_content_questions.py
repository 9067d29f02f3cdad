"""Your questions: splitting a closing answer into questions and judging each."""

from voice_coach.analysis.content.questions_asked import (
    AskedQuestion,
    closing_flags,
    split_questions,
)
from voice_coach.analysis.content.words import read_words


def asked(text):
    return split_questions(read_words(text))


def kinds(text):
    return [flag.kind for flag in closing_flags(asked(text))]


def test_salary_is_flagged_as_premature():
    questions = asked("What is the salary range?")
    assert questions == (AskedQuestion(text="What is the salary range?", topic="pay_and_benefits"),)
    assert questions[0].verdict == "flagged"
    [premature] = [f for f in closing_flags(questions) if f.kind == "premature_question"]
    assert premature.quote == "What is the salary range?"
    assert "salary" in premature.message


def test_next_steps_are_credited():
    questions = asked("What are the next steps?")
    assert questions == (AskedQuestion(text="What are the next steps?", topic="next_steps"),)
    assert questions[0].verdict == "credited"
    assert "no_next_steps" not in kinds("What are the next steps? And who would I work with most?")


def test_one_question_is_too_few():
    assert kinds("Could you tell me about the team?") == ["too_few_questions", "no_next_steps"]
    assert kinds("No, I think you covered everything.") == ["too_few_questions", "no_next_steps"]
    assert kinds("What are the next steps? And how do you measure success in this role?") == []


def test_questions_without_question_marks_are_found():
    text = "I was wondering what the next steps are. And could you tell me about the team. Thanks, that's all."
    assert [q.text for q in asked(text)] == [
        "I was wondering what the next steps are?",
        "Could you tell me about the team?",
    ]


def test_two_questions_in_one_sentence_are_split():
    text = "What are the next steps, and when can I expect to hear from you?"
    assert [q.text for q in asked(text)] == ["What are the next steps?", "When can I expect to hear from you?"]


def test_an_embedded_question_stays_with_its_sentence():
    text = "Could you tell me about the team, and how you measure success?"
    assert [q.text for q in asked(text)] == ["Could you tell me about the team, and how you measure success?"]


def test_a_statement_starting_with_what_is_not_a_question():
    assert asked("What I liked most was the team.") == ()


def test_pay_and_benefits_topics():
    for question in ("Is there a bonus?", "How many vacation days do I get?", "What are the benefits like?",
                     "Is there paid time off?", "Do you offer stock options?", "When would I get a raise?",
                     "How much does the role pay?"):
        assert asked(question)[0].topic == "pay_and_benefits", question
    for question in ("How do you run payroll?", "How do you manage stock levels?", "What are the benefits of the new system?"):
        assert asked(question)[0].topic == "other", question


def test_offering_to_cover_more_ground_is_credited_but_not_counted():
    text = "What are the next steps? Is there anything else I can tell you about my experience?"
    questions = asked(text)
    assert [(q.topic, q.verdict) for q in questions] == [("next_steps", "credited"), ("cover_more", "credited")]
    assert kinds(text) == ["too_few_questions"]
    statement = asked("I'm happy to go over anything we didn't cover.")
    assert [(q.text, q.topic) for q in statement] == [("I'm happy to go over anything we didn't cover.", "cover_more")]
