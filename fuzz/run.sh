#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets one after the other (cargo-fuzz, libFuzzer; see
# docs/fuzzing.md). Skips with exit 0 when there is no nightly toolchain or no cargo-fuzz.
#
#   fuzz/run.sh [SECONDS_PER_TARGET [TARGET...]]     default: 60 seconds, every target
#
# New inputs go to fuzz/work/<target>/ (not committed); the committed corpus fuzz/corpus/<target>/
# is only read. A crash is written to fuzz/artifacts/<target>/ and ends the run with its status.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(compile fmt emit_rust emit_json_render)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: no nightly toolchain (rustup toolchain install nightly): skipped"
  exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: cargo-fuzz is not installed (cargo install cargo-fuzz): skipped"
  exit 0
fi

# Safe Rust: no address sanitizer (it only slows the run down); debug assertions on, so an
# arithmetic overflow is a crash too.
flags=(--sanitizer none --release --debug-assertions)
nice -n 15 cargo +nightly fuzz build "${flags[@]}"
for target in "${targets[@]}"; do
  mkdir -p "work/$target"
  echo "fuzz: $target for ${seconds} s"
  nice -n 15 cargo +nightly fuzz run "${flags[@]}" "$target" "work/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
