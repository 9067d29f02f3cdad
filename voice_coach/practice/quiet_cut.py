"""Where to cut a live chunk in a pause: at a quiet moment, not inside a sound.

Voice activity (Silero) ends a phrase early on some sounds: the soft end of a word (a
falsetto "pitched") and the filled pauses it does not call speech ("um"). A cut a fixed
time after its phrase end can split such a sound between two chunks, and each decode then
reads its half wrongly ("hyped" for "high pitched"). So the cut goes to the first moment
from there on that is quiet: below the level that counts as sound in this recording.

Entry point: ``first_quiet_sample(audio, search_from, sample_rate) -> int | None``.
"""

from __future__ import annotations

import numpy as np

FRAME_S = 0.01
MIN_QUIET_S = 0.03  # quiet this long: between two sounds, not a dip inside one
# Quiet is under 10 dB above the noise floor (10th percentile of the frame levels) and in
# the lower half of the range from floor to loudest (a quiet voice in a noisy room is
# only about 25 dB above its room); digital silence counts as quiet up to -60 dBFS.
ABOVE_FLOOR_DB = 10.0
LOWEST_SOUND_DBFS = -60.0
MIN_RANGE_DB = 6.0  # levels closer together than this: one steady sound, no pause in it


def first_quiet_sample(audio: np.ndarray, search_from: int, sample_rate: int) -> int | None:
    """The first sample at or after ``search_from`` that starts a quiet stretch, or None if
    the audio after it sounds all through. ``audio`` should hold some seconds before
    ``search_from`` too: its levels set what counts as quiet."""
    frame = max(1, int(round(FRAME_S * sample_rate)))
    n_frames = len(audio) // frame
    if n_frames == 0 or search_from >= n_frames * frame:
        return None
    frames = np.asarray(audio[: n_frames * frame], dtype=np.float64).reshape(n_frames, frame)
    level_db = 10.0 * np.log10(np.maximum(np.mean(frames * frames, axis=1), 1e-12))
    floor = float(np.percentile(level_db, 10))
    loudest = float(np.percentile(level_db, 99))
    threshold = floor + min(ABOVE_FLOOR_DB, (loudest - floor) / 2) if loudest - floor >= MIN_RANGE_DB else -np.inf
    quiet = level_db < max(threshold, LOWEST_SOUND_DBFS)
    need = max(1, int(round(MIN_QUIET_S / FRAME_S)))
    first = -(-search_from // frame)  # the first whole frame at or after search_from
    run = 0
    for i in range(first, n_frames):
        run = run + 1 if quiet[i] else 0
        if run == need:
            return max(search_from, (i - need + 1) * frame)
    return None
