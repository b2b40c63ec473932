#!/usr/bin/env bash
# Generator efficiency: requests per generator-CPU-second of wrk and of `stampede attack` against a
# local nginx, in interleaved rounds. At 50 connections a one-core nginx is itself near saturation,
# so req/s mostly measures nginx; CPU spent per request is the fair comparison (docs/performance.md).
#
# Layout: nginx (1 worker) pinned to CPU $SERVER_CPU, each generator pinned to CPU $GEN_CPU, never
# both generators at once. Rounds alternate which generator goes first, so drift in machine speed
# hits both alike; the ratio is computed per round, then the median is taken.
#
# Environment (defaults in brackets):
#   PORT [18080]  DURATION [10s]  CONNECTIONS [50]  ROUNDS [3]
#   GEN_CPU [0]  SERVER_CPU [1]
#   STAMPEDE_SKIP [0]   1 = measure wrk only (no build, no stampede runs)
#   STAMPEDE_BIN []     an already built stampede executable; otherwise src/Stampede.Cli is published
#                       for this machine's runtime (ready-to-run)
#   TRANSPORT [auto]    stampede's HTTP client: auto, fast (its own HTTP/1.1 client) or handler (SocketsHttpHandler)
#   KEEP_TMP [0]        1 = keep the work directory (nginx config, raw outputs) and print its path
#
# Stopping: Ctrl-C reaches the running generator at once; a TERM sent to this script alone takes
# effect when the current generator run ends (at most DURATION + 60 s). nginx is stopped on exit.
set -euo pipefail

PORT="${PORT:-18080}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
ROUNDS="${ROUNDS:-3}"
GEN_CPU="${GEN_CPU:-0}"
SERVER_CPU="${SERVER_CPU:-1}"
STAMPEDE_SKIP="${STAMPEDE_SKIP:-0}"
STAMPEDE_BIN="${STAMPEDE_BIN:-}"
TRANSPORT="${TRANSPORT:-auto}"
KEEP_TMP="${KEEP_TMP:-0}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() {
    echo "throughput.sh: $*" >&2
    exit 1
}

# --- validate options -------------------------------------------------------------------------

[[ $PORT =~ ^[0-9]+$ ]] && ((PORT > 0 && PORT < 65536)) || die "PORT must be 1-65535, got '$PORT'"
[[ $CONNECTIONS =~ ^[0-9]+$ ]] && ((CONNECTIONS > 0)) || die "CONNECTIONS must be a positive integer, got '$CONNECTIONS'"
[[ $ROUNDS =~ ^[0-9]+$ ]] && ((ROUNDS > 0)) || die "ROUNDS must be a positive integer, got '$ROUNDS'"
[[ $GEN_CPU =~ ^[0-9]+$ && $SERVER_CPU =~ ^[0-9]+$ ]] || die "GEN_CPU and SERVER_CPU must be CPU numbers"
[[ $TRANSPORT =~ ^(auto|fast|handler)$ ]] || die "TRANSPORT must be auto, fast or handler, got '$TRANSPORT'"

# Seconds in DURATION, which both tools accept as e.g. 10s, 1m, 2h.
if [[ $DURATION =~ ^([0-9]+)(s|m|h)$ ]]; then
    case "${BASH_REMATCH[2]}" in
        s) duration_s=${BASH_REMATCH[1]} ;;
        m) duration_s=$((BASH_REMATCH[1] * 60)) ;;
        h) duration_s=$((BASH_REMATCH[1] * 3600)) ;;
    esac
    ((duration_s > 0)) || die "DURATION must be longer than 0, got '$DURATION'"
else
    die "DURATION must look like 10s, 2m or 1h, got '$DURATION'"
fi

# --- tools ------------------------------------------------------------------------------------

