#!/usr/bin/env bash
# Builds the splitter fuzzer (libFuzzer + AddressSanitizer) and runs it.
#
#   Fuzz/run-hcl-fuzz.sh [RUNS] [extra libFuzzer flags…]
#
# RUNS defaults to 2000000. The binary, the working corpus and any crash artifacts go
# to Fuzz/out/ (gitignored). The corpus is seeded from the test fixtures. The harness is
# compiled together with Sources/CanaryCore/Splitter only: that folder must not depend
# on the rest of CanaryCore or on any package.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-2000000}"
shift || true
out=Fuzz/out
mkdir -p "$out/corpus" "$out/artifacts"

for seed in Tests/CanaryCoreTests/Fixtures/*.hcl Tests/CanaryCoreTests/Fixtures/Splitter/*; do
    cp -n "$seed" "$out/corpus/seed-$(basename "$seed")" 2>/dev/null || true
done

mapfile -t sources < <(find Sources/CanaryCore/Splitter -name '*.swift' | sort)
swiftc -sanitize=fuzzer,address -parse-as-library -O \
    -module-name HCLFuzz \
    "${sources[@]}" Fuzz/HCLFuzz/*.swift \
    -o "$out/hcl-fuzz" 2> >(grep -v "Cannot export local symbol" >&2)

# Swift's own crash backtracer reads the stack in ways AddressSanitizer reports as a
# second, bogus error after a real trap; libFuzzer prints the stack itself.
SWIFT_BACKTRACE=enable=no "$out/hcl-fuzz" \
    -runs="$runs" \
    -max_len=4096 \
    -timeout=10 \
    -dict=Fuzz/HCLFuzz/hcl.dict \
    -artifact_prefix="$out/artifacts/" \
    -print_final_stats=1 \
    "$@" \
    "$out/corpus"
