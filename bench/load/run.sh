#!/usr/bin/env bash
# Load figures of issue 7 ("Figures" must-show): batch verification (VerifyBatch, batches of
# 100) against real server processes on loopback, with the load generator on the same cores.
#
#   bench/load/run.sh                 all scenarios: the mixed ones first, then cold/warm/L2/naive (about 10 minutes)
#   DURATION=5 POOL=20000 MIXED_LICENCES=5000 bench/load/run.sh    shorter
#   SCENARIOS=mixed bench/load/run.sh     only the mixed scenarios; SCENARIOS=classic only the ones below
#
# Mixed scenarios (issue 20), on the full development PKI (86 departments, 43 SM2 and 43 RSA, 160 seals):
#   mixed verify   a pool of $MIXED_LICENCES licences of all 149 types, each by a department of its kind (every issuing
#                  department, city and district), $MIXED_REVOKED revoked and $MIXED_EXPIRED expired; VerifyBatch of
#                  $BATCH with repeats drawn from a Zipf distribution, one fresh server process (L1 cache) per exponent
#                  in $MIXED_ZIPF; the server's signature-cache hit rate read from its /metrics/counters
#   mixed grants   grants for all 317 service items ($MIXED_HOLDERS holders each, their required licences issued
#                  first, 20 % single-use), CheckGrantBatch of 10, Zipf 1.0 repeats; used single-use grants must be denied
#   mixed seal     SealPdf + VerifyPdf rotating all 160 seals, PDFs of 10 KB to 20 MB, 10 % sealed by two departments
#
# Builds the server and bench/Trust.LoadGen once in Release, then for an SM2 and an RSA
# department of a fresh development PKI (temporary folder, SQLite store):
#   cold     fresh server process, every licence verified once (nothing cached yet); the first
#            seconds of a process include the JIT's work, so this is the start-up figure
#   cold, warmed process   the same process after the cold runs, on a second pool it has never
#            seen: every licence is still a cache miss, but the code is compiled (steady state)
#   warm-l1  the same process looping over $WARM_SET licences, after one unmeasured pass over
#            them (in-process cache warm)
#   l2       a server with Trust:Cache:L1=false and a private redis-server (Redis L2 only),
#            likewise after one unmeasured pass that fills Redis
#   naive    a server with Trust:Cache:Enabled=false and Trust:Sm2Engine=BouncyCastle, run exactly
#            as the cold runs: a fresh process, single pass, then the warmed process on the
#            second pool
# Per-client rate limiting is switched off (Trust:Limits:RateLimitBurst=0): one load generator
# is one client and would otherwise be throttled at the default 1,000 calls/s.
# Then, on the warm server, grant checks (CheckGrantBatch of 10) and PDF sealing (SM2, RSA seal).
# Writes bench/load/results/*.json, throughput.png, latency.png and results.md (or $OUT),
# prints where they went, exits non-zero when anything fails (a failed request included).
# The whole script is one block, read before it runs: editing the file during a run cannot break it.
{
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)

