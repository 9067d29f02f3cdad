"""Fillers: every rule with a case that is a filler and one that is not, repetitions, real clips."""

from __future__ import annotations

import pytest
import soundfile as sf

from tests.test_analysis_signals import even_transcript, silence, words_at
from voice_coach.analysis import analyze_answer
from voice_coach.analysis.fillers import measure_fillers


def _fillers(text: str):
    return measure_fillers(even_transcript(text)).fillers


# (text as Whisper writes it, {filler: count}) — each rule's positive cases.
FILLERS = [
    ("Um, I think we did well.", {"um": 1}),
    ("Umm we shipped it.", {"um": 1}),
    ("uh the deadline moved", {"uh": 1}),
    ("Uhh, it was late.", {"uh": 1}),
    ("We were, er, behind.", {"er": 1}),
    ("Erm, yes.", {"er": 1}),
    ("Ah, the migration.", {"ah": 1}),
    ("Hmm, good question.", {"hmm": 1}),
    ("Hm. Let me think.", {"hmm": 1}),
    ("Mm, that was hard.", {"mm": 1}),
    ("Mhm, we agreed.", {"mm": 1}),
    ("Mm-hmm, we agreed.", {"mm": 1}),
    ("It was, like, huge.", {"like": 1}),
    ("and like we just rewrote it", {"like": 1}),
    ("Like, I was worried.", {"like": 1}),
    ("We had like five people.", {"like": 1}),
    ("You know, it was hard.", {"you know": 1}),
    ("It was hard, you know?", {"you know": 1}),
    ("you know montreal forced aligner", {"you know": 1}),
    ("I mean, it worked.", {"i mean": 1}),
    ("I mean we had no choice.", {"i mean": 1}),
    ("It was kind of slow.", {"kind of": 1}),
    ("I sort of led the team.", {"sort of": 1}),
    ("Basically we rewrote it.", {"basically": 1}),
    ("It actually worked.", {"actually": 1}),
    ("It was literally on fire.", {"literally": 1}),
    ("So, I started with the logs.", {"so": 1}),
    ("So I started with the logs.", {"so": 1}),
    ("It failed. So we rewrote it.", {"so": 1}),
    ("Yeah, so we rewrote it.", {"so": 1}),
    ("Um so we rewrote it.", {"um": 1, "so": 1}),
    ("We shipped it on time, right?", {"right": 1}),
]

# Text with a candidate word that is NOT a filler there.
NOT_FILLERS = [
    "I would like to lead the team.",
    "I'd like to add one thing.",
    "I like Python.",
    "We don't like surprises.",
    "It looks like rain.",
    "It sounds like a plan.",
    "m f a is like putty",
    "I know what it's like.",
    "Something like that?",
    "It was nothing like the old system.",
    "A city like Paris.",
    "Like I said, it worked.",
    "Do you know the answer?",
    "You know how it works.",
    "If you know the code, you can fix it.",
    "What I mean is that we failed.",
    "I mean it.",
    "It is a kind of magic.",
    "What sort of team was it?",
    "A different kind of problem.",
    "I think so.",
    "We split it so that we could test it.",
    "So far we have shipped twice.",
    "It was so many words right here.",
    "Turn right here.",
    "The right way.",
    "I hardly know 'er",
    "I hardly know ’er",
    "She was in the ER overnight.",
    "m f a",
    "Uh-huh.",
    "Emma said hmmmph",
]


@pytest.mark.parametrize(("text", "expected"), FILLERS, ids=[t for t, _ in FILLERS])
def test_each_filler_rule_finds_its_filler(text: str, expected: dict[str, int]) -> None:
    fillers = _fillers(text)
    assert fillers.by_word == expected
    assert fillers.count == sum(expected.values())


@pytest.mark.parametrize("text", NOT_FILLERS)
def test_each_rule_leaves_the_same_word_alone_where_it_is_not_a_filler(text: str) -> None:
    fillers = _fillers(text)
    assert fillers.count == 0, fillers.items


def test_items_carry_the_words_as_written_and_their_times() -> None:
    transcript = words_at(("Um,", 0.5, 0.8), ("you", 1.0, 1.1), ("know,", 1.1, 1.4), ("it", 1.5, 1.6), ("worked.", 1.6, 2.0))
    fillers = measure_fillers(transcript).fillers
    assert [(i.text, i.start_s, i.end_s) for i in fillers.items] == [("Um,", 0.5, 0.8), ("you know,", 1.0, 1.4)]


