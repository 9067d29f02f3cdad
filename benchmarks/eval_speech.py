"""How well transcription keeps fillers and words, on real human speech (not a test).

Runs each setting over the recordings in ``--speech-dir`` (``../shared/speech``: read
speech and acted filler clips, see its README.md and manifest.tsv) and prints one table
per folder with the settings side by side:

- WER: word error rate with jiwer against the reference, filled pauses left out on both
  sides; case, punctuation and numbers normalised ("1455" reads "fourteen fifty five");
  the fillers folder's ``<cutoff-…>``/``<hes-…>``/``[laughter]`` marks are left out too;
- filler precision and recall: fillers found the way the feedback finds them
  (``voice_coach.analysis.fillers``), matched within each clip to the reference's
  fillers, every filled pause ("uh", "um", "hm", …) as one kind, other fillers by name;
- wpm error: |wpm − reference wpm| ÷ reference wpm, where wpm = words (fillers out,
  numbers counted as spoken) ÷ (last word's end − first word's start) and the reference's
  is its word count over the
  span from the first to the last speech in the audio (Silero, above the noise floor);
- RTF: transcription time ÷ audio duration; peak memory: the largest resident set of
  the process that ran the setting (each setting runs in a fresh process).

Settings: ENGINE:MODE, with ENGINE ``faster-whisper`` or ``openai-whisper`` and MODE
``plain`` (the model as it comes: no prompt, no guard, no acoustic fillers), ``prompt``
(only the filler prompt), ``verbatim`` (voice-coach's transcriber, whole clip at once) or
``live`` (the same transcriber phrase by phrase, as a practice session runs it while the
candidate speaks: ``benchmarks/phrase_replay.py``).

Usage:
  python benchmarks/eval_speech.py --speech-dir ../shared/speech
  python benchmarks/eval_speech.py --folders fillers read/jfk --settings faster-whisper:verbatim
  python benchmarks/eval_speech.py --settings openai-whisper:verbatim --openai-model tiny.en.pt --json out.json
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import multiprocessing
import os
import re
import resource
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

SPEECH_DIR_ENV = "VOICE_COACH_SPEECH_DIR"
DEFAULT_SETTINGS = ("faster-whisper:plain", "faster-whisper:verbatim")
MODES = ("plain", "prompt", "verbatim", "live")
SILENCE_FIXTURES = ("audio_fixtures/test/silence_30s.flac", "audio_fixtures/test/room_noise_30s.flac")
FILLED_PAUSE_KIND = "filled pause"


@dataclass(frozen=True)
class Clip:
    path: str
    folder: str  # "fillers", "read/ljspeech", ...; "silence" for the no-speech fixtures
    reference: str | None  # None: no reference (counted in RTF only)


@dataclass(frozen=True)
class ClipResult:
    clip: Clip
    duration_s: float
    seconds: float  # wall time of transcribe()
    words: list[dict]  # Word.to_dict() of each word


@dataclass(frozen=True)
class SettingRun:
    setting: str
    model: str | None
    peak_memory_mb: float
    load_s: float
    results: list[ClipResult] = field(default_factory=list)


@dataclass(frozen=True)
class FolderScore:
    setting: str
    folder: str
    clips: int
    wer: float | None
    filler_precision: float | None
    filler_recall: float | None
    fillers_found: int
    fillers_expected: int
    fillers_matched: int
    wpm_error_mean: float | None  # fraction: 0.03 is 3 %
    wpm_error_max: float | None
    rtf: float
    peak_memory_mb: float
    words_from_silence: int  # only for the "silence" folder


# --- the recordings ------------------------------------------------------------------------


def find_clips(speech_dir: Path, *, folders: list[str] | None, limit: int | None = None) -> list[Clip]:
    """Clips listed in ``speech_dir/manifest.tsv`` (in its order), references from the .txt beside each."""
    manifest = speech_dir / "manifest.tsv"
    if not manifest.exists():
        raise SystemExit(f"error: {manifest} not found; pass --speech-dir (the folder with manifest.tsv)")
    clips: list[Clip] = []
    per_folder: Counter = Counter()
    for line in manifest.read_text().splitlines()[1:]:
        if not line.strip():
            continue
        rel = line.split("\t")[0]
        folder = str(Path(rel).parent)
        if folders and folder not in folders:
            continue
        if limit is not None and per_folder[folder] >= limit:
            continue
        text_file = (speech_dir / rel).with_suffix(".txt")
        reference = text_file.read_text().strip() if text_file.exists() else None
        clips.append(Clip(path=str(speech_dir / rel), folder=folder, reference=reference or None))
        per_folder[folder] += 1
    return clips


def silence_clips() -> list[Clip]:
    return [Clip(path=str(REPO_ROOT / p), folder="silence", reference="") for p in SILENCE_FIXTURES]


# --- running a setting ---------------------------------------------------------------------


def run_setting(setting: str, clips: list[Clip], *, model: str | None, threads: int) -> SettingRun:
    """Transcribes every clip with one setting, in this process."""
    from voice_coach.audio.files import load_audio

    engine, mode = _parse_setting(setting)
    started = time.perf_counter()
    transcribe = _transcribe_function(engine, mode, model=model, threads=threads)
    load_s = time.perf_counter() - started
    results = []
    for clip in clips:
        audio = load_audio(clip.path)
        started = time.perf_counter()
        words = transcribe(audio)
        results.append(ClipResult(clip=clip, duration_s=len(audio) / 16_000, seconds=time.perf_counter() - started,
                                  words=[w.to_dict() for w in words]))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux
    return SettingRun(setting=setting, model=model, peak_memory_mb=round(peak_mb, 1), load_s=round(load_s, 2),
                      results=results)


def run_setting_in_child(setting: str, clips: list[Clip], *, model: str | None, threads: int) -> SettingRun:
    """``run_setting`` in a fresh process, so that its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(run_setting, setting, clips, model=model, threads=threads).result()


