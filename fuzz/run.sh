#!/usr/bin/env bash
# Fuzzes one target with afl-fuzz for a bounded time, then copies what it found into fuzz/findings/<target>/.
# Usage: fuzz/run.sh TARGET SECONDS     TARGET = licence | ses | qr | pdf
# Installs what it needs (afl++ from Debian, the SharpFuzz.CommandLine 2.3.0 dotnet tool), builds the harness,
# instruments Trust.Core.dll and Trust.Pdf.dll, makes the seed corpora (fuzz/make-seeds.sh) and runs
#   afl-fuzz -i <seeds> -o <out> -V SECONDS -t <ms> -- Trust.Fuzz TARGET
# Work files live in fuzz/work/ (ignored by git; FUZZ_WORK overrides). Run one afl-fuzz at a time on a shared machine.
# TRUST_FUZZ_STRICT=1 also counts exceptions the verifiers contained (see fuzz/Trust.Fuzz/Program.cs); its output and
# findings go to <target>-strict.
set -euo pipefail
if [[ $# -ne 2 ]] || [[ ! "$1" =~ ^(licence|ses|qr|pdf)$ ]] || [[ ! "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: fuzz/run.sh licence|ses|qr|pdf SECONDS" >&2
  exit 2
fi
target="$1" seconds="$2"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="${FUZZ_WORK:-$here/work}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && apt-get install -y -qq afl++ >/dev/null
fi
sharpfuzz="$work/tools/sharpfuzz"
if [[ ! -x "$sharpfuzz" ]]; then
  dotnet tool install --tool-path "$work/tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

# Build into a staging folder, copy to bin/ and instrument the copies (instrumenting twice is refused).
dotnet build "$here/Trust.Fuzz/Trust.Fuzz.csproj" -c Release -o "$work/build" -v q -nologo
rm -rf "$work/bin"
cp -r "$work/build" "$work/bin"
"$sharpfuzz" "$work/bin/Trust.Core.dll"
"$sharpfuzz" "$work/bin/Trust.Pdf.dll"

if [[ ! -d "$work/seeds/$target" ]] || [[ -z "$(ls -A "$work/seeds/$target")" ]]; then
  "$here/make-seeds.sh" "$work"
fi

case "$target" in pdf) timeout_ms=10000 ;; *) timeout_ms=5000 ;; esac
dict=()
[[ -f "$here/dict/$target.dict" ]] && dict=(-x "$here/dict/$target.dict")
name="$target"
[[ "${TRUST_FUZZ_STRICT:-0}" == 1 ]] && name="$target-strict"
out="$work/out/$name"
rm -rf "$out"
mkdir -p "$out"
echo "fuzz: $target for $seconds s (timeout ${timeout_ms} ms), output in $out"
set +e
AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
AFL_NO_UI=1 AFL_FORKSRV_INIT_TMOUT=120000 AFL_SHUFFLE_QUEUE=1 \
TRUST_FUZZ_ANCHORS="$work/anchors" \
  afl-fuzz -i "$work/seeds/$target" -o "$out" "${dict[@]}" -V "$seconds" -t "$timeout_ms" -m none -- "$work/bin/Trust.Fuzz" "$target"
status=$?
set -e

findings="$here/findings/$name"
mkdir -p "$findings"
copied=0
for kind in crashes hangs; do
  for f in "$out"/default/"$kind"/id*; do
    [[ -e "$f" ]] || continue
    cp "$f" "$findings/$kind-$(basename "$f" | tr ':,' '__')"
    copied=$((copied + 1))
  done
done
stats="$out/default/fuzzer_stats"
if [[ -f "$stats" ]]; then
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|stability|bitmap_cvg) ' "$stats" | tee "$findings/fuzzer_stats.txt"
fi
echo "fuzz: $target done (afl-fuzz exit $status), $copied finding(s) copied to $findings"
exit "$status"
