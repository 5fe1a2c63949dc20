#!/usr/bin/env bash
# Issue 19: "cold never slower than no cache". The cache-miss path against no cache at all, per
# algorithm, in one run: VerifyBatch (batches of 100) on licences the server has never seen, in a
# process warmed by one unmeasured cold pass over another pool (steady state, code compiled).
#
#   bench/load/cold.sh                       (about 3-4 minutes on an idle machine)
#   SERVER_DLL=/path/Trust.Grpc.dll LOADGEN_DLL=/path/Trust.LoadGen.dll bench/load/cold.sh   prebuilt
#   BASE_DLL=/path/Trust.Grpc.dll bench/load/cold.sh   also the same cold runs against another build
#                                                      of the server (e.g. the commit before, as "base")
#
# Server configurations, each a fresh process (the load generator shares the cores, taskset):
#   l1     Trust:Cache:Redis= (in-process cache only): what run.sh calls "cold, warmed process"
#   l1+l2  a private redis-server as L2, flushed before the measured pass (every licence misses
#          both levels; valid checks are written to Redis behind the responses)
#   none   Trust:Cache:Enabled=false, the same (Fast) SM2 engine: the baseline of the target
# Writes bench/load/results/cold-*.json, cold-results.md and cold-cpu.md (server CPU time per licence,
# from /proc: the figure that holds on a shared machine) (or $OUT).
{
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${OUT:-$ROOT/bench/load/results}
DURATION=${DURATION:-4}
POOL=${POOL:-30000}
BATCH=${BATCH:-100}
CONCURRENCY=${CONCURRENCY:-8}
CPUS=${CPUS:-0,1}
BASE_DLL=${BASE_DLL:-}

WORK=$(mktemp -d /tmp/trust-cold.XXXXXX)
SERVER_PID=""
REDIS_PID=""
log() { printf '%s cold.sh: %s\n' "$(date -u +%H:%M:%S)" "$*"; }
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
cleanup() {
  set +e
  stop_server
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "cold.sh: FAILED: $*" >&2
  for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "---- $(basename "$f")" >&2; tail -n 30 "$f" >&2; }; done
  exit 1
}
PIN=()
if command -v taskset >/dev/null && taskset -c "$CPUS" true 2>/dev/null; then PIN=(taskset -c "$CPUS"); fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# SERVER_DLL / LOADGEN_DLL: use these builds instead of building here.
if [ -z "${SERVER_DLL:-}" ]; then
  log "building the server (Release)"
  dotnet build "$ROOT/src/Trust.Grpc/Trust.Grpc.csproj" -c Release -nologo -v q >"$WORK/build-server.log" 2>&1 || fail "server build"
  SERVER_DLL="$ROOT/src/Trust.Grpc/bin/Release/net10.0/Trust.Grpc.dll"
fi
if [ -z "${LOADGEN_DLL:-}" ]; then
  log "building the load generator (Release)"
  dotnet build "$ROOT/bench/Trust.LoadGen/Trust.LoadGen.csproj" -c Release -nologo -v q >"$WORK/build-loadgen.log" 2>&1 || fail "load generator build"
  LOADGEN_DLL="$ROOT/bench/Trust.LoadGen/bin/Release/net10.0/Trust.LoadGen.dll"
fi

