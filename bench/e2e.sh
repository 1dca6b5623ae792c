#!/usr/bin/env bash
# End-to-end benchmark: generate N-article corpora (deterministic), then time
# `quotecheck check --format json > FILE --threads 2` three times each with /usr/bin/time -v
# (warm page cache: one untimed run first) and print the median wall time, user time and peak
# RSS, and the scale accuracy against the generator's ground truth.
#
# Each size is timed three times over:
#   cold    --no-cache: every file scanned (the first run on a corpus);
#   edited  with the cache, after one article gained a paragraph of prose (the run CI makes
#           after a one-article commit that leaves the quotes as they were): the other files'
#           extractions come from the cache, and matching and judging from its memo;
#   quote   with the cache, after a word was put into one quote of one article (a commit that
#           changes a quote): the other files' extractions come from the cache, and matching and
#           judging run again only for the parts of the candidate graph the edit could touch;
#   added   with the cache, after a new article was added (a copy of one with a paragraph more,
#           so its quotes join the groups of that article's): the same.
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
bin=$PWD/target/release/quotecheck
gen=$PWD/target/release/examples/gen_corpus
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_runs LABEL DIR SETUP ARGS...: SETUP runs before each timed run (untimed).
time_runs() {
  local label=$1 dir=$2 setup=$3; shift 3
  local walls=() users=() rss=()
  for run in 1 2 3; do
    eval "$setup"
    /usr/bin/time -v "$bin" check "$dir/corpus" --format json --threads 2 -q "$@" \
      > "$dir/report.json" 2> "$dir/time.$run" || true
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = t[length(t)]; m = (length(t) > 1) ? t[length(t)-1] : 0; print m * 60 + s}' "$dir/time.$run")")
    users+=("$(awk -F': ' '/User time/ {print $2}' "$dir/time.$run")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.$run")")
  done
  printf '  %-7s wall %s s, user %s s, peak RSS %s MB (median of 3)\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${users[@]}" | median)" \
    "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))"
}
for n in "${sizes[@]}"; do
  dir="$out/$n"
  [ -f "$dir/truth.json" ] || "$gen" generate "$n" "$dir"
  cache="$dir/cache"
  rm -rf "$cache"
  # Warm the page cache (and fill the quotecheck cache for the edited runs).
  "$bin" check "$dir/corpus" --format json --threads 2 -q --cache-dir "$cache" > "$dir/report.json" || true
  mb=$(du -sm --apparent-size "$dir/corpus" | cut -f1)
  echo "$n articles ($mb MB):"
  time_runs cold "$dir" ":" --no-cache
  echo "  $("$gen" score "$dir/truth.json" "$dir/report.json")"
  # One article gains a sentence before each edited run; the edit is undone at the end.
  article=$(find "$dir/corpus" -name '*.txt' | sort | sed -n 1p)
  cp "$article" "$dir/edited-article.orig"
  time_runs edited "$dir" 'printf "\nThe council met again on %s.\n" "$run" >> "$article"; "$bin" check "$dir/corpus" --format json --threads 2 -q --cache-dir "$cache" > /dev/null || true; printf "\nA late addition %s.\n" "$run" >> "$article"' \
    --cache-dir "$cache"
  # The first quote of the article gains a word before each run (after an untimed run that
  # brings the cache up to date).
  time_runs quote "$dir" 'perl -0777 -CSD -pi -e "s/\x{201c}/\x{201c}Frankly /" "$article"; "$bin" check "$dir/corpus" --format json --threads 2 -q --cache-dir "$cache" > /dev/null || true; perl -0777 -CSD -pi -e "s/\x{201c}/\x{201c}Honestly /" "$article"' \
    --cache-dir "$cache"
  # A new article before each run (after an untimed run that brings the cache up to date).
  time_runs added "$dir" 'rm -f "$dir"/corpus/added-*.txt; "$bin" check "$dir/corpus" --format json --threads 2 -q --cache-dir "$cache" > /dev/null || true; { cat "$article"; printf "\nA paragraph the copy adds %s.\n" "$run"; } > "$dir/corpus/added-$run.txt"' \
    --cache-dir "$cache"
  rm -f "$dir"/corpus/added-*.txt
  mv "$dir/edited-article.orig" "$article"
done
