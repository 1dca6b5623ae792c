#!/usr/bin/env bash
# Adversarial inputs at full size (and at a quarter and a half of it, to show how time and
# memory grow): each is generated (never committed), then checked once in release mode with
# /usr/bin/time -v. Prints size -> wall time, peak RSS, input bytes and the diagnostics'
# codes, so a limit that was hit shows.
#
#   bash bench/adversarial.sh                 # every kind
#   bash bench/adversarial.sh marks nested    # some
#
# Inputs go to ${BENCH_DIR:-/tmp/quotecheck-adversarial}.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
bin=$PWD/target/release/quotecheck
gen=$PWD/target/release/examples/gen_corpus
out=${BENCH_DIR:-/tmp/quotecheck-adversarial}
# name and full size, as tests/support/adversarial.rs lists them
all=(marks:1000000 nested:10000 big-article:100000000 big-quote:1000000 tiny-articles:100000
  one-speaker:50000 deep-html:100000 jsonl-line:50000000)
wanted=("$@")
printf '%-14s %10s %9s %9s %10s  %s\n' kind size "wall s" "RSS MB" "input MB" diagnostics
for entry in "${all[@]}"; do
  kind=${entry%%:*}; full=${entry##*:}
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $kind "* ]]; then continue; fi
  for size in $((full / 4)) $((full / 2)) "$full"; do
    dir="$out/$kind-$size"
    [ -d "$dir" ] || "$gen" adversarial "$kind" "$size" "$dir"
    /usr/bin/time -v "$bin" check "$dir" --format json --no-cache -q --exit-zero \
      > "$out/report.json" 2> "$out/time.txt" || true
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {split($2, t, ":"); s = t[length(t)]; m = (length(t) > 1) ? t[length(t)-1] : 0; print m * 60 + s}' "$out/time.txt")
    rss=$(( $(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt") / 1024 ))
    input=$(du -sm --apparent-size "$dir" | cut -f1)
    codes=$(python3 -c 'import json,sys,collections; r=json.load(open(sys.argv[1])); c=collections.Counter(d["code"] for d in r["diagnostics"]); print(", ".join(f"{k} {v}" for k,v in sorted(c.items())) or "none")' "$out/report.json" 2>/dev/null || echo "(no report)")
    printf '%-14s %10s %9s %9s %10s  %s\n' "$kind" "$size" "$wall" "$rss" "$input" "$codes"
  done
done
