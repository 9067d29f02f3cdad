"""The speech-engine options shared by every command that transcribes."""

from __future__ import annotations

import argparse


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=("faster-whisper", "openai-whisper"), default="faster-whisper",
                        help="speech-to-text engine (openai-whisper needs: pip install 'voice-coach[openai-whisper]')")
    parser.add_argument("--model", help="faster-whisper: a model folder (or a name, which needs the network); "
                                        "openai-whisper: a name or a CHECKPOINT.pt. Default: the bundled tiny.en")
    parser.add_argument("--no-verbatim", action="store_true",
                        help="transcribe as the model reads, without keeping fillers (um, uh)")


def transcriber_settings(args: argparse.Namespace):
    from voice_coach.speech.transcriber import TranscriberSettings

    return TranscriberSettings(model=args.model, engine=args.engine, keep_fillers=not args.no_verbatim)
