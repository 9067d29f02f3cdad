"""Fillers and pauses laid back onto a transcript's words."""

from __future__ import annotations

from voice_coach.analysis import AnswerAnalysis
from voice_coach.analysis.spans import TimedText
from voice_coach.report.marks import MarkedWord, PauseMark, filler_flags, mark_transcript
from voice_coach.speech.transcript import Transcript, Word


def transcript(*specs: tuple[str, float, float]) -> Transcript:
    return Transcript(words=tuple(Word(text, start, end, 0.9) for text, start, end in specs), duration_s=10.0)


def test_a_filler_item_flags_exactly_its_words() -> None:
    t = transcript(("So", 0.0, 0.2), ("you", 0.3, 0.4), ("know,", 0.4, 0.6), ("you", 0.7, 0.8), ("know", 0.8, 1.0))
    flags = filler_flags(t.words, [TimedText("you know,", 0.3, 0.6)])
    assert flags == (False, True, True, False, False)


def test_words_sharing_times_are_told_apart_by_their_text() -> None:
    # Whisper sometimes gives two words the same times; the item's text picks the right one.
    t = transcript(("um", 1.0, 1.2), ("well", 1.0, 1.2))
    assert filler_flags(t.words, [TimedText("um", 1.0, 1.2)]) == (True, False)


def test_an_item_whose_text_differs_falls_back_to_its_times() -> None:
    t = transcript(("Hmm,", 1.0, 1.3), ("yes", 1.4, 1.6))
    assert filler_flags(t.words, [TimedText("hmm", 0.99, 1.3)]) == (True, False)


def test_pauses_go_between_the_words_around_their_middle() -> None:
    t = transcript(("first", 0.0, 0.5), ("stretched", 0.6, 2.4), ("second", 3.0, 3.4), ("end", 3.5, 3.8))
    analysis = AnswerAnalysis.from_dict({
        "duration_s": 4.0,
        "pacing": {"words": 4, "pauses": [{"start_s": 1.2, "duration_s": 1.7}, {"start_s": 3.4, "duration_s": 0.1}]},
        "fillers": {"count": 0},
        "energy": {},
    })
    pieces = mark_transcript(t, analysis).pieces
    kinds = [p.text if isinstance(p, MarkedWord) else p.label for p in pieces]
    # Whisper stretched "stretched" into the silence; the pause still shows before "second".
    assert kinds == ["first", "stretched", "[1.7 s pause]", "second", "[0.1 s pause]", "end"]
    assert isinstance(pieces[2], PauseMark) and not pieces[2].long


def test_without_analysis_the_words_come_back_plain() -> None:
    t = transcript(("um", 0.0, 0.2))
    assert mark_transcript(t, None).pieces == (MarkedWord("um", 0.0, 0.2, False),)