def _parse_setting(setting: str) -> tuple[str, str]:
    from voice_coach.speech.transcriber import ENGINES

    engine, _, mode = setting.partition(":")
    if engine not in ENGINES or mode not in MODES:
        raise SystemExit(f"error: setting {setting!r} is not ENGINE:MODE with ENGINE in {', '.join(ENGINES)} "
                         f"and MODE in {', '.join(MODES)}")
    return engine, mode


def _transcribe_function(engine: str, mode: str, *, model: str | None, threads: int):
    from voice_coach.speech.filler_prompt import FILLER_PROMPT
    from voice_coach.speech.transcriber import Transcriber, TranscriberSettings

    if mode in ("verbatim", "live"):
        transcriber = Transcriber(TranscriberSettings(model=model, engine=engine, cpu_threads=threads))
        transcriber.load()
        if mode == "live":
            from benchmarks.phrase_replay import replay
            from voice_coach.practice.live_transcription import LiveTranscription

            return lambda audio: replay(audio, LiveTranscription(transcriber), keep_up=True,
                                         hear_to_the_end=True).words
        return lambda audio: transcriber.transcribe(audio).words
    if engine == "faster-whisper":
        from voice_coach.speech.faster_engine import FasterWhisperEngine

        decoder = FasterWhisperEngine(model=model, cpu_threads=threads)
    else:
        from voice_coach.speech.openai_engine import OpenAIWhisperEngine

        decoder = OpenAIWhisperEngine(model=model, cpu_threads=threads)
    prompt = FILLER_PROMPT if mode == "prompt" else None
    return lambda audio: decoder.decode(audio, language="en", beam_size=5, prompt=prompt)


# --- scoring -------------------------------------------------------------------------------

_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
            "nine": "ninth", "twelve": "twelfth"}


def number_words(n: int, *, year_style: bool = True) -> str:
    """Spoken English for ``n`` ≥ 0: 1455 -> "fourteen fifty five" (as years are read), 42 -> "forty two"."""
    if year_style and 1100 <= n <= 1999 and n % 100 != 0:
        return f"{number_words(n // 100)} {number_words(n % 100)}"
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return f"{_ONES[n // 100]} hundred" + ("" if rest == 0 else " " + number_words(rest))
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            rest = n % size
            return (f"{number_words(n // size, year_style=False)} {name}"
                    + ("" if rest == 0 else " " + number_words(rest, year_style=False)))
    raise ValueError(n)


def _ordinal(words: str) -> str:
    head, _, last = words.rpartition(" ")
    if last in _ORDINAL:
        last = _ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head} {last}".strip()


def normalize_words(text: str) -> list[str]:
    """Lower-case words without punctuation, numbers spelled out, marks and filled pauses removed."""
    from voice_coach.speech.filler_prompt import is_filled_pause

    text = re.sub(r"<[^>]*>|\[[^\]]*\]", " ", text)  # <cutoff-…>, <hes-…>, <unk>, [laughter]
    text = text.replace("’", "'").lower()
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # 1,000 -> 1000
    text = re.sub(r"[-‐‑–—/]", " ", text)

    def spell(match: re.Match) -> str:
        words = number_words(int(match.group(1)))
        return _ordinal(words) if match.group(2) else words

    text = re.sub(r"(\d+)(st|nd|rd|th)?\b", spell, text)
    words = []
    for token in text.split():
        if token.endswith("-") or is_filled_pause(token):
            continue
        bare = re.sub(r"[^a-z0-9']", "", token).strip("'")
        if token.startswith("'") and bare == "er":
            bare = "her"  # "i hardly know 'er"
        if bare:
            words.append(bare)
    return words


