#!/usr/bin/env bash
# After a union merge of PublicAPI.*.txt files: drop duplicate lines, keep '#nullable enable' first.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in src/*/PublicAPI.*.txt; do
  { echo '#nullable enable'; { grep -v '^#nullable enable$' "$f" || true; } | { grep -v '^$' || true; } | LC_ALL=C sort -u; } > "$f.tmp" && mv "$f.tmp" "$f"
done
