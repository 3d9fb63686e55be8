#!/usr/bin/env bash
# Measures `canarytop demo --serve-only`: time from exec to its `ready:` line, time from an
# edit of the splitter file to the `split:` line that says web routes by it, and time from
# SIGTERM to exit. Every run uses a fresh directory and free ports.
#
#   bench/demo.sh [BINARY] [RUNS] [EDITS]    (defaults: .build/release/canarytop 10 20)
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-.build/release/canarytop}
runs=${2:-10}
edits=${3:-20}
ms() { echo $(( ($2 - $1) / 1000000 )).$(( ($2 - $1) / 100000 % 10 )); }

for run in $(seq "$runs"); do
    dir=$(mktemp -d)
    start=$(date +%s%N)
    coproc DEMO { exec "$bin" demo --serve-only --dir "$dir" --port 0 --consul-port 0; }
    out=${DEMO[0]}
    pid=$DEMO_PID
    while IFS= read -r line <&"$out"; do [[ $line == ready:* ]] && break; done
    ready=$(date +%s%N)

    pickups=()
    for edit in $(seq "$edits"); do
        green=$(( edit % 2 == 1 ? 10 : 50 ))
        # Rewrite both weights atomically (as an editor or canarytop does); note when it landed.
        edited=$(python3 - "$dir/payments_splitter.hcl" "$green" <<'PY'
import os, re, sys
path, green = sys.argv[1], int(sys.argv[2])
text = open(path).read()
weights = iter([100 - green, green])
text = re.sub(r"weight = \d+", lambda m: f"weight = {next(weights)}", text, count=2)
tmp = path + ".tmp"
open(tmp, "w").write(text)
os.replace(tmp, path)
import time; print(time.time_ns())
PY
)
        while IFS= read -r line <&"$out"; do [[ $line == "split: blue $((100 - green)) / green $green"* ]] && break; done
        pickups+=("$(ms "$edited" "$(date +%s%N)")")
    done

    stop=$(date +%s%N)
    kill -TERM "$pid"
    # Read to the end (the coprocess's descriptor goes away when it exits).
    { while IFS= read -r line <&"$out"; do :; done; } 2>/dev/null || true
    status=0
    wait "$pid" || status=$?
    echo "run $run: ready $(ms "$start" "$ready") ms; edit→split ms: ${pickups[*]}; SIGTERM→exit $(ms "$stop" "$(date +%s%N)") ms (status $status)"
    rm -rf "$dir"
done