def _timed_words(words: list[dict]):
    from voice_coach.speech.transcript import Word

    return tuple(Word.from_dict(w) for w in words)


def filler_counts(words) -> tuple[Counter, tuple[bool, ...]]:
    """Fillers as the feedback counts them (filled pauses as one kind), and which words are fillers."""
    from voice_coach.analysis.fillers import measure_fillers
    from voice_coach.speech.filler_prompt import filled_pause_name
    from voice_coach.speech.transcript import Transcript

    result = measure_fillers(Transcript(words=tuple(words), duration_s=0.0))
    counts: Counter = Counter()
    for name, count in result.fillers.by_word.items():
        counts[FILLED_PAUSE_KIND if filled_pause_name(name) or name in {"hmm", "mm"} else name] += count
    return counts, result.word_flags


def reference_words(reference: str):
    """The reference as untimed Words (one per second) so the feedback's filler rules can read it."""
    from voice_coach.speech.transcript import Word

    tokens = [t for t in reference.split() if not re.fullmatch(r"<[^>]*>|\[[^\]]*\]", t)]
    return tuple(Word(text=t, start_s=float(i), end_s=float(i) + 0.5, probability=1.0) for i, t in enumerate(tokens))


def wpm(words, flags: tuple[bool, ...]) -> float | None:
    """Words a minute from first start to last end, fillers left out and words counted as
    spoken ("1455" is three words: the reference spells its numbers out)."""
    spoken = [w for w, is_filler in zip(words, flags) if not is_filler]
    if not spoken:
        return None
    span = max(w.end_s for w in words) - min(w.start_s for w in words)
    return 60.0 * len(normalize_words(" ".join(w.text for w in spoken))) / span if span > 0 else None


def reference_span_s(path: str) -> float | None:
    """Seconds from the first to the last speech in the recording."""
    from voice_coach.audio.files import load_audio
    from voice_coach.speech.acoustics import measure_frames

    frames = measure_frames(load_audio(path))
    speech = frames.sounding() & (frames.speech_probability >= 0.5)  # not voicing: noise after JFK "voices"
    if not speech.any():
        return None
    index = speech.nonzero()[0]
    return float(frames.times_s[index[-1]] - frames.times_s[index[0]] + frames.frame_s)


def score(run: SettingRun, *, spans: dict[str, float | None]) -> list[FolderScore]:
    import jiwer

    by_folder: dict[str, list[ClipResult]] = {}
    for result in run.results:
        by_folder.setdefault(result.clip.folder, []).append(result)
    scores = []
    for folder, results in by_folder.items():
        refs, hyps = [], []
        matched = found = expected = 0
        wpm_errors = []
        for r in results:
            hyp_words = _timed_words(r.words)
            if r.clip.reference is None:
                continue
            ref_norm = normalize_words(r.clip.reference)
            if ref_norm:
                refs.append(" ".join(ref_norm))
                hyps.append(" ".join(normalize_words(" ".join(w.text for w in hyp_words))))
            ref_counts, _ = filler_counts(reference_words(r.clip.reference))
            hyp_counts, flags = filler_counts(hyp_words)
            expected += sum(ref_counts.values())
            found += sum(hyp_counts.values())
            matched += sum(min(ref_counts[k], hyp_counts[k]) for k in ref_counts)
            span = spans.get(r.clip.path)
            ours = wpm(hyp_words, flags)
            if span and ref_norm and folder.startswith("read"):
                reference_wpm = 60.0 * len(ref_norm) / span
                wpm_errors.append(abs((ours or 0.0) - reference_wpm) / reference_wpm)
        total_audio = sum(r.duration_s for r in results)
        scores.append(FolderScore(
            setting=run.setting, folder=folder, clips=len(results),
            wer=round(jiwer.wer(refs, hyps), 4) if refs else None,
            filler_precision=round(matched / found, 3) if found else (1.0 if expected == 0 and folder != "silence" else None),
            filler_recall=round(matched / expected, 3) if expected else None,
            fillers_found=found, fillers_expected=expected, fillers_matched=matched,
            wpm_error_mean=round(sum(wpm_errors) / len(wpm_errors), 4) if wpm_errors else None,
            wpm_error_max=round(max(wpm_errors), 4) if wpm_errors else None,
            rtf=round(sum(r.seconds for r in results) / total_audio, 4) if total_audio else 0.0,
            peak_memory_mb=run.peak_memory_mb,
            words_from_silence=sum(len(r.words) for r in results) if folder == "silence" else 0,
        ))
    return scores


def load_runs(path: Path) -> list[SettingRun]:
    """The runs an earlier ``--json`` wrote, to score again."""
    data = json.loads(Path(path).read_text())
    return [
        SettingRun(setting=r["setting"], model=r["model"], peak_memory_mb=r["peak_memory_mb"], load_s=r["load_s"],
                   results=[ClipResult(clip=Clip(**c["clip"]), duration_s=c["duration_s"], seconds=c["seconds"],
                                       words=c["words"]) for c in r["results"]])
        for r in data["runs"]
    ]