def test_rates_per_100_words_and_per_minute() -> None:
    # 20 words over exactly 10 s, 2 of them fillers ("um", "uh").
    text = "um we moved the service and uh it took about two weeks of work from the whole team overall today"
    transcript = even_transcript(text, start_s=0.0, word_s=0.5, gap_s=0.0)
    fillers = measure_fillers(transcript).fillers
    assert fillers.count == 2
    assert fillers.per_100_words == pytest.approx(10.0)
    assert fillers.per_minute == pytest.approx(12.0)


def test_word_flags_mark_every_word_of_a_filler() -> None:
    result = measure_fillers(even_transcript("So, you know, I like it, um, a lot."))
    assert result.word_flags == (True, True, True, False, False, False, True, False, False)


def test_filler_words_do_not_count_towards_pace() -> None:
    analysis = analyze_answer(silence(10.0), even_transcript("um uh like, you know, basically we won", start_s=0.0, word_s=1.0, gap_s=0.0))
    assert analysis.pacing.words == 2
    assert analysis.filler_word_flags == (True, True, True, True, True, True, False, False)


# --- repetitions and restarts ---------------------------------------------------------------------


REPETITIONS = [
    ("I I think it worked.", ["I I"]),
    ("The the team agreed.", ["The the"]),
    ("We were we were late.", ["We were we were"]),
    ("I um I think so.", ["I um I"]),
    ("We were— we are a team.", ["We were— we are"]),
    ("We were — we are a team.", ["We were — we are"]),
    ("So the project was... the project is done.", ["the project was... the project is"]),
    ("Mon- Montreal is big.", ["Mon- Montreal"]),
    ("word word word word more", ["word word word word"]),
]

NO_REPETITIONS = [
    "I know that that works.",
    "It had had an effect.",
    "It was very very good.",
    "I think I can do it.",
    "uh uh uh uh forced aligner",
    "We tested it and we shipped it.",
]


@pytest.mark.parametrize(("text", "expected"), REPETITIONS, ids=[t for t, _ in REPETITIONS])
def test_repetitions_and_restarts_are_found(text: str, expected: list[str]) -> None:
    assert [r.text for r in _fillers(text).repetitions] == expected


@pytest.mark.parametrize("text", NO_REPETITIONS)
def test_grammatical_doubles_and_repeated_fillers_are_not_repetitions(text: str) -> None:
    assert _fillers(text).repetitions == ()


def test_repetitions_are_not_counted_as_fillers() -> None:
    fillers = _fillers("I I think we were— we are fine.")
    assert fillers.count == 0
    assert len(fillers.repetitions) == 2
    assert fillers.repetitions[0].start_s == pytest.approx(0.2)


# --- real recordings with their reference text -------------------------------------------------


REAL_FILLER_CLIPS = {
    "mfa_um": {"um": 1},
    "mfa_uh": {"uh": 1},
    "mfa_uhuh": {"uh": 6},
    "mfa_youknow": {"you know": 1},
    "mfa_uhum": {"uh": 2, "um": 2, "hmm": 2},
    "mfa_crossword": {"um": 2},
    "mfa_er": {},
    "mfa_her": {},
}
LIKE_COMPARISON_CLIPS = [
    "mfa_putty", "mfa_puttynorm", "mfa_apex", "mfa_bottle", "mfa_buddy", "mfa_patty",
    "mfa_poofy", "mfa_pooty", "mfa_puddy", "mfa_reallylong",
]


def _reference_answer(speech_dir, name: str):
    """The clip's audio and its reference text as a transcript spread over the clip."""
    audio, rate = sf.read(speech_dir / "fillers" / f"{name}.flac", dtype="float32")
    text = (speech_dir / "fillers" / f"{name}.txt").read_text().strip()
    duration_s = audio.shape[0] / rate
    n = len(text.split())
    transcript = even_transcript(text, start_s=0.1, word_s=(duration_s - 0.2) / n * 0.9, gap_s=(duration_s - 0.2) / n * 0.1)
    return audio, rate, transcript


@pytest.mark.parametrize(("name", "expected"), REAL_FILLER_CLIPS.items(), ids=list(REAL_FILLER_CLIPS))
def test_fillers_in_real_clips_match_their_reference(speech_dir, name: str, expected: dict[str, int]) -> None:
    audio, rate, transcript = _reference_answer(speech_dir, name)
    analysis = analyze_answer(audio, transcript, sample_rate=rate)
    assert analysis.fillers.by_word == expected
    assert analysis.fillers.count == sum(expected.values())


@pytest.mark.parametrize("name", LIKE_COMPARISON_CLIPS)
def test_like_as_a_comparison_in_real_clips_is_not_a_filler(speech_dir, name: str) -> None:
    audio, rate, transcript = _reference_answer(speech_dir, name)
    assert "like" in transcript.text.split()
    assert analyze_answer(audio, transcript, sample_rate=rate).fillers.count == 0
