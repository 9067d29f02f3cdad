"""Commands that look at things: recordings, stored sessions, devices, voices, banks."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from voice_coach.cli.engine_options import add_engine_options, transcriber_settings
from voice_coach.errors import VoiceCoachError


def register(commands) -> None:
    analyze = commands.add_parser(
        "analyze", help="transcribe recordings and give the same feedback as after an answer",
        description="Transcribe each recording (WAV, FLAC, OGG, MP3: whatever libsndfile reads) on this "
        "computer and measure its delivery and content. A .txt file is a transcript: its content is "
        "checked without audio.",
    )
    analyze.add_argument("files", nargs="+", type=Path, metavar="FILE")
    analyze.add_argument("--json", action="store_true", help="print a JSON list, one object per file")
    add_engine_options(analyze)
    analyze.add_argument("--baseline", type=Path, metavar="OTHER_FILE",
                         help="compare each FILE with this earlier recording (your round 1)")
    analyze.add_argument("--calibration", type=Path, metavar="FILE",
                         help="a reading of the reference sentence made with the same microphone as FILE, "
                              "so loudness is judged against it")
    analyze.add_argument("--baseline-calibration", type=Path, metavar="FILE",
                         help="the reference reading made with the baseline's microphone")
    analyze.add_argument("--question", metavar="ID",
                         help="the bank question the files answer (so the closing question and paraphrases are known)")
    analyze.add_argument("--bank", default="general", help="the bank --question comes from (default: general)")
    analyze.set_defaults(run=run_analyze)

    sessions = commands.add_parser("sessions", help="list stored sessions, oldest first",
                                   description="List stored practice sessions, oldest first.")
    sessions.add_argument("--json", action="store_true", help="print JSON")
    sessions.set_defaults(run=run_sessions)

    review = commands.add_parser("review", help="show a stored session: questions, transcripts, figures",
                                 description="Show a stored session: each question, its transcript and figures.")
    review.add_argument("session", type=int, metavar="SESSION", help="a session id from 'sessions'")
    review.add_argument("--json", action="store_true", help="print JSON with transcripts and words")
    review.set_defaults(run=run_review)

    devices = commands.add_parser("devices", help="list sound devices (defaults marked)",
                                  description="List input and output sound devices; > marks the defaults.")
    devices.set_defaults(run=run_devices)

    voices = commands.add_parser("voices", help="list text-to-speech voices",
                                 description="List the text-to-speech voices installed.")
    voices.set_defaults(run=run_voices)

    questions = commands.add_parser("questions", help="list and validate a question bank",
                                    description="List a question bank's questions (and check it), or list the banks.")
    questions.add_argument("--bank", help="a bank name or TOML path (default: list the bundled banks)")
    questions.set_defaults(run=run_questions)


def run_analyze(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.analysis import compare_answers, measure_calibration
    from voice_coach.audio.files import load_audio
    from voice_coach.speech.transcriber import Transcriber

    if args.baseline_calibration and not args.baseline:
        raise VoiceCoachError("--baseline-calibration needs --baseline OTHER_FILE")
    question = _question_for(args)
    # Read every file first: a bad one fails before minutes of transcription.
    inputs = [(path, _read_text(path) if _is_text(path) else load_audio(path)) for path in args.files]
    calibration = measure_calibration(load_audio(args.calibration)) if args.calibration else None
    baseline_input = None
    if args.baseline:
        baseline_input = _read_text(args.baseline) if _is_text(args.baseline) else load_audio(args.baseline)
    baseline_calibration = (
        measure_calibration(load_audio(args.baseline_calibration)) if args.baseline_calibration else None
    )
    transcriber = Transcriber(transcriber_settings(args))

    baseline = baseline_text = None
    if isinstance(baseline_input, str):
        baseline_text = baseline_input
    elif baseline_input is not None:
        baseline_transcript, baseline = _transcribe_and_analyze(
            transcriber, args.baseline, baseline_input, baseline_calibration, console, quiet=args.json)
        baseline_text = baseline_transcript.text
    results = []
    for path, data in inputs:
        if isinstance(data, str):
            record = text_record(path, data, question=question, baseline_text=baseline_text)
        else:
            transcript, analysis = _transcribe_and_analyze(transcriber, path, data, calibration, console,
                                                           quiet=args.json)
            record = analysis_record(path, transcript, analysis, question=question, baseline_text=baseline_text)
            if baseline is not None:
                comparison = compare_answers(analysis, baseline)
                record["comparison"] = {"baseline_file": str(args.baseline), **comparison.to_dict()}
        results.append(record)
        if not args.json:
            _print_analysis(console, record)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def _is_text(path: Path) -> bool:
    return path.suffix.lower() == ".txt"


def _read_text(path: Path) -> str:
    from voice_coach.errors import AudioFileError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise AudioFileError(f"{path}: no such file; check the path") from e
    except (OSError, UnicodeDecodeError) as e:
        raise AudioFileError(f"{path}: not a readable UTF-8 text file ({e})") from e
    if not text.strip():
        raise AudioFileError(f"{path}: the transcript is empty")
    return text


def _question_for(args: argparse.Namespace):
    if args.question is None:
        return None
    from voice_coach.questions import load_bank

    return load_bank(args.bank).get(args.question)


def text_record(path: Path, text: str, *, question=None, baseline_text: str | None = None) -> dict:
    """A transcript given as text: content only, the audio figures unknown."""
    from voice_coach.analysis.content import analyze_content

    return {
        "file": str(path),
        "duration_s": None,
        "transcript": " ".join(text.split()),
        "words": [],
        "content": analyze_content(text, question=question, baseline_text=baseline_text).to_dict(),
    }


def _transcribe_and_analyze(transcriber, path: Path, audio, calibration, console: Console, *, quiet: bool):
    from voice_coach.analysis import analyze_answer

    if quiet:
        transcript = transcriber.transcribe(audio)
    else:
        with console.status(f"Transcribing {path}…"):
            transcript = transcriber.transcribe(audio)
    return transcript, analyze_answer(audio, transcript, calibration=calibration)


def analysis_record(path: Path, transcript, analysis, *, question=None, baseline_text: str | None = None) -> dict:
    """One object of the ``analyze --json`` contract."""
    from voice_coach.analysis.content import analyze_content

    words = [
        {**word.to_dict(), "filler": flag}
        for word, flag in zip(transcript.words, analysis.filler_word_flags)
    ]
    return {
        "file": str(path),
        "duration_s": round(transcript.duration_s, 3),
        "transcript": transcript.text,
        "words": words,
        **analysis.to_dict(),
        "content": analyze_content(transcript.text, question=question, baseline_text=baseline_text).to_dict(),
    }


def _print_analysis(console: Console, record: dict) -> None:
    from voice_coach.cli.view import print_content

    console.rule(record["file"])
    console.print(record["transcript"] or "[yellow](no words)[/]")
    if "pacing" in record:
        pacing, fillers, energy = record["pacing"], record["fillers"], record["energy"]
        wpm = pacing.get("wpm")
        console.print(f"Length {record['duration_s']:.1f} s · pace "
                      f"{'unknown' if wpm is None else f'{wpm:.0f} wpm'} · filler words {fillers['count']} · "
                      f"pauses {pacing.get('pause_count') or 0} · "
                      f"pitch variation {_or_unknown(energy.get('pitch_var_st'), '{:.1f} semitones')}")
    for verdict in record.get("comparison", {}).get("verdicts", []):
        console.print(f"  {verdict['dimension']:7s} {verdict['status']:6s} {verdict['message']}")
    print_content(console, record.get("content", {}))


def _or_unknown(value, template: str) -> str:
    return "unknown" if value is None else template.format(value)


def run_sessions(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.storage import SessionStore

    with SessionStore.open() as store:
        sessions = store.list_sessions()
    if args.json:
        print(json.dumps([s.to_dict() for s in sessions], indent=2))
        return 0
    if not sessions:
        console.print("No sessions yet. Try 'voice-coach demo' or 'voice-coach practice'.")
        return 0
    table = Table("id", "started", "round", "bank", "answers", "length", "status")
    for s in sessions:
        table.add_row(str(s.id), s.to_dict()["started_at"], str(s.round_number), s.bank,
                      str(s.answer_count), f"{s.duration_s:.0f} s", s.status)
    console.print(table)
    return 0


def run_review(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.storage import SessionStore

    with SessionStore.open() as store:
        session = store.get_session(args.session)
    if args.json:
        print(json.dumps(session.to_dict(), indent=2))
        return 0
    from voice_coach.report import render_review

    render_review(console, session)
    return 0


def run_devices(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.audio.devices import list_devices

    devices = list_devices()
    if not devices:
        console.print("No sound devices found. On Linux, check that ALSA sees a card ('aplay -l').")
        return 0
    table = Table("", "index", "name", "api", "in", "out", "rate")
    for d in devices:
        mark = (">in " if d.is_default_input else "") + (">out" if d.is_default_output else "")
        table.add_row(mark, str(d.index), d.name, d.host_api, str(d.max_input_channels),
                      str(d.max_output_channels), f"{d.default_samplerate:.0f}")
    console.print(table)
    return 0


def run_voices(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.tts.speaker import list_voices

    table = Table("id", "name", "languages")
    for v in list_voices():
        table.add_row(v.id, v.name, ", ".join(v.languages))
    console.print(table)
    return 0


def run_questions(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.questions import list_banks, load_bank

    if args.bank is None:
        for name in list_banks():
            bank = load_bank(name)
            console.print(f"{name:32s} {len(bank.questions):3d} questions  {bank.title}")
        return 0
    bank = load_bank(args.bank)
    console.print(f"[bold]{bank.title}[/] ({bank.path}): {len(bank.questions)} questions, valid")
    table = Table("id", "rounds", "category", "question")
    for q in bank.questions:
        table.add_row(q.id, ",".join(map(str, q.rounds)), q.category, q.text)
    console.print(table)
    if not bank.questions:
        raise VoiceCoachError(f"bank {bank.name!r} has no questions")
    return 0