# --- output --------------------------------------------------------------------------------


def format_tables(scores: list[FolderScore]) -> str:
    lines = []
    folders = list(dict.fromkeys(s.folder for s in scores))
    for folder in folders:
        rows = [s for s in scores if s.folder == folder]
        lines.append(f"\n## {folder} ({rows[0].clips} clips)\n")
        if folder == "silence":
            lines.append("| setting | words from 30 s of silence and of room noise | RTF |")
            lines.append("|---|---:|---:|")
            for s in rows:
                lines.append(f"| {s.setting} | {s.words_from_silence} | {s.rtf:.3f} |")
            continue
        lines.append("| setting | WER | filler P | filler R | found/expected | wpm error mean (max) | RTF | peak MB |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for s in rows:
            wpm_text = "–" if s.wpm_error_mean is None else f"{100 * s.wpm_error_mean:.1f} % ({100 * s.wpm_error_max:.1f} %)"
            lines.append(
                f"| {s.setting} | {_fmt(s.wer, percent=True)} | {_fmt(s.filler_precision)} | {_fmt(s.filler_recall)} "
                f"| {s.fillers_matched}: {s.fillers_found}/{s.fillers_expected} | {wpm_text} | {s.rtf:.3f} "
                f"| {s.peak_memory_mb:.0f} |"
            )
    return "\n".join(lines)


def _fmt(value: float | None, *, percent: bool = False) -> str:
    if value is None:
        return "–"
    return f"{100 * value:.1f} %" if percent else f"{value:.2f}"


def evaluate(speech_dir: Path, *, settings: list[str], folders: list[str] | None = None, limit: int | None = None,
             model: str | None = None, openai_model: str | None = None, threads: int = 2,
             in_process: bool = False, with_silence: bool = True) -> tuple[list[FolderScore], list[SettingRun]]:
    """Runs and scores every setting; the library entry point the CI test uses."""
    for setting in settings:
        _parse_setting(setting)
    clips = find_clips(speech_dir, folders=folders, limit=limit) + (silence_clips() if with_silence else [])
    spans = {c.path: reference_span_s(c.path) for c in clips if c.folder.startswith("read")}
    runs = []
    for setting in settings:
        runner = run_setting if in_process else run_setting_in_child
        engine, _mode = _parse_setting(setting)
        runs.append(runner(setting, clips, model=openai_model if engine == "openai-whisper" else model,
                           threads=threads))
    scores = [s for run in runs for s in score(run, spans=spans)]
    return scores, runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--speech-dir", type=Path,
                        default=Path(os.environ.get(SPEECH_DIR_ENV, REPO_ROOT.parent / "shared" / "speech")),
                        help=f"folder with manifest.tsv (default: ${SPEECH_DIR_ENV} or ../shared/speech)")
    parser.add_argument("--folders", nargs="+", help="only these folders of the manifest (e.g. fillers read/jfk)")
    parser.add_argument("--settings", nargs="+", default=list(DEFAULT_SETTINGS),
                        help=f"ENGINE:MODE, MODE in {', '.join(MODES)} (default: {' '.join(DEFAULT_SETTINGS)})")
    parser.add_argument("--model", help="model of the faster-whisper settings: a model folder or name "
                        "(default: the bundled tiny.en)")
    parser.add_argument("--openai-model", help="model of the openai-whisper settings: a name or a .pt checkpoint "
                        "(default: tiny.en from openai-whisper's cache)")
    parser.add_argument("--limit", type=int, help="at most this many clips per folder")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads for the model (default 2)")
    parser.add_argument("--in-process", action="store_true", help="run settings in this process (no memory figure of their own)")
    parser.add_argument("--json", type=Path, help="also write the scores and every transcript here")
    parser.add_argument("--rescore", type=Path, nargs="+", metavar="JSON",
                        help="score the transcripts saved by earlier --json runs instead of transcribing")
    args = parser.parse_args(argv)

    if args.rescore:
        runs = [run for path in args.rescore for run in load_runs(path)]
        clips = {r.clip.path for run in runs for r in run.results if r.clip.folder.startswith("read")}
        spans = {path: reference_span_s(path) for path in clips}
        print(format_tables([s for run in runs for s in score(run, spans=spans)]))
        return 0
    scores, runs = evaluate(args.speech_dir, settings=args.settings, folders=args.folders, limit=args.limit,
                            model=args.model, openai_model=args.openai_model, threads=args.threads,
                            in_process=args.in_process)
    print(format_tables(scores))
    if args.json:
        args.json.write_text(json.dumps({"scores": [asdict(s) for s in scores],
                                         "runs": [asdict(r) for r in runs]}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
