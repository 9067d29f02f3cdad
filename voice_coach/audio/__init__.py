"""Audio in and out: files, microphone, speaker and voice activity."""

SAMPLE_RATE = 16_000  # Hz; what Whisper and the Silero VAD expect