# Installs the Debian packages providing the missing commands. The service that the nginx package
# would start on port 80 is kept from starting (policy-rc.d), so nothing is left running.
ensure_tools() {
    local missing=()
    command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v jq >/dev/null 2>&1 || missing+=(jq)
    command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
    [[ -x /usr/bin/time ]] || missing+=(time)
    ((${#missing[@]} == 0)) && return 0

    ((EUID == 0)) || die "missing packages (${missing[*]}); run as root or: sudo apt-get install -y ${missing[*]}"
    echo "installing: ${missing[*]}" >&2
    apt-get update -qq
    local packages=() name
    for name in "${missing[@]}"; do
        if [[ $name == nginx ]] && ! apt-cache show --no-all-versions nginx >/dev/null 2>&1; then
            name=nginx-light
        fi
        packages+=("$name")
    done

    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod +x "$policy"
        added_policy=1
    fi
    local rc=0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >&2 || rc=$?
    ((added_policy)) && rm -f "$policy"
    ((rc == 0)) || die "apt-get install ${packages[*]} failed (exit $rc)"
}

ensure_tools
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

# --- work directory, cleanup --------------------------------------------------------------------

work="$(mktemp -d "${TMPDIR:-/tmp}/stampede-throughput.XXXXXX")"
nginx_pid=""

cleanup() {
    local rc=$?
    if [[ -n $nginx_pid ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -TERM "$nginx_pid" 2>/dev/null || true
        # nginx exits within milliseconds on TERM; KILL is the fallback, never an endless wait.
        for _ in $(seq 50); do
            kill -0 "$nginx_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$nginx_pid" 2>/dev/null || true
        wait "$nginx_pid" 2>/dev/null || true
    fi
    if [[ $KEEP_TMP == 1 || $rc -ne 0 ]]; then
        echo "work directory kept: $work" >&2
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- stampede build -----------------------------------------------------------------------------

stampede=()
if [[ $STAMPEDE_SKIP != 1 ]]; then
    if [[ -n $STAMPEDE_BIN ]]; then
        [[ -x $STAMPEDE_BIN ]] || die "STAMPEDE_BIN '$STAMPEDE_BIN' is not an executable"
        stampede=("$STAMPEDE_BIN")
    else
        command -v dotnet >/dev/null 2>&1 || die "dotnet not found; install the .NET SDK or set STAMPEDE_SKIP=1"
        # Published for this machine's runtime identifier, as a release would be: ready-to-run code.
        case "$(uname -m)" in
            x86_64) rid=linux-x64 ;;
            aarch64 | arm64) rid=linux-arm64 ;;
            *) die "no .NET runtime identifier known for $(uname -m); set STAMPEDE_BIN" ;;
        esac
        echo "publishing src/Stampede.Cli (Release, $rid, ready-to-run) ..." >&2
        dotnet publish "$repo_root/src/Stampede.Cli" -c Release -r "$rid" --self-contained false -o "$work/stampede" --nologo -v quiet \
            >"$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; die "dotnet publish failed"; }
        if [[ -x $work/stampede/Stampede.Cli ]]; then
            stampede=("$work/stampede/Stampede.Cli")
        elif [[ -f $work/stampede/Stampede.Cli.dll ]]; then
            stampede=(dotnet "$work/stampede/Stampede.Cli.dll")
        else
            die "publish produced neither $work/stampede/Stampede.Cli nor Stampede.Cli.dll"
        fi
    fi
fi

# --- nginx --------------------------------------------------------------------------------------

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

port_open && die "something already listens on 127.0.0.1:$PORT; set PORT to a free port"

mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
worker_rlimit_nofile $((CONNECTIONS * 2 + 1024));

events {
    worker_connections $((CONNECTIONS * 2 + 512));
}

http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    default_type text/plain;
    client_body_temp_path $work/nginx/client_body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;

    server {
        listen 127.0.0.1:$PORT;
        location / {
            return 200 "ok";
        }
    }
}
EOF

"$nginx_bin" -t -q -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" \
    || die "nginx rejected its configuration ($work/nginx/nginx.conf)"
taskset -c "$SERVER_CPU" "$nginx_bin" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!

for _ in $(seq 100); do
    port_open && break
    kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/error.log" >&2; die "nginx exited at start"; }
    sleep 0.05
done
port_open || die "nginx did not listen on 127.0.0.1:$PORT within 5 s"

# --- measurement --------------------------------------------------------------------------------

# Generous bound: the run itself, start-up (JIT) and the graceful stop. --foreground keeps the
# generator in our process group, so Ctrl-C stops it at once (neither tool forks children).
limit_s=$((duration_s + 60))

# Runs one generator under /usr/bin/time; prints "requests cpu_seconds req_per_s".
# CPU is user+sys of the generator process and everything it waited for (getrusage of children).
run_wrk() {
    local round=$1 out="$work/wrk-$1.out" times="$work/wrk-$1.time"
    /usr/bin/time -f '%U %S' -o "$times" \
        timeout --foreground --kill-after=5 "$limit_s" \
        taskset -c "$GEN_CPU" wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "http://127.0.0.1:$PORT/" >"$out" 2>&1 \
        || { cat "$out" >&2; die "wrk failed in round $round"; }
    if grep -qE 'Non-2xx|Socket errors' "$out"; then
        echo "warning: wrk round $round reported errors:" >&2
        grep -E 'Non-2xx|Socket errors' "$out" >&2
    fi
    local requests rps cpu
    requests="$(awk '/ requests in /{print $1; exit}' "$out")"
    rps="$(awk '/^Requests\/sec:/{print $2; exit}' "$out")"
    cpu="$(awk 'END{printf "%.2f", $1 + $2}' "$times")"
    [[ $requests =~ ^[0-9]+$ && -n $rps ]] || { cat "$out" >&2; die "could not parse wrk output in round $round"; }
    echo "$requests $cpu $rps"
}

run_stampede() {
    local round=$1 out="$work/stampede-$1.out" times="$work/stampede-$1.time" results="$work/r.json"
    rm -f "$results"
    /usr/bin/time -f '%U %S' -o "$times" \
        timeout --foreground --kill-after=5 "$limit_s" \
        taskset -c "$GEN_CPU" "${stampede[@]}" attack "http://127.0.0.1:$PORT/" -c "$CONNECTIONS" \
        --duration "$DURATION" --transport "$TRANSPORT" --out "$results" >"$out" 2>&1 \
        || { cat "$out" >&2; die "stampede attack failed in round $round"; }
    [[ -s $results ]] || { cat "$out" >&2; die "round $round: stampede exited 0 but wrote no results file ($results)"; }
    jq -e '.format == "stampede-results/1"' "$results" >/dev/null 2>&1 \
        || die "round $round: $results is not a stampede-results/1 file"
    local requests failed cpu rps
    requests="$(jq -r '.accounting.sent' "$results")"
    failed="$(jq -r '.accounting.failed // 0' "$results")"
    [[ $requests =~ ^[0-9]+$ ]] || die "round $round: .accounting.sent is '$requests', not a count"
    [[ $failed == 0 ]] || echo "warning: stampede round $round reported $failed failed requests" >&2
    cp "$results" "$work/stampede-$round.json"
    cpu="$(awk 'END{printf "%.2f", $1 + $2}' "$times")"
    # Requests over the configured duration: the tool's start-up is not part of the load window.
    rps="$(awk -v n="$requests" -v s="$duration_s" 'BEGIN{printf "%.2f", n / s}')"
    echo "$requests $cpu $rps"
}

per_cpu() { awk -v n="$1" -v c="$2" 'BEGIN{ if (c > 0) printf "%.0f", n / c; else print "nan" }'; }

# Median of the arguments (mean of the middle two for an even count).
median() {
    printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END{ if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

row() { printf '%-7s %-9s %12s %8s %12s %12s\n' "$@"; }

echo "nginx: 1 worker on CPU $SERVER_CPU; generators on CPU $GEN_CPU; $CONNECTIONS connections; $DURATION x $ROUNDS rounds"
# Other processes competing for either CPU make every number low and noisy: say so up front.
read -r load1 _ </proc/loadavg
echo "load average at start: $load1 ($(nproc) CPUs)"
if awk -v l="$load1" 'BEGIN{exit !(l > 0.5)}'; then
    echo "warning: the machine is busy (load $load1); results will be lower and noisier than on an idle machine" >&2
fi
[[ $STAMPEDE_SKIP == 1 ]] && echo "stampede: skipped (STAMPEDE_SKIP=1)"
row round tool requests cpu_s req/cpu_s req/s

w_req=() w_cpu=() w_pc=() w_rps=() s_req=() s_cpu=() s_pc=() s_rps=() ratios=()
for ((round = 1; round <= ROUNDS; round++)); do
    order=(wrk stampede)
    ((round % 2 == 0)) && order=(stampede wrk)
    for tool in "${order[@]}"; do
        [[ $tool == stampede && $STAMPEDE_SKIP == 1 ]] && continue
        kill -0 "$nginx_pid" 2>/dev/null || { cat "$work/nginx/error.log" >&2; die "nginx died before round $round"; }
        measurement="$("run_$tool" "$round")"
        read -r requests cpu rps <<<"$measurement"
        pc="$(per_cpu "$requests" "$cpu")"
        row "$round" "$tool" "$requests" "$cpu" "$pc" "$rps"
        if [[ $tool == wrk ]]; then
            w_req+=("$requests") w_cpu+=("$cpu") w_pc+=("$pc") w_rps+=("$rps")
        else
            s_req+=("$requests") s_cpu+=("$cpu") s_pc+=("$pc") s_rps+=("$rps")
        fi
    done
    if [[ $STAMPEDE_SKIP != 1 ]]; then
        ratio="$(awk -v s="${s_pc[-1]}" -v w="${w_pc[-1]}" 'BEGIN{ if (w > 0) printf "%.3f", s / w; else print "nan" }')"
        ratios+=("$ratio")
        echo "        round $round: stampede/wrk req/cpu_s = $ratio"
    fi
done

echo
row median wrk "$(median "${w_req[@]}")" "$(median "${w_cpu[@]}")" "$(median "${w_pc[@]}")" "$(median "${w_rps[@]}")"
if [[ $STAMPEDE_SKIP != 1 ]]; then
    row median stampede "$(median "${s_req[@]}")" "$(median "${s_cpu[@]}")" "$(median "${s_pc[@]}")" "$(median "${s_rps[@]}")"
    echo "median of per-round ratios, stampede/wrk req/cpu_s: $(median "${ratios[@]}")"
fi
