#!/usr/bin/env bash
# Builds the TraceDecoder/GoDuration libFuzzer target and runs it.
#
#   Fuzz/run-trace-fuzz.sh [RUNS] [extra libFuzzer flags…]     (RUNS defaults to 2000000)
#
# Compiles Fuzz/TraceFuzz/*.swift with CanaryCore's Trace/ and Text/ sources (only those:
# they depend on nothing else) into one instrumented binary, seeds a working corpus from the
# test fixtures and Fuzz/seeds/, and runs it. Everything it writes goes under Fuzz/out/
# (gitignored): the binary, the growing corpus and any crash-*/timeout-*/oom-* artifacts.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-2000000}
shift || true
out=Fuzz/out
mkdir -p "$out/corpus"

swiftc -sanitize=fuzzer,address -parse-as-library -O -swift-version 6 \
    -module-name TraceFuzz \
    Sources/CanaryCore/Trace/*.swift Sources/CanaryCore/Text/*.swift Fuzz/TraceFuzz/*.swift \
    -o "$out/trace-fuzz"

cp Tests/CanaryCoreTests/Fixtures/*.json Tests/CanaryCoreTests/Fixtures/*.txt Fuzz/seeds/* "$out/corpus/"

"$out/trace-fuzz" \
    -runs="$runs" \
    -max_len=8192 \
    -timeout=10 \
    -rss_limit_mb=4096 \
    -dict=Fuzz/trace.dict \
    -artifact_prefix="$out/" \
    -print_final_stats=1 \
    "$@" \
    "$out/corpus"