# start_server NAME DLL [options...]
start_server() {
  local name=$1 dll=$2
  shift 2
  local grpc web
  grpc=$(free_port); web=$(free_port)
  TARGET="http://127.0.0.1:$grpc"
  log "server '$name' on $TARGET $*"
  (cd "$WORK" && exec env DOTNET_ENVIRONMENT=Production "${PIN[@]}" dotnet "$dll" \
      "--Kestrel:Endpoints:Grpc:Url=$TARGET" "--Kestrel:Endpoints:Web:Url=http://127.0.0.1:$web" \
      "--Trust:Pki=$WORK/pki" "--Trust:Store=sqlite:$WORK/trust.db" --Trust:PkiDepartments=2 --Trust:PkiSeals=2 \
      --Logging:LogLevel:Default=Warning --Trust:Limits:RateLimitBurst=0 "$@") >"$WORK/server-$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$web/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || fail "server '$name' exited during start"
    sleep 0.2
  done
  fail "server '$name' did not answer /healthz"
}
# utime + stime of the server process, in clock ticks.
server_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
loadgen() { "${PIN[@]}" dotnet "$LOADGEN_DLL" "$@" --target "$TARGET" --pki "$WORK/pki"; }
# cold_pair NAME LABEL ALG: an unmeasured cold pass over pool A (warms the process), then the measured one over pool B.
cold_pair() {
  local name=$1 label=$2 alg=$3 lower
  lower=$(echo "$alg" | tr 'A-Z' 'a-z')
  loadgen verify --scenario "warm-up" --labels "x=y" --batch "$BATCH" --concurrency "$CONCURRENCY" --duration 3 --warmup 0 \
    --pool-file "$WORK/pool-$lower-a.bin" --single-pass --out "$WORK/warmup-$name-$lower.json" >"$WORK/warmup-$name-$lower.log" 2>&1 \
    || fail "warm-up $name $alg: $(tail -n 5 "$WORK/warmup-$name-$lower.log")"
  if [ -n "${REDIS_PORT:-}" ]; then redis-cli -p "$REDIS_PORT" flushall >/dev/null; fi
  local before after
  before=$(server_cpu_ticks)
  loadgen verify --scenario "$alg cold, $label" --labels "algorithm=$alg,cache=$name" --batch "$BATCH" --concurrency "$CONCURRENCY" \
    --duration "$DURATION" --warmup 0 --pool-file "$WORK/pool-$lower-b.bin" --single-pass --out "$OUT/cold-$name-$lower.json" --fail-on-errors \
    || fail "cold $name $alg"
  after=$(server_cpu_ticks)
  # Server CPU per licence: robust on a shared machine, where licences/s depends on what else runs.
  python3 - "$OUT/cold-$name-$lower.json" "$before" "$after" "$(getconf CLK_TCK)" "$alg cold, $label" >>"$OUT/cold-cpu.md" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
ticks = int(sys.argv[3]) - int(sys.argv[2])
cpu = ticks / int(sys.argv[4])
items = report["items"]
print(f"| {sys.argv[5]} | {items:,} | {report['items_per_second']:,.0f} | {cpu:.2f} | {cpu / items * 1e6:,.1f} |")
PY
  REPORTS="$REPORTS${REPORTS:+,}$OUT/cold-$name-$lower.json"
}

mkdir -p "$OUT"
rm -f "$OUT"/cold-*
printf '| scenario | licences | licences/s | server CPU s | server CPU µs per licence |\n| --- | ---: | ---: | ---: | ---: |\n' >"$OUT/cold-cpu.md"
REPORTS=""
start_server issue "$SERVER_DLL"
read -r SM2_DEPT RSA_DEPT < <(python3 - "$WORK/pki/pki.json" <<'PY'
import json, sys
deps = json.load(open(sys.argv[1]))["departments"]
print(next(d for d in deps if d["licence_issuer_algorithm"] == "SM2")["code"], next(d for d in deps if d["licence_issuer_algorithm"] == "RSA")["code"])
PY
)
log "issuing 4 x $POOL licences (SM2 $SM2_DEPT, RSA $RSA_DEPT)"
for p in a b; do
  loadgen issue --department "$SM2_DEPT" --count "$POOL" --pool-file "$WORK/pool-sm2-$p.bin" || fail "issuing"
  loadgen issue --department "$RSA_DEPT" --count "$POOL" --pool-file "$WORK/pool-rsa-$p.bin" || fail "issuing"
done
stop_server

for alg in SM2 RSA; do
  start_server "none-$alg" "$SERVER_DLL" --Trust:Cache:Redis= --Trust:Cache:Enabled=false --Trust:Sm2Engine=Fast
  cold_pair none "no cache" "$alg"
  stop_server
  start_server "l1-$alg" "$SERVER_DLL" --Trust:Cache:Redis= --Trust:Cache:L1=true --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
  cold_pair l1 "L1 miss" "$alg"
  stop_server
  if [ -n "$BASE_DLL" ]; then
    start_server "base-$alg" "$BASE_DLL" --Trust:Cache:Redis= --Trust:Cache:L1=true --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
    cold_pair base-l1 "L1 miss, base build" "$alg"
    stop_server
  fi
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  start_server "l2-$alg" "$SERVER_DLL" "--Trust:Cache:Redis=127.0.0.1:$REDIS_PORT" --Trust:Cache:L1=true --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
  cold_pair l1l2 "L1+Redis miss" "$alg"
  stop_server
  kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=""; unset REDIS_PORT
done

"${PIN[@]}" dotnet "$LOADGEN_DLL" chart --out-dir "$OUT" --prefix cold- --reports "$REPORTS" --title "Cold VerifyBatch (never-seen licences), batches of $BATCH" || fail "charts"
echo >>"$OUT/cold-results.md"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $POOL licences per pool; measured $DURATION s per run after 1 s; concurrency $CONCURRENCY; $(date -u '+%Y-%m-%d %H:%M UTC')." >>"$OUT/cold-results.md"
cat "$OUT/cold-results.md"
echo
cat "$OUT/cold-cpu.md"
exit 0
}
