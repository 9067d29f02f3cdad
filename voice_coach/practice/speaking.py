"""Ways of putting a question to the candidate: played aloud, rendered to a file, or shown."""

from __future__ import annotations

from typing import Callable

from voice_coach.audio.player import SpeakerPlayer
from voice_coach.tts.speaker import SpeechRenderer


class PlayedQuestions:
    """Renders with pyttsx3 (cached) and plays through the output device."""

    def __init__(self, renderer: SpeechRenderer, player: SpeakerPlayer) -> None:
        self.renderer = renderer
        self.player = player

    def say(self, text: str, *, voice: str | None = None) -> None:
        speech = self.renderer.render(text, voice=voice)
        self.player.play(speech.audio, sample_rate=speech.sample_rate)

    def stop(self) -> None:
        self.player.stop()

    def reset(self) -> None:
        self.player.reset()


class RenderedQuestions:
    """No output device (a headless machine): render to WAV and tell where it is."""

    def __init__(self, renderer: SpeechRenderer, announce: Callable[[str], None]) -> None:
        self.renderer = renderer
        self.announce = announce

    def say(self, text: str, *, voice: str | None = None) -> None:
        speech = self.renderer.render(text, voice=voice)
        self.announce(f"(spoken audio: {speech.path}, {speech.duration_s:.1f} s)")

    def stop(self) -> None:
        return None

    def reset(self) -> None:
        return None


class ShownQuestions:
    """--no-speak: the question is only printed (the view shows it already)."""

    def say(self, text: str, *, voice: str | None = None) -> None:
        return None

    def stop(self) -> None:
        return None

    def reset(self) -> None:
        return None
