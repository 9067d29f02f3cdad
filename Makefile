# Two commands matter: `make demo` (set up, then a whole two-round mock interview)
# and `make test` (set up, then the whole suite). Everything else is a step of those.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# espeak-ng: pyttsx3's Linux voice; libportaudio2: sounddevice; alsa-utils: the
# ALSA tools and config; libsndfile1: soundfile; chromium: the browser the report
# tests open the HTML report in (playwright drives it; no browser is downloaded).
SYSTEM_PACKAGES := espeak-ng libportaudio2 alsa-utils libsndfile1 chromium
INSTALLED := $(VENV)/.installed
# The second speech engine (torch from the local CPU wheel, about 1.7 GB): tests only.
INSTALLED_EXTRA := $(VENV)/.installed-openai-whisper

.PHONY: setup system-packages demo test practice fixtures benchmark screenshots clean

setup: $(INSTALLED)

system-packages:
	@scripts/install-system-packages.sh $(SYSTEM_PACKAGES)

$(INSTALLED): pyproject.toml scripts/install-system-packages.sh scripts/pip-install.sh | system-packages
	$(PYTHON) -m venv $(VENV)
	scripts/pip-install.sh $(BIN)/pip --quiet --upgrade pip
	scripts/pip-install.sh $(BIN)/pip --quiet -e '.[test]'
	touch $@

demo: setup
	$(BIN)/voice-coach demo

practice: setup
	$(BIN)/voice-coach practice

$(INSTALLED_EXTRA): $(INSTALLED)
	scripts/pip-install.sh $(BIN)/pip --quiet -e '.[test,openai-whisper]'
	touch $@

test: setup $(INSTALLED_EXTRA)
	$(BIN)/python -m pytest -q

screenshots: setup
	$(BIN)/python docs/make_screenshots.py

fixtures: setup
	$(BIN)/python audio_fixtures/generate.py

# Measurements, not tests (long: the live-latency run replays answers in real time).
benchmark: setup
	$(BIN)/python benchmarks/analysis_speed.py
	$(BIN)/python benchmarks/practice_latency.py
	$(BIN)/python benchmarks/eval_speech.py --speech-dir ../shared/speech
	$(BIN)/python benchmarks/latency.py

clean:
	rm -rf $(VENV) .pytest_cache
