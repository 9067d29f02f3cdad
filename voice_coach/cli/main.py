"""``voice-coach``: the command line. Parses, dispatches, and turns errors into one line."""

from __future__ import annotations

import argparse
import logging
import sys
from enum import IntEnum

from rich.console import Console

from voice_coach import __version__
from voice_coach.errors import VoiceCoachError


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2  # what argparse uses for bad usage
    INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def build_parser() -> argparse.ArgumentParser:
    from voice_coach.cli import inspect_commands, practice_commands, report_commands

    parser = argparse.ArgumentParser(
        prog="voice-coach",
        description="Rehearse job-interview answers out loud: it asks, listens, transcribes on this "
        "computer, and tells you how you came across, round 2 against round 1.",
    )
    parser.add_argument("--version", action="version", version=f"voice-coach {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens, to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    practice_commands.register(commands)
    inspect_commands.register(commands)
    report_commands.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.DEBUG if args.debug else logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    console = Console(highlight=False)
    try:
        return int(args.run(args, console) or ExitStatus.OK)
    except VoiceCoachError as e:
        if args.debug:
            raise
        print(f"voice-coach: error: {e}", file=sys.stderr)
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("\nvoice-coach: interrupted; what was recorded so far is saved.", file=sys.stderr)
        return ExitStatus.INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
