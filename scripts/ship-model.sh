#!/usr/bin/env bash
# Copy a model directory written by `homeslm train` into the package as the shipped default model:
# only what the runtime and fine-tuning need (CTranslate2 int8 model, tokenizer, float16 weights, metadata).
#   scripts/ship-model.sh runs/default
set -euo pipefail
cd "$(dirname "$0")/.."
src="${1:?usage: scripts/ship-model.sh MODEL_DIR}"
dst=homeslm/models/default
mkdir -p "$dst"
for f in model.bin config.json shared_vocabulary.txt spm.model tokens.json homeslm.json weights.pt; do
  cp "$src/$f" "$dst/$f"
done
du -sh "$dst"
