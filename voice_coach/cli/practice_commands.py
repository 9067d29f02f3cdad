"""``practice`` (a live mock interview) and ``demo`` (the same loop on bundled answers)."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from rich.console import Console

from voice_coach.audio.voice_activity import EndpointSettings
from voice_coach.cli.engine_options import add_engine_options, transcriber_settings
from voice_coach.errors import VoiceCoachError
from voice_coach.paths import data_home, fixtures_dir

DEMO_BANK = "general"
DEMO_QUESTIONS = 5
DEMO_REPORT = "voice-coach-demo-report.html"


def register(commands) -> None:
    practice = commands.add_parser(
        "practice", help="a mock interview at the microphone",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_voice_commands_epilog(),
        description="Speak each question, record your answer, notice when you have finished, transcribe "
        "it on this computer and tell you how it went. Press Enter to end an answer early; Ctrl-C "
        "stops and keeps what was recorded.",
    )
    _add_loop_options(practice)
    practice.add_argument("--input-device", metavar="DEVICE", help="microphone: index or name (see 'devices')")
    practice.add_argument("--answers-from", metavar="DIR", type=Path,
                          help="take the answers from audio files in DIR (name order, one per question) "
                               "instead of the microphone; after a file ends the input is silence")
    practice.add_argument("--barge-in", action="store_true",
                          help="listen while a question is read: start answering and the reading stops "
                               "(use headphones: loudspeakers would let the question cut itself short)")
    practice.add_argument("--keep-order", action="store_true",
                          help="round 2: ask in the bank's order, not the weakest round-1 answers first")
    practice.add_argument("--baseline", type=int, metavar="SESSION",
                          help="round 2: compare with the answers of this session instead of the latest round 1")
    practice.add_argument("--no-calibration", action="store_true",
                          help="skip the reference sentence read at the start (energy is then compared uncalibrated)")
    practice.add_argument("--fast", action="store_true",
                          help="with --answers-from: feed the files as fast as they are read, not in real time")
    practice.set_defaults(run=run_practice)

    demo = commands.add_parser(
        "demo", help="a complete two-round mock interview on bundled answers, no microphone needed",
        description="Round 1, then round 2 asking the same questions again, with the candidate's answers "
        "replayed from audio_fixtures/demo/ through the same loop as 'practice'. Prints each answer's "
        "feedback and how round 2 compared with round 1, and stores both sessions.",
    )
    _add_loop_options(demo, with_round=False)
    demo.add_argument("--real-time", action="store_true", help="replay the answers at the pace of speech")
    demo.add_argument("--report", type=Path, default=Path(DEMO_REPORT), metavar="FILE",
                      help=f"where to write the HTML report of round 2 (default: {DEMO_REPORT})")
    demo.set_defaults(run=run_demo)


def _voice_commands_epilog() -> str:
    from voice_coach.practice.voice_commands import BUILT_IN_PHRASES

    lines = ["voice commands (say one instead of answering, or right after the question;",
             "a bank's [commands] table can add phrasings):"]
    for command, phrases in BUILT_IN_PHRASES.items():
        lines.append(f"  {command.value:8s} " + ", ".join(f'"{p}"' for p in phrases[:4]))
    return "\n".join(lines)


def _add_loop_options(parser: argparse.ArgumentParser, *, with_round: bool = True) -> None:
    if with_round:
        parser.add_argument("--round", type=int, choices=(1, 2), default=1, dest="round_number",
                            help="1: first interview; 2: second interview, judged against your round 1")
        parser.add_argument("--bank", default="general", help="question bank: a name from 'questions' or a TOML path")
        parser.add_argument("--questions", type=_positive_int, metavar="N", dest="question_limit",
                            help="ask only the first N questions")
    parser.add_argument("--panel", action="store_true",
                        help="round 2 as a panel: a co-worker, the hiring manager and the director share the "
                             "questions, each in their own voice, and one asks again what another asked")
    parser.add_argument("--output-device", metavar="DEVICE", help="speaker: index or name (see 'devices')")
    parser.add_argument("--no-speak", action="store_true", help="print the questions instead of speaking them")
    parser.add_argument("--voice", help="text-to-speech voice: id or name (see 'voices')")
    parser.add_argument("--rate", type=_positive_int, metavar="WPM", help="speaking rate of the questions")
    parser.add_argument("--silence", type=_positive_float, default=2.5, metavar="SECONDS",
                        help="silence that ends an answer (default 2.5)")
    parser.add_argument("--max-answer", type=_positive_float, default=180.0, metavar="SECONDS",
                        help="longest answer (default 180)")
    add_engine_options(parser)
    parser.add_argument("--quiet-feedback", action="store_true", help="show feedback but do not speak it")
    parser.add_argument("--transcribe-after", action="store_true",
                        help="transcribe each answer only after it ends, not phrase by phrase while you speak "
                             "(slower feedback; for comparison)")
    parser.add_argument("--events", type=Path, metavar="FILE", help="append timing events, one JSON object per line")


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a whole number above 0, got {text}")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text}")
    return value


def run_practice(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.audio.devices import parse_device, resolve_device
    from voice_coach.audio.sources import AnswerFilesSource, MicrophoneSource

    if args.fast and not args.answers_from:
        raise VoiceCoachError("--fast only applies with --answers-from DIR")
    if args.baseline is not None:
        if args.round_number != 2:
            raise VoiceCoachError("--baseline only applies to round 2 (add --round 2)")
        from voice_coach.storage import SessionStore

        with SessionStore.open() as store:
            store.get_session(args.baseline)  # an unknown id fails now, not after the first answer
    questions, bank = _choose_questions(args.bank, args.round_number, args.question_limit)
    if args.answers_from:
        source = AnswerFilesSource.from_folder(args.answers_from, real_time=not args.fast)
        # With answer files, a reference reading is used only when the folder has one.
        calibration = AnswerFilesSource.calibration_in(args.answers_from, real_time=not args.fast)
    else:
        device = parse_device(args.input_device)
        resolve_device(device, kind="input")  # fail now, not after the first question
        source = MicrophoneSource(device)
        calibration = source
    plan = _make_plan(questions, bank, args.round_number, panel=args.panel, reorder=not args.keep_order)
    _run_round(args, console, plan=plan, bank=bank, source=source,
               calibration_source=None if args.no_calibration else calibration,
               baseline_session=args.baseline,
               round_number=args.round_number, interactive=args.answers_from is None,
               speaker=_question_speaker(args, console), transcriber=_load_transcriber(args))
    return 0


def run_demo(args: argparse.Namespace, console: Console) -> int:
    from voice_coach.audio.sources import AnswerFilesSource

    demo_dir = fixtures_dir() / "demo"
    speaker = _question_speaker(args, console)
    transcriber = _load_transcriber(args)
    outcome = None
    for round_number in (1, 2):
        folder = demo_dir / f"round{round_number}"
        questions, bank = _choose_questions(DEMO_BANK, round_number, DEMO_QUESTIONS)
        # The recorded answers follow the bank's order, so the demo keeps it; it still
        # says what to fix from round 1, and with --panel adds the panel's repeated question.
        plan = _make_plan(questions, bank, round_number, panel=args.panel and round_number == 2, reorder=False)
        source = AnswerFilesSource(_demo_answer_files(folder, plan), real_time=args.real_time)
        calibration = AnswerFilesSource([demo_dir / "calibration" / f"round{round_number}.flac"],
                                        real_time=args.real_time)
        console.print(f"\n[bold]Demo, round {round_number}[/]: answers replayed from {folder}")
        outcome = _run_round(args, console, plan=plan, bank=bank, source=source,
                             round_number=round_number, interactive=False, demo=True,
                             calibration_source=calibration, speaker=speaker, transcriber=transcriber)
    if outcome is not None and outcome.session_id is not None:
        _write_demo_report(console, outcome.session_id, args.report)
    console.print("\nStored in " + str(data_home()) + ". See them with 'voice-coach sessions' and 'voice-coach review ID'.")
    return 0


def _choose_questions(bank_spec: str, round_number: int, limit: int | None):
    from voice_coach.questions import load_bank

    bank = load_bank(bank_spec)
    # The closing "any questions for us?" stays last even when --questions cuts the list.
    questions = bank.interview_order(round_number, max_questions=limit)
    if not questions:
        raise VoiceCoachError(f"bank {bank.name!r} has no questions for round {round_number}")
    return questions, bank


def _write_demo_report(console: Console, session_id: int, path: Path) -> None:
    from voice_coach.report import load_session_report
    from voice_coach.report.formats import render_report, write_private_text
    from voice_coach.storage import SessionStore

    with SessionStore.open() as store:
        report = load_session_report(store, session_id)
    write_private_text(path, render_report(report, fmt="html", output_dir=path.resolve().parent))
    console.print(f"\nThe round-2 report, with round 1 beside it: {path.resolve()}")
    console.print(f"[dim]Open it in a browser: {path.resolve().as_uri()}[/]")


def _make_plan(questions, bank, round_number: int, *, panel: bool, reorder: bool):
    from voice_coach.practice.interview_plan import panel_plan, plain_plan, second_chance_plan
    from voice_coach.practice.second_chance import round_one_chances
    from voice_coach.storage import SessionStore

    plan = plain_plan(questions)
    if round_number == 2:
        with SessionStore.open() as store:
            chances = round_one_chances(store, bank)
        plan = second_chance_plan(plan, chances, reorder=reorder)
    return panel_plan(plan) if panel else plan


def _demo_answer_files(folder: Path, plan) -> list[Path]:
    """The recorded answer for each planned question: ``NN-<id>.flac``, or ``NN-<id>-again.flac``
    when the panel asks a question a second time."""
    files = []
    for item in plan:
        suffix = "-again" if item.repeat_of_earlier else ""
        matches = sorted(folder.glob(f"*-{item.question.id}{suffix}.flac"))
        if not matches:
            raise VoiceCoachError(f"the demo has no recorded answer for {item.question.id}{suffix} in {folder}; "
                                  "run 'make fixtures'")
        files.append(matches[0])
    return files


def _load_transcriber(args):
    from voice_coach.speech.transcriber import Transcriber

    transcriber = Transcriber(transcriber_settings(args))
    transcriber.load()  # a bad --model fails before the first question, not after the first answer
    return transcriber


def _run_round(args, console: Console, *, plan, bank, source, round_number: int,
               interactive: bool, speaker, transcriber, calibration_source=None,
               baseline_session: int | None = None, demo: bool = False) -> int:
    from voice_coach.cli.view import TerminalView
    from voice_coach.practice.events import EventLog
    from voice_coach.practice.loop import PracticeLoop, PracticeSettings
    from voice_coach.practice.voice_commands import CommandMatcher, load_bank_synonyms
    from voice_coach.storage import SessionStore

    view = TerminalView(console)
    settings = PracticeSettings(
        round_number=round_number,
        endpoint=EndpointSettings(silence_s=args.silence, max_answer_s=args.max_answer),
        speak_feedback=not args.quiet_feedback and not args.no_speak,
        live_transcription=not args.transcribe_after,
        barge_in=getattr(args, "barge_in", False),
    )
    end_answer_now = threading.Event()
    if interactive and sys.stdin.isatty():
        _watch_enter_key(end_answer_now)
    events = EventLog(args.events)
    try:
        with SessionStore.open() as store:
            loop = PracticeLoop(
                plan=plan, source=source, speaker=speaker, transcriber=transcriber, store=store,
                view=view, events=events, settings=settings, bank_name=bank.name,
                commands=CommandMatcher.with_synonyms(load_bank_synonyms(bank.path)),
                session_settings={"model": transcriber.model_label, "demo": demo,
                                  "input": "files" if not interactive else str(args.input_device or "default")},
                end_answer_now=end_answer_now, calibration_source=calibration_source,
                baseline_session=baseline_session,
            )
            outcome = loop.run()
    finally:
        events.close()
    _print_round_summary(console, outcome)
    return outcome


def _question_speaker(args, console: Console):
    from voice_coach.audio.devices import has_output_device, parse_device, resolve_device
    from voice_coach.audio.player import SpeakerPlayer
    from voice_coach.practice.speaking import PlayedQuestions, RenderedQuestions, ShownQuestions
    from voice_coach.tts.speaker import SpeechRenderer

    if args.no_speak:
        return ShownQuestions()
    renderer = SpeechRenderer(cache_dir=data_home() / "cache" / "tts", voice=args.voice, rate_wpm=args.rate)
    if args.output_device is not None:
        device = parse_device(args.output_device)
        resolve_device(device, kind="output")
        return PlayedQuestions(renderer, SpeakerPlayer(device))
    if has_output_device():
        return PlayedQuestions(renderer, SpeakerPlayer(None))
    console.print("[dim]No output device: questions are rendered to WAV files instead of played.[/]")
    return RenderedQuestions(renderer, lambda line: console.print(f"[dim]{line}[/]"))


def _watch_enter_key(end_answer_now: threading.Event) -> None:
    def watch() -> None:
        for _line in sys.stdin:
            end_answer_now.set()

    threading.Thread(target=watch, name="enter-key", daemon=True).start()


def _print_round_summary(console: Console, outcome) -> None:
    if outcome.session_id is None:
        console.print("[yellow]No answers were recorded, so nothing was stored.[/]")
        return
    console.rule(f"Session {outcome.session_id} stored: {len(outcome.answers)} answers")
    if outcome.skipped:
        console.print(f"Skipped: {', '.join(outcome.skipped)}")
    compared = [r for r in outcome.answers if r.comparison is not None]
    if outcome.round_number == 2 and not compared:
        console.print("No round-1 answers to these questions yet, so there is nothing to compare with.")
    for result in compared:
        worse = [v.dimension for v in result.comparison.verdicts if v.status == "worse"]
        better = [v.dimension for v in result.comparison.verdicts if v.status == "better"]
        console.print(
            f"  {result.question.id}: "
            + (f"[red]worse: {', '.join(worse)}[/] " if worse else "")
            + (f"[green]better: {', '.join(better)}[/]" if better else "")
            + ("" if worse or better else "held steady")
        )
    if outcome.answers:
        from voice_coach.analysis import summarize_round
        from voice_coach.analysis.content import measure_length

        summary = summarize_round([(r.question.id, r.analysis, r.comparison) for r in outcome.answers])
        for line in summary.lines:
            console.print(f"[bold]·[/] {line}")
        length = measure_length([(r.question.id, r.recording.duration_s) for r in outcome.answers])
        console.print(f"[bold]·[/] Time answering: {length.total_s / 60:.1f} min, "
                      f"{length.mean_answer_s:.0f} s an answer on average.")
        for flag in length.flags:
            console.print(f"[bold]·[/] [yellow]{flag.message}[/]")
