#!/usr/bin/env bash
# The test command: installs what the tests need (Debian packages, as root), starts the
# services on loopback ports for this run, runs `dotnet test` for the whole solution,
# stops the services and prints one summary line. Fails loudly.
#   ./test.sh                 everything
#   ./test.sh --filter X      passes the filter to dotnet test
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

PACKAGES=(openssl softhsm2 opensc redis-server postgresql poppler-utils qpdf ghostscript librsvg2-bin imagemagick libnss3-tools time chromium fonts-noto-cjk fonts-wqy-microhei unzip xxd mupdf-tools libreoffice-writer-nogui)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test.sh: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
  echo "test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

RUN_DIR=$(mktemp -d /tmp/trust-test.XXXXXX)
chmod 755 "$RUN_DIR"
REDIS_PORT=${TRUST_TEST_REDIS_PORT:-6391}
PG_PORT=${TRUST_TEST_PG_PORT:-5441}

cleanup() {
  set +e
  [ -f "$RUN_DIR/redis.pid" ] && kill "$(cat "$RUN_DIR/redis.pid")" 2>/dev/null
  if [ -d "$RUN_DIR/pg" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$RUN_DIR/pg" -m immediate stop >/dev/null 2>&1
  fi
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

# Redis on loopback, no persistence.
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  --daemonize yes --pidfile "$RUN_DIR/redis.pid" --logfile "$RUN_DIR/redis.log" --dir "$RUN_DIR"
export TRUST_TEST_REDIS="127.0.0.1:$REDIS_PORT"
export TRUST_TEST_REDIS_PORT="$REDIS_PORT"

# PostgreSQL: a throwaway cluster in the run directory (initdb refuses root, so as postgres).
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
chown postgres "$RUN_DIR"
runuser -u postgres -- "$PG_BIN/initdb" -D "$RUN_DIR/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$RUN_DIR/pg" -l "$RUN_DIR/pg.log" -w \
  -o "-p $PG_PORT -k $RUN_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
export TRUST_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export TRUST_TEST_PG_BIN="$PG_BIN"
export TRUST_TEST_CHROMIUM=/usr/bin/chromium

for i in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# Every process of this run inherits this marker, so the check below finds what the run left behind.
export TRUST_TEST_RUN_ID="trust-test-$$-$(date +%s%N)"

# The Trust.Grpc / trust / Trust.LoadGen processes started by this run that are still alive (pid and command line).
run_leftovers() {
  local environ pid cmd text
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    [ "$pid" = "$$" ] && continue
    text=$( { tr '\0' '\n' < "$environ"; } 2>/dev/null ) || continue
    grep -qxF "TRUST_TEST_RUN_ID=$TRUST_TEST_RUN_ID" <<< "$text" || continue
    cmd=$( { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null ) || continue
    case "$cmd" in
      *Trust.Grpc.dll*|*trust.dll*|*Trust.LoadGen.dll*) echo "$pid $cmd" ;;
    esac
  done
}

LOG="$RUN_DIR/dotnet-test.log"
set +e
dotnet test "$ROOT/Trust.sln" -c Release "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

# No server may outlive the run: fixtures kill their children on dispose and on test-host exit, and the servers
# exit when their stdin closes. Allow them 10 s to go, then kill what is left and fail loudly.
leftovers=""
for i in $(seq 1 20); do
  leftovers=$(run_leftovers)
  [ -z "$leftovers" ] && break
  sleep 0.5
done
if [ -n "$leftovers" ]; then
  echo "test.sh: processes started by this run are still alive after dotnet test (killing them):" >&2
  echo "$leftovers" | sed 's/^/  /' >&2
  echo "$leftovers" | awk '{print $1}' | xargs -r kill -9 2>/dev/null || true
  exit 1
fi

passed=$(grep -oE 'Passed: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$LOG" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ]; then
  echo "test.sh: dotnet test failed (exit $status)" >&2
  exit "$status"
fi
if [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
