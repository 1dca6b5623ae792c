#!/usr/bin/env bash
# A short run of every fuzz target (default 30 s each, build included): what .ci/run does.
# The long runs are in fuzz/README.md. Needs cargo-fuzz (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-30}
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
export RUSTC_BOOTSTRAP=1
targets=(extract load_txt load_md load_html load_jsonl pipeline config)
echo "== building the fuzz targets"
cargo fuzz build
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  # The regression fixtures seed each run.
  seeds=()
  [ -d "../fixtures/fuzz/$target" ] && seeds=("../fixtures/fuzz/$target")
  echo "== fuzz $target (${seconds} s)"
  status=0
  cargo fuzz run "$target" "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 > "smoke-$target.log" 2>&1 \
    || status=$?
  grep -E "^stat::number_of_executed_units|SUMMARY|panicked" "smoke-$target.log" || true
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $target found a crash (see fuzz/artifacts/$target)" >&2
    exit 1
  fi
done
