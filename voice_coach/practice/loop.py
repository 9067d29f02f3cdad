"""The practice loop: ask a question, listen, transcribe, give feedback, remember.

Everything with a side effect (where the voice comes from, where questions are
played, the model, the store, the screen) is handed in, so the same loop runs at a
real microphone, on replayed answer files, and on a virtual sound card in tests.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Protocol, Sequence


from voice_coach.analysis import (
    AnswerAnalysis,
    AnswerAnalyzer,
    Calibration,
    Comparison,
    analyze_answer,
    compare_answers,
    feedback_sentences,
)
from voice_coach.analysis.content import ContentAnalysis, analyze_content, feedback_lines
from voice_coach.audio.recorder import RecordedAnswer, record_answer
from voice_coach.audio.sources import AnswerSource
from voice_coach.audio.voice_activity import EndpointEvent, EndpointSettings
from voice_coach.practice.calibration import CALIBRATION_PROMPT, record_calibration
from voice_coach.practice.events import EventLog
from voice_coach.practice.interview_plan import PlannedQuestion
from voice_coach.practice.live_transcription import LiveTranscription
from voice_coach.practice.progress_summary import running_summary
from voice_coach.practice.voice_commands import CONFIRMATIONS, MAX_COMMAND_WORDS, Command, CommandMatcher
from voice_coach.questions import Question
from voice_coach.speech.transcriber import Transcriber
from voice_coach.speech.transcript import Transcript
from voice_coach.storage import SessionStore

log = logging.getLogger(__name__)


class QuestionSpeaker(Protocol):
    def say(self, text: str, *, voice: str | None = None) -> None:
        """Speak ``text`` (in ``voice``, default the coach's) and return when it has been heard (or shown)."""

    def stop(self) -> None:
        """Stop speaking now (or the reading about to start)."""

    def reset(self) -> None:
        """Allow speaking again after a stop."""


class PracticeView(Protocol):
    """What the candidate sees; the command line provides a rich terminal view."""

    def session_started(self, *, session_id: int, round_number: int, total: int) -> None: ...
    def question(self, *, index: int, total: int, item: PlannedQuestion, repeat: bool) -> None: ...
    def listening(self, *, elapsed_s: float, level_dbfs: float, speaking: bool) -> None: ...
    def listening_done(self) -> None: ...
    def transcribing(self) -> "object": ...  # a context manager (a spinner)
    def feedback(self, result: "AnswerResult") -> None: ...
    def notice(self, text: str) -> None: ...


FIRST_PHRASE_SLACK_S = 0.2  # word times drift a little past the phrase's voice-activity end
SHORT_UTTERANCE_S = 3.0  # speech this short may be a misheard command: hear it again with the commands in mind
FIRST_HEARING_CLOSENESS = 0.5  # and accept the command only if the first hearing was this close to it
PAUSE_LISTEN_S = 3600.0  # while paused, listen for "resume" this long per utterance


class Step(Enum):
    """Where the interview goes after a question."""

    NEXT = "next"
    AGAIN = "again"
    BACK = "back"
    STOP = "stop"


@dataclass(frozen=True)
class PracticeSettings:
    round_number: int = 1
    endpoint: EndpointSettings = EndpointSettings()
    speak_feedback: bool = True
    live_transcription: bool = True  # transcribe phrase by phrase while the answer is spoken
    barge_in: bool = False  # listen while the question is read; speaking stops the reading


@dataclass(frozen=True)
class AnswerResult:
    turn: int
    question: Question
    recording: RecordedAnswer
    transcript: Transcript
    analysis: AnswerAnalysis
    comparison: Comparison | None
    baseline_session_id: int | None
    spoken_feedback: tuple[str, ...]
    content: ContentAnalysis | None = None


@dataclass
class SessionOutcome:
    session_id: int | None
    round_number: int
    answers: list[AnswerResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    interrupted: bool = False
    input_ended: bool = False


class PracticeLoop:
    def __init__(
        self,
        *,
        plan: Sequence[PlannedQuestion],
        source: AnswerSource,
        speaker: QuestionSpeaker,
        transcriber: Transcriber,
        store: SessionStore,
        view: PracticeView,
        events: EventLog,
        settings: PracticeSettings,
        bank_name: str,
        session_settings: dict | None = None,
        end_answer_now: threading.Event | None = None,
        calibration_source: AnswerSource | None = None,
        baseline_session: int | None = None,
        commands: CommandMatcher | None = None,
    ) -> None:
        self.plan = list(plan)
        self.source = source
        self.speaker = speaker
        self.transcriber = transcriber
        self.store = store
        self.view = view
        self.events = events
        self.settings = settings
        self.bank_name = bank_name
        self.session_settings = session_settings or {}
        self.end_answer_now = end_answer_now or threading.Event()
        self.calibration_source = calibration_source
        self.calibration: Calibration | None = None
        self.baseline_session = baseline_session
        self.commands = commands or CommandMatcher.with_synonyms()
        self._turn = 0
        self._current: PlannedQuestion | None = None

    def run(self) -> SessionOutcome:
        session = self.store.start_session(
            round_number=self.settings.round_number, bank=self.bank_name, settings=self.session_settings,
        )
        outcome = SessionOutcome(session_id=session.id, round_number=self.settings.round_number)
        self.view.session_started(session_id=session.id, round_number=outcome.round_number, total=len(self.plan))
        status = "complete"
        try:
            if self.calibration_source is not None:
                self._calibrate(session.id)
            index = 0
            while index < len(self.plan):
                step = self._ask(session.id, index, self.plan[index], outcome)
                if step is Step.STOP or outcome.input_ended:
                    break
                index = max(0, index - 1) if step is Step.BACK else index if step is Step.AGAIN else index + 1
        except KeyboardInterrupt:
            outcome.interrupted = True
            status = "interrupted"
            raise
        finally:
            self.source.close()
            self.store.finish_session(session.id, status=status)
            if not outcome.answers and not outcome.interrupted:
                outcome.session_id = None  # the store drops a session with nothing in it
        return outcome

    def _calibrate(self, session_id: int) -> None:
        self.view.notice(CALIBRATION_PROMPT)
        self.speaker.say(CALIBRATION_PROMPT)
        path = self.store.new_recording_path(session_id, turn=1, question_id="calibration")
        self.calibration = record_calibration(
            self.calibration_source, path=path, endpoint=self.settings.endpoint, view=self.view)
        if self.calibration is not None:
            self.store.set_calibration(session_id, self.calibration.to_dict())
            self.events.emit("calibration_ready", question_id="calibration",
                             loudness_dbfs=round(self.calibration.loudness_dbfs, 2))

    def _next_turn(self) -> int:
        self._turn += 1
        return self._turn

    # One question: asked, and asked once more if nobody answers; a spoken command
    # instead of an answer steers the interview and is never stored.
    def _ask(self, session_id: int, index: int, item: PlannedQuestion, outcome: SessionOutcome) -> "Step":
        question = item.question
        self._current = item
        for attempt in range(2):
            repeat = attempt > 0
            turn = self._next_turn()
            path = self.store.new_recording_path(session_id, turn=turn, question_id=question.id)
            live = self._live_transcription(question)
            if self.settings.barge_in:
                recording = self._ask_with_barge_in(index + 1, item, path, live, repeat=repeat,
                                                    session_id=session_id, turn=turn)
            else:
                self._speak_question(index + 1, item, repeat=repeat)
                recording = self._record(path, question, new_turn=not repeat, session_id=session_id, turn=turn,
                                         live=live)
            if recording is None:
                if live is not None:
                    live.cancel()
                outcome.input_ended = True
                self.store.discard_recording(path)
                return Step.STOP
            if recording.heard_speech:
                transcript = self._transcribe(session_id, turn, question, recording, live)
                command = self._command_in(recording, transcript)
                if command is not None:
                    self.store.discard_recording(path)
                    return self._obey(command, question, outcome)
                self._evaluate(session_id, turn, question, recording, transcript, outcome,
                               analyzer=live.analyzer if live is not None else None)
                return Step.NEXT
            if live is not None:
                live.cancel()
            self.store.discard_recording(path)
            self.view.notice("I didn't hear an answer." + (" Let me ask again." if not repeat else ""))
        self.view.notice(f"Skipping: {question.text}")
        outcome.skipped.append(question.id)
        return Step.NEXT

    def _command_in(self, recording: RecordedAnswer, transcript: Transcript) -> Command | None:
        """A command said as the whole utterance, or as the first phrase right after the question."""
        if transcript.is_empty:
            return None
        whole = self.commands.match(transcript.text)
        if whole is not None:
            return whole
        if recording.speech_spans:
            first_phrase_end_s = recording.speech_spans[0][1] + FIRST_PHRASE_SLACK_S
            first_phrase = " ".join(w.text for w in transcript.words if w.start_s < first_phrase_end_s)
            command = self.commands.match(first_phrase)
            if command is not None:
                return command
        return self._command_heard_again(recording, transcript)

    def _command_heard_again(self, recording: RecordedAnswer, transcript: Transcript) -> Command | None:
        """A short utterance that was not heard as a command is decoded once more with the
        commands as context: the small model mishears short phrases ("stop in to mute").
        It counts only if the first hearing was already close to that command."""
        speech_s = sum(end - start for start, end in recording.speech_spans)
        if speech_s > SHORT_UTTERANCE_S or len(transcript.words) > MAX_COMMAND_WORDS:
            return None
        again = self.transcriber.transcribe(recording.audio, sample_rate=recording.sample_rate,
                                            context=self.commands.prompt())
        command = self.commands.match(again.text)
        if command is None or self.commands.closeness(transcript.text, command) < FIRST_HEARING_CLOSENESS:
            return None
        return command

    def _obey(self, command: Command, question: Question, outcome: SessionOutcome) -> "Step":
        self.events.emit("command", question_id=question.id, command=command.value)
        self.view.notice(f"(heard: {command.value})")
        if command is Command.STATUS:
            self._confirm(running_summary(outcome.answers))
            return Step.AGAIN
        self._confirm(CONFIRMATIONS[command])
        if command is Command.SKIP:
            outcome.skipped.append(question.id)
            return Step.NEXT
        if command is Command.BACK:
            return Step.BACK
        if command is Command.STOP:
            return Step.STOP
        if command is Command.PAUSE:
            return Step.AGAIN if self._wait_for_resume(question, outcome) else Step.STOP
        return Step.AGAIN  # repeat, or "resume" when nothing was paused

    def _wait_for_resume(self, question: Question, outcome: SessionOutcome) -> bool:
        """Paused: listen until "resume" (True) or "stop" (False); everything else is ignored."""
        waiting = replace(self.settings.endpoint, no_speech_timeout_s=PAUSE_LISTEN_S, max_answer_s=PAUSE_LISTEN_S)
        scratch = self.store.home / "paused.wav"
        while True:
            recording = record_answer(self.source, path=scratch, settings=waiting, new_turn=True,
                                      stop_requested=self.end_answer_now)
            scratch.unlink(missing_ok=True)
            if recording is None:
                outcome.input_ended = True
                return False
            if not recording.heard_speech:
                continue
            command = self.commands.match(self.transcriber.transcribe(recording.audio).text)
            if command is Command.RESUME:
                self.events.emit("command", question_id=question.id, command=command.value)
                self._confirm(CONFIRMATIONS[Command.RESUME])
                return True
            if command is Command.STOP:
                self.events.emit("command", question_id=question.id, command=command.value)
                self._confirm(CONFIRMATIONS[Command.STOP])
                return False

    def _confirm(self, sentence: str) -> None:
        if sentence:
            self.view.notice(sentence)
            self.speaker.say(sentence, voice=self._current_voice())

    def _current_voice(self) -> str | None:
        current = self._current
        return current.interviewer.voice if current is not None and current.interviewer else None

    def _speak_question(self, position: int, item: PlannedQuestion, *, repeat: bool) -> None:
        voice = item.interviewer.voice if item.interviewer else None
        if item.preface and not repeat:
            self.view.notice(item.preface)
            self.speaker.say(item.preface, voice=voice)
        self.view.question(index=position, total=len(self.plan), item=item, repeat=repeat)
        self.events.emit("question_start", question_id=item.question.id, turn=position, repeat=repeat,
                         interviewer=item.interviewer.name if item.interviewer else None, voice=voice)
        self.speaker.say(item.wording, voice=voice)
        self.events.emit("question_end", question_id=item.question.id, turn=position)

    def _ask_with_barge_in(self, position: int, item: PlannedQuestion, path, live, *, repeat: bool,
                           session_id: int, turn: int) -> RecordedAnswer | None:
        """Listen while the question is read: speaking over it stops the reading, and the
        answer has begun. (Best with headphones: without echo cancellation, loudspeakers
        would let the question's own sound cut it short.)"""
        reading = threading.Thread(target=self._speak_question, args=(position, item),
                                   kwargs={"repeat": repeat}, name="question-reading", daemon=True)

        def on_speech_start() -> None:
            if reading.is_alive():
                self.speaker.stop()
                self.events.emit("barge_in", question_id=item.question.id)

        reading.start()
        try:
            return self._record(path, item.question, new_turn=not repeat, session_id=session_id, turn=turn,
                                live=live, on_speech_start=on_speech_start)
        finally:
            reading.join()
            self.speaker.reset()

    def _live_transcription(self, question: Question) -> LiveTranscription | None:
        """Transcription and the audio-heavy analysis, both done piece by piece while the answer goes on."""
        if not self.settings.live_transcription:
            return None
        analyzer = AnswerAnalyzer(sample_rate=self.source.sample_rate, calibration=self.calibration,
                                  question_end_s=0.0)
        return LiveTranscription(
            self.transcriber, sample_rate=self.source.sample_rate,
            on_event=lambda kind, **fields: self.events.emit(kind, question_id=question.id, **fields),
            analyzer=analyzer,
        )

    def _record(self, path, question: Question, *, new_turn: bool, session_id: int, turn: int,
                live: LiveTranscription | None, on_speech_start=None) -> RecordedAnswer | None:
        def on_event(event: EndpointEvent) -> None:
            if on_speech_start is not None and event.kind == "speech_start":
                on_speech_start()
            fields = {"question_id": question.id, "audio_s": round(event.sample / self.source.sample_rate, 3)}
            if event.reason:
                fields["reason"] = event.reason
            self.events.emit(event.kind, **fields)
            if live is not None and event.kind == "speech_start":
                live.phrase_started(event.sample)
            if live is not None and event.kind == "speech_end":
                live.phrase_ended(event.sample)

        self.end_answer_now.clear()
        try:
            return record_answer(
                self.source, path=path, settings=self.settings.endpoint, new_turn=new_turn,
                on_progress=lambda elapsed, level, speaking: self.view.listening(
                    elapsed_s=elapsed, level_dbfs=level, speaking=speaking),
                on_event=on_event, on_block=live.add_block if live is not None else None,
                stop_requested=self.end_answer_now,
            )
        except KeyboardInterrupt:
            if live is not None:
                live.cancel()
            # What was said is on disk already; keep it, marked as interrupted.
            if path.exists() and path.stat().st_size > 44:
                self.store.add_answer(
                    session_id, turn=turn, question_id=question.id, question_text=question.text,
                    audio_path=path, duration_s=_wav_duration_s(path), transcript=None, analysis=None,
                    status="interrupted",
                )
            else:
                self.store.discard_recording(path)
            raise
        finally:
            self.view.listening_done()

    def _transcribe(self, session_id: int, turn: int, question: Question, recording: RecordedAnswer,
                    live: LiveTranscription | None) -> Transcript:
        try:
            with self.view.transcribing():
                if live is not None:
                    last_end_s = recording.speech_spans[-1][1] if recording.speech_spans else None
                    transcript = live.finish(last_speech_end_sample=None if last_end_s is None
                                             else int(last_end_s * recording.sample_rate))
                else:
                    transcript = self.transcriber.transcribe(recording.audio, sample_rate=recording.sample_rate)
        except KeyboardInterrupt:
            self.store.add_answer(
                session_id, turn=turn, question_id=question.id, question_text=question.text,
                audio_path=recording.path, duration_s=recording.duration_s, transcript=None, analysis=None,
                status="interrupted",
            )
            raise
        self.events.emit("transcript_ready", question_id=question.id, words=len(transcript.words))
        return transcript

    def _evaluate(self, session_id: int, turn: int, question: Question, recording: RecordedAnswer,
                  transcript: Transcript, outcome: SessionOutcome, *, analyzer: AnswerAnalyzer | None) -> None:
        if transcript.is_empty:
            self.store.discard_recording(recording.path)
            self.view.notice("I heard sound but no words; skipping this answer.")
            outcome.skipped.append(question.id)
            return
        if analyzer is not None:
            analysis = analyzer.finish(transcript)  # the signal work was done while recording
        else:
            analysis = analyze_answer(recording.audio, transcript, sample_rate=recording.sample_rate,
                                      calibration=self.calibration, question_end_s=0.0)
        baseline = None
        comparison = None
        if self.settings.round_number == 2:
            baseline = self._baseline_answer(question, session_id)
            if baseline is not None and baseline.analysis:
                comparison = compare_answers(analysis, AnswerAnalysis.from_dict(baseline.analysis))
        content, content_label = self._content(question, transcript, baseline, outcome)
        spoken = self._spoken_feedback(analysis, comparison, content, content_label)
        self.events.emit("feedback_ready", question_id=question.id)
        stored_analysis = analysis.to_dict()
        if comparison is not None:
            stored_analysis["comparison"] = comparison.to_dict()
        stored_analysis["content"] = content.to_dict()
        self.store.add_answer(
            session_id, turn=turn, question_id=question.id, question_text=question.text,
            audio_path=recording.path, duration_s=recording.duration_s, transcript=transcript,
            analysis=stored_analysis, baseline_answer_id=baseline.id if baseline is not None else None,
        )
        result = AnswerResult(
            turn=turn, question=question, recording=recording, transcript=transcript, analysis=analysis,
            comparison=comparison, baseline_session_id=baseline.session_id if baseline is not None else None,
            spoken_feedback=spoken, content=content,
        )
        outcome.answers.append(result)
        self.view.feedback(result)
        if self.settings.speak_feedback and spoken:
            self.speaker.say(" ".join(spoken))  # the coach's own voice, not an interviewer's

    def _content(self, question: Question, transcript: Transcript, baseline, outcome: SessionOutcome):
        """What the answer says, checked against the same story told before: an earlier
        answer to this question in this session (a panel asks again), else round 1."""
        earlier = [r for r in outcome.answers if r.question.id == question.id]
        if earlier:
            baseline_text, label = earlier[-1].transcript.text, "earlier"
        elif baseline is not None and baseline.transcript is not None:
            baseline_text, label = baseline.transcript.text, "in round 1"
        else:
            baseline_text, label = None, "in round 1"
        return analyze_content(transcript.text, question=question, baseline_text=baseline_text), label

    @staticmethod
    def _spoken_feedback(analysis, comparison, content, content_label: str) -> tuple[str, ...]:
        """One or two sentences: the most useful point about what was said, then about how."""
        about_content = feedback_lines(content, limit=1, baseline_label=content_label)
        about_delivery = feedback_sentences(analysis, comparison, limit=2 - len(about_content))
        return tuple(about_content + about_delivery)

    def _baseline_answer(self, question: Question, session_id: int):
        """The round-1 answer this one is judged against: the latest to the same question
        (its paraphrases share the id), or the one in the session named by --baseline."""
        if self.baseline_session is None:
            return self.store.latest_answer(
                [question.id], round_number=1, exclude_session=session_id, bank=self.bank_name)
        chosen = self.store.get_session(self.baseline_session)
        matches = [a for a in chosen.answers
                   if a.question_id == question.id and a.status == "answered" and a.analysis]
        return matches[-1] if matches else None


def _wav_duration_s(path) -> float:
    import soundfile

    try:
        info = soundfile.info(str(path))
        return info.frames / float(info.samplerate)
    except (RuntimeError, OSError):
        return 0.0