OUT=${OUT:-$ROOT/bench/load/results}
DURATION=${DURATION:-10}      # measured seconds per scenario
WARMUP=${WARMUP:-3}           # unmeasured seconds before each
POOL=${POOL:-40000}           # licences per algorithm, issued through the API (a cold pass uses each once)
COLD2_POOL=${COLD2_POOL:-40000}  # second SM2 pool, for the cold run on a warmed process
COLD_DURATION=${COLD_DURATION:-5}  # measured seconds of a cold run (a single pass must not run out of licences)
WARM_SET=${WARM_SET:-5000}    # licences the warm, L2 and naive runs loop over (cached by one unmeasured pass first)
BATCH=${BATCH:-100}
CONCURRENCY=${CONCURRENCY:-8}
OTHER_DURATION=${OTHER_DURATION:-5}  # measured seconds of the grant and seal runs
CPUS=${CPUS:-0,1}             # server and load generator share these cores (taskset)
SCENARIOS=${SCENARIOS:-all}   # all, mixed or classic
PKI_DEPARTMENTS=${PKI_DEPARTMENTS:-86}  # the development PKI of a whole city (the mixed scenarios need it)
PKI_SEALS=${PKI_SEALS:-160}
MIXED_LICENCES=${MIXED_LICENCES:-20000}  # licences in the mixed pool
MIXED_REVOKED=${MIXED_REVOKED:-0.02}
MIXED_EXPIRED=${MIXED_EXPIRED:-0.02}
MIXED_ZIPF=${MIXED_ZIPF:-0.8 1.0 1.2}
MIXED_DURATION=${MIXED_DURATION:-$DURATION}
MIXED_HOLDERS=${MIXED_HOLDERS:-2}      # holders per service item in the grant mix
MIXED_SEAL_DURATION=${MIXED_SEAL_DURATION:-20}  # the seal mix has requests of up to 20 MB: longer, for enough large ones
PROFILE=${PROFILE:-0}         # 1: a perf profile of the server during each mixed run (needs perf and root or perf_event_paranoid <= 1)
PROFILE_SECONDS=${PROFILE_SECONDS:-5}
# For perf to name .NET frames: a perf map of the JIT's code and no W^X double mapping (perf cannot read the map
# through the memfd alias). Precompiled (ReadyToRun) framework code stays unnamed ("unresolved .NET code"): turning it
# off would make the JIT itself a sixth of the profile of a young process.
PROFILE_ENV=()
if [ "$PROFILE" = 1 ]; then
  PROFILE_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
fi
case "$SCENARIOS" in all|mixed|classic) ;; *) echo "run.sh: SCENARIOS must be all, mixed or classic" >&2; exit 2 ;; esac
run_classic() { [ "$SCENARIOS" != mixed ]; }
run_mixed() { [ "$SCENARIOS" != classic ]; }

WORK=$(mktemp -d /tmp/trust-load.XXXXXX)
SERVER_PID=""
REDIS_PID=""

log() { printf '%s run.sh: %s\n' "$(date -u +%H:%M:%S)" "$*"; }

