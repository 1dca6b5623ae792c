#!/usr/bin/env bash
# End-to-end benchmark: generate N-article corpora (deterministic), then time
# `quotecheck check --format json > FILE --threads 2` three times each with /usr/bin/time -v
# (warm page cache: one untimed run first) and print the median wall time, user time and peak
# RSS, and the scale accuracy against the generator's ground truth.
#
#   bash bench/e2e.sh              # 10,000 and 100,000 articles
#   bash bench/e2e.sh 1000 10000   # other sizes
#
# Needs /usr/bin/time (Debian's `time` package). Corpora go to ${BENCH_DIR:-/tmp/quotecheck-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
out=${BENCH_DIR:-/tmp/quotecheck-bench}
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
bin=target/release/quotecheck
gen=target/release/examples/gen_corpus
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for n in "${sizes[@]}"; do
  dir="$out/$n"
  [ -f "$dir/truth.json" ] || "$gen" generate "$n" "$dir"
  "$bin" check "$dir/corpus" --format json --threads 2 -q > "$dir/report.json" || true
  walls=(); users=(); rss=()
  for run in 1 2 3; do
    /usr/bin/time -v "$bin" check "$dir/corpus" --format json --threads 2 -q \
      > "$dir/report.json" 2> "$dir/time.$run" || true
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = t[length(t)]; m = (length(t) > 1) ? t[length(t)-1] : 0; print m * 60 + s}' "$dir/time.$run")")
    users+=("$(awk -F': ' '/User time/ {print $2}' "$dir/time.$run")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.$run")")
  done
  mb=$(du -sm "$dir/corpus" | cut -f1)
  printf '%s articles (%s MB): wall %s s, user %s s, peak RSS %s MB (median of 3)\n' "$n" "$mb" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${users[@]}" | median)" \
    "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))"
  "$gen" score "$dir/truth.json" "$dir/report.json"
done
