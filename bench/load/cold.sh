#!/usr/bin/env bash
# Issue 19: "cold never slower than no cache". VerifyBatch (batches of 100, 8 in flight) on
# licences the server has never seen, in a process warmed by one cold pass over another pool,
# per algorithm (SM2-SM3 and RS256 licences), against the same build with no cache at all.
# Besides licences/s it reports the server's CPU time per licence (utime + stime from /proc
# around the measured pass): on a shared machine the rate follows the other processes' load,
# the CPU per licence much less.
#
#   bench/load/cold.sh                                  build here, then measure
#   N=4000 BASE_DLL=/path/Trust.Grpc.dll bench/load/cold.sh   also the miss runs against another
#                                                       server build (e.g. the commit before)
#   SERVER_DLL=... LOADGEN_DLL=...                      prebuilt server / load generator
# Configurations, each a fresh process: no cache (Trust:Cache:Enabled=false); L1 miss (in-process
# cache only); L1+Redis miss (a private redis-server, flushed before the measured pass).
# Writes $OUT (default bench/load/results)/cold-*.json and cold-cpu.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
OUT=${OUT:-$ROOT/bench/load/results}
N=${N:-4000}
BASE_DLL=${BASE_DLL:-}
WORK=$(mktemp -d /tmp/trust-cold.XXXXXX)
SPID=""
RPID=""
cleanup() {
  set +e
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null && wait "$SPID" 2>/dev/null
  [ -n "$RPID" ] && kill "$RPID" 2>/dev/null && wait "$RPID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
if [ -z "${SERVER_DLL:-}" ]; then
  dotnet build "$ROOT/src/Trust.Grpc/Trust.Grpc.csproj" -c Release -nologo -v q >"$WORK/build.log" 2>&1 || { tail -n 30 "$WORK/build.log"; exit 1; }
  SERVER_DLL="$ROOT/src/Trust.Grpc/bin/Release/net10.0/Trust.Grpc.dll"
fi
if [ -z "${LOADGEN_DLL:-}" ]; then
  dotnet build "$ROOT/bench/Trust.LoadGen/Trust.LoadGen.csproj" -c Release -nologo -v q >"$WORK/build-lg.log" 2>&1 || { tail -n 30 "$WORK/build-lg.log"; exit 1; }
  LOADGEN_DLL="$ROOT/bench/Trust.LoadGen/bin/Release/net10.0/Trust.LoadGen.dll"
fi
GRPC=$(free_port); WEB=$(free_port); REDIS_PORT=$(free_port)
TARGET="http://127.0.0.1:$GRPC"
start() { # DLL [options...]
  local dll=$1
  shift
  (cd "$WORK" && exec dotnet "$dll" "--Kestrel:Endpoints:Grpc:Url=$TARGET" "--Kestrel:Endpoints:Web:Url=http://127.0.0.1:$WEB" \
    "--Trust:Pki=$WORK/pki" "--Trust:Store=sqlite:$WORK/trust.db" --Trust:PkiDepartments=2 --Trust:PkiSeals=2 \
    --Logging:LogLevel:Default=Warning --Trust:Limits:RateLimitBurst=0 "$@" >"$WORK/server.log" 2>&1) &
  SPID=$!
  for _ in $(seq 1 600); do curl -fsS "http://127.0.0.1:$WEB/healthz" >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "cold.sh: server did not start"; tail -n 30 "$WORK/server.log"; exit 1
}
stop() { kill "$SPID"; wait "$SPID" 2>/dev/null || true; SPID=""; }
loadgen() { dotnet "$LOADGEN_DLL" "$@" --target "$TARGET" --pki "$WORK/pki"; }
verify() { loadgen verify --batch 100 --concurrency 8 --duration 60 --warmup 0 --single-pass "$@"; }
ticks() { awk '{ print $14 + $15 }' "/proc/$SPID/stat"; }

mkdir -p "$OUT"
start "$SERVER_DLL"
read -r SM2_DEPT RSA_DEPT < <(python3 - "$WORK/pki/pki.json" <<'PY'
import json, sys
deps = json.load(open(sys.argv[1]))["departments"]
print(next(d for d in deps if d["licence_issuer_algorithm"] == "SM2")["code"], next(d for d in deps if d["licence_issuer_algorithm"] == "RSA")["code"])
PY
)
for p in a b; do
  loadgen issue --department "$SM2_DEPT" --count "$N" --pool-file "$WORK/sm2-$p.bin" | tail -n 1
  loadgen issue --department "$RSA_DEPT" --count "$N" --pool-file "$WORK/rsa-$p.bin" | tail -n 1
done
stop
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
RPID=$!
printf '| scenario | licences | licences/s | server CPU s | server CPU µs per licence |\n| --- | ---: | ---: | ---: | ---: |\n' >"$OUT/cold-cpu.md"
run() { # NAME DLL [options...]
  local name=$1 dll=$2 alg before after file
  shift 2
  for alg in sm2 rsa; do
    start "$dll" "$@"
    verify --scenario warm-up --pool-file "$WORK/$alg-a.bin" --out "$WORK/warm.json" >"$WORK/warm.log" 2>&1 || { echo "cold.sh: warm-up failed ($name, $alg)"; tail -n 5 "$WORK/warm.log"; exit 1; }
    redis-cli -p "$REDIS_PORT" flushall >/dev/null
    file="$OUT/cold-$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-')-$alg.json"
    before=$(ticks)
    verify --scenario "${alg^^} cold, $name" --labels "algorithm=${alg^^}" --pool-file "$WORK/$alg-b.bin" --out "$file" --fail-on-errors >"$WORK/run.log" 2>&1 || { echo "cold.sh: run failed ($name, $alg)"; tail -n 5 "$WORK/run.log"; exit 1; }
    after=$(ticks)
    python3 - "$file" "$before" "$after" "$(getconf CLK_TCK)" "${alg^^} cold, $name" >>"$OUT/cold-cpu.md" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
cpu = (int(sys.argv[3]) - int(sys.argv[2])) / int(sys.argv[4])
print(f"| {sys.argv[5]} | {r['items']:,} | {r['items_per_second']:,.0f} | {cpu:.2f} | {cpu / r['items'] * 1e6:,.0f} |")
PY
    stop
  done
}
run "no cache" "$SERVER_DLL" --Trust:Cache:Redis= --Trust:Cache:Enabled=false --Trust:Sm2Engine=Fast
run "L1 miss" "$SERVER_DLL" --Trust:Cache:Redis= --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
[ -n "$BASE_DLL" ] && run "L1 miss, base build" "$BASE_DLL" --Trust:Cache:Redis= --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
run "L1+Redis miss" "$SERVER_DLL" "--Trust:Cache:Redis=127.0.0.1:$REDIS_PORT" --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
[ -n "$BASE_DLL" ] && run "L1+Redis miss, base build" "$BASE_DLL" "--Trust:Cache:Redis=127.0.0.1:$REDIS_PORT" --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $N licences per pool (a tenth of the measured pool is reserved by --single-pass); $(date -u '+%Y-%m-%d %H:%M UTC')." >>"$OUT/cold-cpu.md"
cat "$OUT/cold-cpu.md"