cleanup() {
  set +e
  stop_server
  if [ -n "$REDIS_PID" ]; then kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; fi
  [ -n "$PERF_PID" ] && kill "$PERF_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
  echo "run.sh: FAILED: $*" >&2
  for f in "$WORK"/*.log; do
    [ -f "$f" ] || continue
    echo "---- last lines of $(basename "$f")" >&2
    tail -n 30 "$f" >&2
  done
  exit 1
}

for tool in dotnet python3 curl redis-server; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
PIN=()
if command -v taskset >/dev/null && taskset -c "$CPUS" true 2>/dev/null; then
  PIN=(taskset -c "$CPUS")
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

log "building (Release)"
dotnet build "$ROOT/src/Trust.Grpc/Trust.Grpc.csproj" -c Release -nologo -v q >"$WORK/build-server.log" 2>&1 || fail "server build"
dotnet build "$ROOT/bench/Trust.LoadGen/Trust.LoadGen.csproj" -c Release -nologo -v q >"$WORK/build-loadgen.log" 2>&1 || fail "load generator build"
SERVER_DLL="$ROOT/src/Trust.Grpc/bin/Release/net10.0/Trust.Grpc.dll"
LOADGEN_DLL="$ROOT/bench/Trust.LoadGen/bin/Release/net10.0/Trust.LoadGen.dll"
[ -f "$SERVER_DLL" ] && [ -f "$LOADGEN_DLL" ] || fail "build output missing"

# start_server NAME [server options...]: a server process on free ports; sets TARGET.
start_server() {
  local name=$1
  shift
  local grpc web
  grpc=$(free_port)
  web=$(free_port)
  TARGET="http://127.0.0.1:$grpc"
  WEB_URL="http://127.0.0.1:$web"
  log "server '$name' on $TARGET $*"
  (cd "$WORK" && exec env DOTNET_ENVIRONMENT=Production "${PROFILE_ENV[@]}" "${PIN[@]}" dotnet "$SERVER_DLL" \
      "--Kestrel:Endpoints:Grpc:Url=$TARGET" \
      "--Kestrel:Endpoints:Web:Url=http://127.0.0.1:$web" \
      "--Trust:Pki=$WORK/pki" "--Trust:Store=sqlite:$WORK/trust.db" \
      "--Trust:PkiDepartments=$PKI_DEPARTMENTS" "--Trust:PkiSeals=$PKI_SEALS" \
      --Logging:LogLevel:Default=Warning --Trust:Limits:RateLimitBurst=0 \
      "$@") >"$WORK/server-$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if curl -fsS "http://127.0.0.1:$web/healthz" >/dev/null 2>&1; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || fail "server '$name' exited during start"
    sleep 0.2
  done
  fail "server '$name' did not answer /healthz within 120 s"
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    rm -f "/tmp/perf-$SERVER_PID.map" "/tmp/perfinfo-$SERVER_PID.map"
    SERVER_PID=""
  fi
}

# profile_mixed NAME LOG: with PROFILE=1, once the load generator's LOG says "measuring:", samples the server
# for PROFILE_SECONDS with perf and appends a row (CPU share by what it was spent on) to mixed-profile.md.
PERF_PID=""
profile_mixed() {
  [ "$PROFILE" = 1 ] || return 0
  local name=$1 log=$2 pid=$SERVER_PID
  (
    for _ in $(seq 1 6000); do grep -q '^measuring:' "$log" 2>/dev/null && break; sleep 0.1; done
    perf record -F 499 -p "$pid" -o "$WORK/perf-$name.data" -- sleep "$PROFILE_SECONDS" >"$WORK/perf-$name.log" 2>&1 || exit 0
    perf report -i "$WORK/perf-$name.data" --stdio --no-children --sort dso,sym >"$WORK/perf-$name.txt" 2>/dev/null || exit 0
    python3 "$ROOT/bench/load/profile_categories.py" "$name" "$WORK/perf-$name.txt" >>"$OUT/mixed-profile.md" 2>>"$OUT/mixed-profile-top.txt"
  ) &
  PERF_PID=$!
}
profile_wait() {
  if [ -n "$PERF_PID" ]; then wait "$PERF_PID" 2>/dev/null || true; PERF_PID=""; fi
}

# Calls carry a development admin token minted from the PKI folder (the server requires a caller).
loadgen() {
  "${PIN[@]}" dotnet "$LOADGEN_DLL" "$@" --target "$TARGET" --pki "$WORK/pki"
}

# verify_run FILE SCENARIO LABELS [loadgen options...]
verify_run() {
  local file=$1 scenario=$2 labels=$3
  shift 3
  loadgen verify --scenario "$scenario" --labels "$labels" --batch "$BATCH" --concurrency "$CONCURRENCY" \
    --duration "$DURATION" --warmup "$WARMUP" --out "$OUT/$file.json" --fail-on-errors "$@" \
    || fail "scenario '$scenario' (see its report $OUT/$file.json if written)"
}

mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.png "$OUT"/*.md "$OUT"/*.txt

# 1. A server creates the development PKI (department 0 is SM2, department 1 RSA; each
#    department's licence issuer has the department's algorithm, so the SM2 pool is SM2-SM3-signed
#    and the RSA pool RS256-signed, RSA-2048 under the RSA CA) and issues the licence pools.
start_server issue
read -r SM2_DEPT RSA_DEPT < <(python3 - "$WORK/pki/pki.json" <<'PY'
import json, sys
deps = json.load(open(sys.argv[1]))["departments"]
sm2 = next(d for d in deps if d["algorithm"] == "SM2")
rsa = next(d for d in deps if d["algorithm"] == "RSA")
# The labels "SM2" and "RSA" below must name the licence signatures, not only the CA.
for d, want in ((sm2, "SM2"), (rsa, "RSA")):
    if d["licence_issuer_algorithm"] != want:
        sys.exit(f"department {d['code']}: licence issuer is {d['licence_issuer_algorithm']}, expected {want}")
print(sm2["code"], rsa["code"])
PY
) || true
[ -n "$RSA_DEPT" ] || fail "the development PKI has no SM2 and RSA department with licence issuers of their own algorithm"
if run_mixed; then
  log "mixed pool: $MIXED_LICENCES licences over every type and issuing department"
  loadgen mixed-issue --licences "$MIXED_LICENCES" --revoked "$MIXED_REVOKED" --expired "$MIXED_EXPIRED" \
    --pool-file "$WORK/pool-mixed.bin" --issue-concurrency "$CONCURRENCY" | tee "$WORK/mixed-issue.log" || fail "issuing the mixed pool"
  read -r MIXED_TYPES MIXED_DEPTS < <(sed -n 's/^mixed pool: [0-9]* licences, \([0-9]*\) types, \([0-9]*\) departments$/\1 \2/p' "$WORK/mixed-issue.log")
  [ -n "${MIXED_DEPTS:-}" ] || fail "the mixed pool's coverage was not reported"
fi
if run_classic; then
  log "departments: SM2 $SM2_DEPT, RSA $RSA_DEPT; issuing $POOL licences each"
  loadgen issue --department "$SM2_DEPT" --count "$POOL" --pool-file "$WORK/pool-sm2.bin" || fail "issuing the SM2 pool"
  loadgen issue --department "$RSA_DEPT" --count "$POOL" --pool-file "$WORK/pool-rsa.bin" || fail "issuing the RSA pool"
  loadgen issue --department "$SM2_DEPT" --count "$COLD2_POOL" --pool-file "$WORK/pool-sm2-cold2.bin" || fail "issuing the second SM2 pool"
fi
stop_server

# The mixed scenarios: a fresh process per Zipf exponent (each starts with an empty cache), then grants and sealing.
MIXED_REPORTS=""
if run_mixed; then
  for z in $MIXED_ZIPF; do
    start_server "mixed-zipf$z" --Trust:Cache:Redis= --Trust:Cache:L1=true --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast --Trust:Otlp:Counters=true
    profile_mixed "verify-zipf$z" "$WORK/mixed-verify-zipf$z.out"
    loadgen mixed-verify --scenario "mixed verify, zipf $z" --labels "scenario=mixed,types=$MIXED_TYPES,departments=$MIXED_DEPTS,zipf=$z" \
      --pool-file "$WORK/pool-mixed.bin" --zipf "$z" --batch "$BATCH" --concurrency "$CONCURRENCY" --duration "$MIXED_DURATION" --warmup "$WARMUP" \
      --metrics "$WEB_URL" --out "$OUT/mixed-verify-zipf$z.json" --fail-on-errors | tee "$WORK/mixed-verify-zipf$z.out" || fail "mixed verify, zipf $z"
    profile_wait
    MIXED_REPORTS="$MIXED_REPORTS${MIXED_REPORTS:+,}$OUT/mixed-verify-zipf$z.json"
    stop_server
  done
  start_server mixed-other --Trust:Cache:Redis= --Trust:Cache:L1=true --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast --Trust:Otlp:Counters=true
  profile_mixed grants "$WORK/mixed-grants.out"
  loadgen mixed-grants --scenario "mixed grants, zipf 1.0" --labels "scenario=mixed-grants,service_items=317,zipf=1.0,single_use=0.2" \
    --holders "$MIXED_HOLDERS" --single-use 0.2 --zipf 1.0 --batch 10 --concurrency "$CONCURRENCY" --duration "$MIXED_DURATION" --warmup "$WARMUP" \
    --metrics "$WEB_URL" --out "$OUT/mixed-grants.json" --fail-on-errors | tee "$WORK/mixed-grants.out" || fail "mixed grants"
  profile_wait
  MIXED_REPORTS="$MIXED_REPORTS,$OUT/mixed-grants.json"
  # Sealing needs the sealer role (admins may not seal); its token is minted for every department.
  profile_mixed seal "$WORK/mixed-seal.out"
  "${PIN[@]}" dotnet "$LOADGEN_DLL" mixed-seal --target "$TARGET" --pki "$WORK/pki" --scenario "mixed seal, 10 KB-20 MB" \
    --labels "scenario=mixed-seal,seals=$PKI_SEALS,departments=$PKI_DEPARTMENTS,pdf=10KB-20MB" --reseal 0.1 \
    --concurrency 4 --duration "$MIXED_SEAL_DURATION" --warmup 2 --metrics "$WEB_URL" --out "$OUT/mixed-seal.json" --fail-on-errors | tee "$WORK/mixed-seal.out" || fail "mixed seal"
  profile_wait
  MIXED_REPORTS="$MIXED_REPORTS,$OUT/mixed-seal.json"
  stop_server
fi

if run_classic; then

# 2. Cold, then warm L1: in-process cache only; a fresh process has never seen the pools.
start_server l1 --Trust:Cache:Redis= --Trust:Cache:L1=true --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
DURATION_ALL=$DURATION
DURATION=$COLD_DURATION
verify_run sm2-cold "SM2 cold" algorithm=SM2,cache=cold --pool-file "$WORK/pool-sm2.bin" --single-pass
verify_run rsa-cold "RSA cold" algorithm=RSA,cache=cold --pool-file "$WORK/pool-rsa.bin" --single-pass
verify_run sm2-cold-warmed "SM2 cold, warmed process" algorithm=SM2,cache=cold,process=warmed --pool-file "$WORK/pool-sm2-cold2.bin" --single-pass
DURATION=$DURATION_ALL
verify_run sm2-warm-l1 "SM2 warm L1" algorithm=SM2,cache=l1 --pool-file "$WORK/pool-sm2.bin" --pool-limit "$WARM_SET" --prefill
verify_run rsa-warm-l1 "RSA warm L1" algorithm=RSA,cache=l1 --pool-file "$WORK/pool-rsa.bin" --pool-limit "$WARM_SET" --prefill
# The other operations, on the same server: grant checks (batches of 10) and PDF sealing.
loadgen grants --scenario "grant checks" --labels operation=grants --department "$RSA_DEPT" --holders 200 --batch 10 \
  --concurrency "$CONCURRENCY" --duration "$OTHER_DURATION" --warmup 1 --out "$OUT/other-grants.json" --fail-on-errors \
  || fail "grant checks"
loadgen seal --scenario "seal PDF SM2" --labels operation=seal,algorithm=SM2 --department "$SM2_DEPT" \
  --concurrency 4 --duration "$OTHER_DURATION" --warmup 1 --out "$OUT/other-seal-sm2.json" --fail-on-errors || fail "sealing (SM2)"
loadgen seal --scenario "seal PDF RSA" --labels operation=seal,algorithm=RSA --department "$RSA_DEPT" \
  --concurrency 4 --duration "$OTHER_DURATION" --warmup 1 --out "$OUT/other-seal-rsa.json" --fail-on-errors || fail "sealing (RSA)"
stop_server

# 3. Redis L2 only: a private redis-server; one unmeasured pass fills it.
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || fail "redis-server did not start"
start_server l2 "--Trust:Cache:Redis=127.0.0.1:$REDIS_PORT" --Trust:Cache:L1=false --Trust:Cache:Enabled=true --Trust:Sm2Engine=Fast
verify_run sm2-l2 "SM2 Redis L2" algorithm=SM2,cache=l2 --pool-file "$WORK/pool-sm2.bin" --pool-limit "$WARM_SET" --prefill
verify_run rsa-l2 "RSA Redis L2" algorithm=RSA,cache=l2 --pool-file "$WORK/pool-rsa.bin" --pool-limit "$WARM_SET" --prefill
stop_server
kill "$REDIS_PID" 2>/dev/null || true
wait "$REDIS_PID" 2>/dev/null || true
REDIS_PID=""

# 4. The naive baseline: no signature-result cache, BouncyCastle's SM2.
start_server naive --Trust:Cache:Redis= --Trust:Cache:Enabled=false --Trust:Sm2Engine=BouncyCastle
# Measured exactly as the cold runs (fresh process, then the warmed process on the second pool), so
# each cold figure has its baseline from the same point of a process's life.
DURATION=$COLD_DURATION
verify_run sm2-naive "SM2 naive (BC)" algorithm=SM2,cache=none,engine=BouncyCastle --pool-file "$WORK/pool-sm2.bin" --single-pass
verify_run rsa-naive "RSA naive" algorithm=RSA,cache=none --pool-file "$WORK/pool-rsa.bin" --single-pass
verify_run sm2-naive-warmed "SM2 naive (BC), warmed process" algorithm=SM2,cache=none,engine=BouncyCastle,process=warmed --pool-file "$WORK/pool-sm2-cold2.bin" --single-pass
DURATION=$DURATION_ALL
stop_server

fi

if run_classic; then
REPORTS=""
for name in sm2-cold sm2-cold-warmed sm2-warm-l1 sm2-l2 sm2-naive sm2-naive-warmed rsa-cold rsa-warm-l1 rsa-l2 rsa-naive; do
  REPORTS="$REPORTS${REPORTS:+,}$OUT/$name.json"
done
"${PIN[@]}" dotnet "$LOADGEN_DLL" chart --out-dir "$OUT" --reports "$REPORTS" \
  --title "VerifyBatch, batches of $BATCH" || fail "charts"
"${PIN[@]}" dotnet "$LOADGEN_DLL" chart --out-dir "$OUT" --prefix other- \
  --reports "$OUT/other-grants.json,$OUT/other-seal-sm2.json,$OUT/other-seal-rsa.json" \
  --title "Grant checks and PDF sealing" || fail "charts (other operations)"
{
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); pool $POOL licences per algorithm (and $COLD2_POOL more SM2 for the warmed-process cold run); cold runs $COLD_DURATION s, others $DURATION s measured after $WARMUP s warm-up; concurrency $CONCURRENCY; warm and L2 runs loop over $WARM_SET licences; naive runs as the cold ones."
  echo "SM2: department $SM2_DEPT (SM2 CA, SM2-SM3 licence signatures). RSA: department $RSA_DEPT (RSA CA, RSA-2048 licence issuer, RS256 licence signatures). Naive: no signature-result cache, BouncyCastle SM2 engine (BC)."
} >>"$OUT/results.md"
fi

if run_mixed; then
  "${PIN[@]}" dotnet "$LOADGEN_DLL" chart --out-dir "$OUT" --prefix mixed- --reports "$MIXED_REPORTS" \
    --title "Mixed load: $MIXED_TYPES types, $MIXED_DEPTS departments" || fail "charts (mixed)"
  {
    echo
    echo "Mixed pool: $MIXED_LICENCES licences of $MIXED_TYPES types from $MIXED_DEPTS issuing departments ($MIXED_REVOKED revoked, $MIXED_EXPIRED expired), verified in batches of $BATCH for $MIXED_DURATION s after $WARMUP s warm-up, one fresh server process (L1 cache) per Zipf exponent; grants for all 317 service items ($MIXED_HOLDERS holders each), CheckGrantBatch of 10; sealing rotates $PKI_SEALS seals of $PKI_DEPARTMENTS departments, PDFs of 10 KB to 20 MB (weights 60/25/10/4/1), 10 % sealed twice, for $MIXED_SEAL_DURATION s. Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  } >>"$OUT/mixed-results.md"
  if [ -s "$OUT/mixed-profile.md" ]; then
    {
      echo
      echo "Server CPU by what it was spent on (perf, $PROFILE_SECONDS s of each measured phase, self time by symbol):"
      echo
      echo "| run | signature checks | parsing | cache | store | gRPC / HTTP/2 | unresolved .NET code | runtime (GC, JIT, threads) | kernel (network, scheduling) | other |"
      echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
      cat "$OUT/mixed-profile.md"
    } >>"$OUT/mixed-results.md"
  fi
fi

# results.md leads with the mixed rows (the headline), then the cold and warm ones of the same run.
if run_mixed && run_classic; then
  mv "$OUT/results.md" "$OUT/classic-results.md"
  { echo "### Mixed (scenario=mixed...)"; echo; cat "$OUT/mixed-results.md"; echo; echo "### Cold and warm, one department each"; echo; cat "$OUT/classic-results.md"; } >"$OUT/results.md"
elif run_mixed; then
  cp "$OUT/mixed-results.md" "$OUT/results.md"
fi
cat "$OUT/results.md"
if run_classic; then
  echo
  cat "$OUT/other-results.md"
fi
log "results in $OUT (JSON per scenario; results.md; mixed-*.png, throughput.png, latency.png, other-*.png)"
exit 0
}
