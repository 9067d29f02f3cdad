"""The speech evaluation harness: its scoring rules, and floors on real speech that CI holds.

The floors run the default transcriber over the real filler clips, JFK and the slow/fast
reads in ../shared/speech (5 minutes of audio), plus the silence and room-noise fixtures,
twice: on each clip whole, and phrase by phrase as a practice session runs it (about 4
minutes on two cores). They sit a little under what ``python benchmarks/eval_speech.py``
measured when they were set (filler precision / recall on the filler clips 0.95 / 1.00
whole and phrase by phrase, of 19; WER 0 % on JFK and the rate reads, wpm off by at most
1.0 % on JFK and 2.6 % on the rate reads), so a regression fails the build. Phrase by
phrase may not read the filler clips much worse than whole (measured: 55.2 % against
53.1 % WER, about three words).
"""

from __future__ import annotations

import pytest

from benchmarks import eval_speech
from benchmarks.eval_speech import (
    FILLED_PAUSE_KIND,
    filler_counts,
    format_tables,
    normalize_words,
    number_words,
    reference_words,
)

FLOORS = {
    # folder: (max WER, min filler precision, min filler recall, max mean wpm error)
    # The same floors for both settings; they leave room for one more miss than measured.
    "fillers": (0.65, 0.90, 0.90, None),
    "read/jfk": (0.05, None, None, 0.03),
    "read/rate": (0.05, None, None, 0.035),
}
MAX_PHRASED_WER_GAP = 0.04  # phrase by phrase against whole, on the filler clips


def test_numbers_are_read_as_people_read_them():
    assert number_words(1455) == "fourteen fifty five"
    assert number_words(42) == "forty two"
    assert number_words(1900) == "one thousand nine hundred"
    assert number_words(2024) == "two thousand twenty four"
    assert normalize_words("In 1465 Sweynheim, the 15th century; forty-two-line!") == \
        "in fourteen sixty five sweynheim the fifteenth century forty two line".split()


def test_normalizing_leaves_out_fillers_and_marks_but_not_her():
    text = "<cutoff-montreal> Um, montreal uh [laughter] forced, hmm, aligner. I hardly know 'er"
    assert normalize_words(text) == "montreal forced aligner i hardly know her".split()


def test_reference_fillers_are_counted_as_the_feedback_counts_them():
    counts, _flags = filler_counts(reference_words("montreal forced uh um uh hm hm um forced aligner"))
    assert counts == {FILLED_PAUSE_KIND: 6}
    counts, _flags = filler_counts(reference_words("m f a is like putty"))
    assert sum(counts.values()) == 0
    counts, _flags = filler_counts(reference_words("you know montreal forced aligner"))
    assert counts == {"you know": 1}


def test_a_setting_must_name_engine_and_mode():
    with pytest.raises(SystemExit, match="ENGINE:MODE"):
        eval_speech._parse_setting("faster-whisper")


@pytest.mark.slow
def test_floors_on_real_speech(speech_dir):
    scores, runs = eval_speech.evaluate(
        speech_dir, settings=["faster-whisper:verbatim", "faster-whisper:live"], folders=list(FLOORS),
        in_process=True, threads=2,
    )
    table = format_tables(scores)
    by_key = {(s.setting, s.folder): s for s in scores}
    for (setting, folder), score in by_key.items():
        if folder == "silence":
            assert score.words_from_silence == 0, table
            continue
        max_wer, min_precision, min_recall, max_wpm_error = FLOORS[folder]
        assert score.wer is not None and score.wer <= max_wer, table
        if min_precision is not None:
            assert score.filler_precision >= min_precision, table
        if min_recall is not None:
            assert score.filler_recall >= min_recall, table
        if max_wpm_error is not None:
            assert score.wpm_error_mean <= max_wpm_error, table
    phrased, whole = by_key["faster-whisper:live", "fillers"], by_key["faster-whisper:verbatim", "fillers"]
    assert phrased.wer <= whole.wer + MAX_PHRASED_WER_GAP, table
    assert {setting for setting, _ in by_key} == {"faster-whisper:verbatim", "faster-whisper:live"}
    assert {folder for _, folder in by_key} == set(FLOORS) | {"silence"}
    assert all(r.seconds >= 0 for run in runs for r in run.results)
