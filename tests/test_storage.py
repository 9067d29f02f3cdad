"""The session store, on real SQLite files in a temporary data folder."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from voice_coach.errors import SessionNotFound, StorageError
from voice_coach.paths import PROJECT_ROOT
from voice_coach.speech.transcript import Transcript, Word
from voice_coach.storage import SCHEMA_VERSION, SessionStore
from voice_coach.storage.schema import MIGRATIONS, Migration, migrate

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=timezone.utc)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _transcript(*texts: str) -> Transcript:
    words = tuple(Word(text=t, start_s=0.5 * i, end_s=0.5 * i + 0.4, probability=0.9) for i, t in enumerate(texts))
    return Transcript(words=words, duration_s=0.5 * len(texts), language="en")


def _record(store: SessionStore, session_id: int, *, turn: int, question_id: str) -> Path:
    """What the recorder does: write a WAV at the path the store gives (0644 here, on purpose)."""
    path = store.new_recording_path(session_id, turn=turn, question_id=question_id)
    path.write_bytes(b"RIFF fake wav")
    path.chmod(0o644)
    return path


def _answer(store: SessionStore, session_id: int, *, turn: int, question_id: str, **overrides):
    if "audio_path" not in overrides:
        overrides["audio_path"] = _record(store, session_id, turn=turn, question_id=question_id)
    fields = dict(
        turn=turn,
        question_id=question_id,
        question_text=f"Question {question_id}?",
        duration_s=10.0 * turn,
        transcript=_transcript("I", "led", "the", "team"),
        analysis={"words_per_minute": 140.0, "fillers": 2},
    )
    fields.update(overrides)
    return store.add_answer(session_id, **fields)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(home: Path):
    with SessionStore.open(home) as opened:
        yield opened


def test_session_with_two_answers_round_trips(store: SessionStore, home: Path) -> None:
    session = store.start_session(round_number=1, bank="behavioural", settings={"model": "tiny.en"})
    first = _answer(store, session.id, turn=1, question_id="conflict",
                    transcript=_transcript("Um,", "we", "disagreed"), analysis={"fillers": 1})
    second = _answer(store, session.id, turn=2, question_id="failure", duration_s=12.25)
    store.set_calibration(session.id, {"loudness_dbfs": -23.5, "pitch_hz": 180.0})
    summary = store.finish_session(session.id)

    assert summary is not None and summary.answer_count == 2 and summary.duration_s == pytest.approx(22.25)
    detail = store.get_session(session.id)
    assert detail.answers == (first, second)
    assert detail.answers[0].transcript == _transcript("Um,", "we", "disagreed")
    assert detail.answers[0].transcript.words[0].text == "Um,"
    assert detail.answers[1].analysis == {"words_per_minute": 140.0, "fillers": 2}
    assert detail.answers[0].audio_path == home.resolve() / "recordings" / str(session.id) / "01-conflict.wav"
    assert detail.answers[0].audio_path.read_bytes() == b"RIFF fake wav"
    assert (detail.round_number, detail.bank, detail.status) == (1, "behavioural", "complete")
    assert detail.settings == {"model": "tiny.en"}
    assert detail.calibration == {"loudness_dbfs": -23.5, "pitch_hz": 180.0}
    assert detail.started_at <= detail.ended_at and detail.started_at.tzinfo is not None

    data = json.loads(json.dumps(detail.to_dict()))
    assert data["answers"][1]["transcript"]["text"] == "I led the team"
    listed = [s.to_dict() for s in store.list_sessions()]
    assert [(s["id"], s["round"], s["answers"], s["duration_s"]) for s in listed] == [(session.id, 1, 2, 22.25)]
    assert datetime.fromisoformat(listed[0]["started_at"]) == detail.started_at

    # The database keeps paths relative to the data folder, so the folder can move.
    with sqlite3.connect(home / "sessions.sqlite3") as raw:
        stored = [row[0] for row in raw.execute("SELECT audio_path FROM answers ORDER BY turn")]
    assert stored == [f"recordings/{session.id}/01-conflict.wav", f"recordings/{session.id}/02-failure.wav"]


def test_data_and_recordings_are_private(store: SessionStore, home: Path) -> None:
    session = store.start_session(round_number=1, bank="b")
    answer = _answer(store, session.id, turn=1, question_id="q1")

    assert _mode(home) == 0o700
    assert _mode(home / "recordings") == 0o700
    assert _mode(home / "recordings" / str(session.id)) == 0o700
    assert _mode(home / "sessions.sqlite3") == 0o600
    assert _mode(answer.audio_path) == 0o600


def test_store_opens_from_the_environment_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOICE_COACH_HOME", str(tmp_path / "env-home"))
    with SessionStore.open() as store:
        assert store.home == (tmp_path / "env-home").resolve()
        assert store.database_path.is_file()


def test_schema_version_is_recorded(store: SessionStore, home: Path) -> None:
    with sqlite3.connect(home / "sessions.sqlite3") as raw:
        versions = [row[0] for row in raw.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    assert SCHEMA_VERSION == MIGRATIONS[-1].version


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_a_version_1_database_migrates_once_when_migrations_are_added(home: Path) -> None:
    database = home / "sessions.sqlite3"
    with SessionStore.open(home) as store:
        session = store.start_session(round_number=1, bank="b")
    later = (*MIGRATIONS[:1], Migration(version=2, description="session notes",
                                        statements=("ALTER TABLE sessions ADD COLUMN note TEXT",)))

    connection = _connect(database)
    try:
        migrate(connection, path=database, migrations=MIGRATIONS[:1])  # already at 1: nothing to do
        assert migrate(connection, path=database, migrations=later) == 2
        assert migrate(connection, path=database, migrations=later) == 2
        versions = [row[0] for row in connection.execute("SELECT version FROM schema_version ORDER BY version")]
        rows = connection.execute("SELECT id, bank, note FROM sessions").fetchall()
    finally:
        connection.close()
    assert versions == [1, 2]
    assert rows == [(session.id, "b", None)]


def test_a_failing_migration_changes_nothing(home: Path) -> None:
    database = home / "sessions.sqlite3"
    SessionStore.open(home).close()
    broken = (*MIGRATIONS[:1], Migration(version=2, description="half good", statements=(
        "ALTER TABLE sessions ADD COLUMN note TEXT",
        "ALTER TABLE no_such_table ADD COLUMN x TEXT",
    )))
    connection = _connect(database)
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrate(connection, path=database, migrations=broken)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(sessions)")]
        versions = [row[0] for row in connection.execute("SELECT version FROM schema_version")]
    finally:
        connection.close()
    assert "note" not in columns and versions == [1]


def test_a_database_from_a_newer_voice_coach_is_refused(home: Path) -> None:
    database = home / "sessions.sqlite3"
    SessionStore.open(home).close()
    with sqlite3.connect(database) as raw:
        raw.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01T00:00:00+00:00')")
    raw.close()

    with pytest.raises(StorageError, match="upgrade voice-coach") as caught:
        SessionStore.open(home)
    assert str(database) in str(caught.value) and "99" in str(caught.value)


def test_latest_answer_is_the_newest_round_1_answer(store: SessionStore) -> None:
    older = store.start_session(round_number=1, bank="b")
    newer = store.start_session(round_number=1, bank="b")
    round_2 = store.start_session(round_number=2, bank="b")
    old_answer = _answer(store, older.id, turn=1, question_id="q1", asked_at=T0)
    new_answer = _answer(store, newer.id, turn=1, question_id="q1", asked_at=T0 + timedelta(days=1))
    # Newer still, but not usable as a baseline: no transcript, skipped, or round 2.
    _answer(store, newer.id, turn=2, question_id="q1", transcript=None, asked_at=T0 + timedelta(days=2))
    _answer(store, newer.id, turn=3, question_id="q1", status="skipped", audio_path=None, duration_s=0,
            asked_at=T0 + timedelta(days=2))
    round_2_answer = _answer(store, round_2.id, turn=1, question_id="q1", asked_at=T0 + timedelta(days=3),
                             baseline_answer_id=new_answer.id)

    assert store.latest_answer(["q1"]) == new_answer
    assert store.latest_answer(["other", "q1"], round_number=1) == new_answer
    assert store.latest_answer("q1") == new_answer  # one id as a plain string
    assert store.latest_answer(["q1"], exclude_session=newer.id) == old_answer
    assert store.latest_answer(["q1"], round_number=2) == round_2_answer
    assert store.latest_answer(["q1"], round_number=2, exclude_session=round_2.id) is None
    assert store.latest_answer(["unknown"]) is None
    assert store.latest_answer([]) is None
    assert store.get_answer(round_2_answer.baseline_answer_id) == new_answer


def test_deleting_a_round_1_session_unlinks_its_round_2_comparisons(store: SessionStore, home: Path) -> None:
    first = store.start_session(round_number=1, bank="b")
    baseline = _answer(store, first.id, turn=1, question_id="q1")
    second = store.start_session(round_number=2, bank="b")
    _answer(store, second.id, turn=1, question_id="q1", baseline_answer_id=baseline.id)

    store.delete_session(first.id)

    assert not (home / "recordings" / str(first.id)).exists()
    assert store.get_session(second.id).answers[0].baseline_answer_id is None
    assert [s.id for s in store.list_sessions()] == [second.id]


def test_unknown_session_raises_session_not_found(store: SessionStore) -> None:
    with pytest.raises(SessionNotFound, match=r"^no session 7; `voice-coach sessions` lists them$"):
        store.get_session(7)
    with pytest.raises(SessionNotFound):
        store.finish_session(7)
    with pytest.raises(SessionNotFound):
        store.new_recording_path(7, turn=1, question_id="q1")
    with pytest.raises(SessionNotFound):
        store.set_calibration(7, {"pitch_hz": 120.0})


def test_a_session_finished_without_answers_is_deleted(store: SessionStore, home: Path) -> None:
    session = store.start_session(round_number=1, bank="b")
    silent = _record(store, session.id, turn=1, question_id="q1")
    store.discard_recording(silent)
    assert not silent.exists()
    stray = _record(store, session.id, turn=2, question_id="q2")  # never stored
    store.add_answer(session.id, turn=3, question_id="q3", question_text="?", audio_path=None,
                     duration_s=0, transcript=None, analysis=None, status="skipped")

    assert store.finish_session(session.id, status="interrupted") is None

    assert store.list_sessions() == []
    assert not stray.exists() and not (home / "recordings" / str(session.id)).exists()
    with pytest.raises(SessionNotFound):
        store.get_session(session.id)


def test_finishing_removes_recordings_no_answer_kept(store: SessionStore) -> None:
    session = store.start_session(round_number=1, bank="b")
    kept = _answer(store, session.id, turn=1, question_id="q1")
    stray = _record(store, session.id, turn=2, question_id="q2")

    summary = store.finish_session(session.id, status="interrupted")

    assert summary is not None and summary.status == "interrupted" and summary.ended_at is not None
    assert kept.audio_path.exists() and not stray.exists()


def test_answers_are_checked_before_anything_is_stored(store: SessionStore, tmp_path: Path) -> None:
    session = store.start_session(round_number=1, bank="b")
    _answer(store, session.id, turn=1, question_id="q1")
    with pytest.raises(StorageError, match="already has an answer for turn 1"):
        _answer(store, session.id, turn=1, question_id="q2")
    with pytest.raises(StorageError, match="no answer 999 to use as the baseline"):
        _answer(store, session.id, turn=2, question_id="q2", baseline_answer_id=999)
    outside = tmp_path / "elsewhere.wav"
    outside.write_bytes(b"RIFF")
    with pytest.raises(ValueError, match="outside the data folder"):
        _answer(store, session.id, turn=3, question_id="q3", audio_path=outside)
    missing = store.new_recording_path(session.id, turn=4, question_id="q4")
    with pytest.raises(StorageError, match="does not exist"):
        _answer(store, session.id, turn=4, question_id="q4", audio_path=missing)
    with pytest.raises(ValueError, match="turn must be"):
        store.new_recording_path(session.id, turn=0, question_id="q5")
    with pytest.raises(ValueError, match="round_number must be 1 or 2"):
        store.start_session(round_number=3, bank="b")
    assert len(store.get_session(session.id).answers) == 1


def test_question_ids_cannot_leave_the_recordings_folder(store: SessionStore, home: Path) -> None:
    session = store.start_session(round_number=1, bank="b")
    path = store.new_recording_path(session.id, turn=3, question_id="../../escape/me")
    assert path.parent == home.resolve() / "recordings" / str(session.id)
    assert path.name.startswith("03-") and path.suffix == ".wav"


def test_a_file_that_is_not_sqlite_is_named_in_the_error(home: Path) -> None:
    home.mkdir()
    database = home / "sessions.sqlite3"
    database.write_bytes(b"these are my notes, not a database\n" * 200)

    with pytest.raises(StorageError) as caught:
        SessionStore.open(home)
    message = str(caught.value)
    assert str(database) in message and "not a voice-coach session database" in message
    assert "\n" not in message and isinstance(caught.value.__cause__, sqlite3.DatabaseError)


def test_another_programs_sqlite_database_is_left_alone(home: Path) -> None:
    home.mkdir()
    with sqlite3.connect(home / "sessions.sqlite3") as raw:
        raw.execute("CREATE TABLE recipes (name TEXT)")
    raw.close()
    with pytest.raises(StorageError, match="not a voice-coach one"):
        SessionStore.open(home)


def test_a_file_where_the_data_folder_should_be(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match=r"^could not open the session store: .*data") as caught:
        SessionStore.open(blocker)
    assert isinstance(caught.value.__cause__, OSError)


def test_a_data_folder_that_cannot_be_made_gives_storage_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write into read-only folders, so there is nothing to refuse")
    parent = tmp_path / "locked"
    parent.mkdir(mode=0o500)
    try:
        with pytest.raises(StorageError) as caught:
            SessionStore.open(parent / "data")
    finally:
        parent.chmod(0o700)
    assert str(caught.value) == (
        f"could not open the session store: permission denied ({parent / 'data'}); make the folder writable for you"
    )


_FILL_THE_DISK = textwrap.dedent(
    """
    import sys
    from voice_coach.errors import StorageError
    from voice_coach.storage import SessionStore

    with SessionStore.open(sys.argv[1]) as store:
        kept = []
        try:
            for n in range(10_000):
                kept.append(store.start_session(round_number=1, bank="b", settings={"pad": "x" * 20_000}).id)
        except StorageError as e:
            print(e)
            print(len(kept) > 0 and [s.id for s in store.list_sessions()] == kept)
        else:
            print("the disk never filled")
    """
)


def test_a_full_disk_gives_one_line_storage_error(tmp_path: Path) -> None:
    """Fill a real 256 KiB tmpfs, mounted in a private mount namespace of a child process."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) to mount a small tmpfs")
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    script = (
        'mount -t tmpfs -o size=256k,mode=0700 tmpfs "$1" 2>/dev/null || exit 77; '
        'exec "$2" -c "$3" "$1/data"'
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh",
         str(mount_point), sys.executable, _FILL_THE_DISK],
        capture_output=True, text=True, timeout=60, env=env,
    )
    if result.returncode == 77 or "unshare failed" in result.stderr or "Operation not permitted" in result.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    message, intact = result.stdout.splitlines()
    assert message == (
        f"could not start the session: disk full ({mount_point}/data/sessions.sqlite3); "
        "free some space and try again"
    )
    assert intact == "True"  # the sessions saved before the disk filled are still there
