#!/usr/bin/env bash
# How our build time grows: the shared corpus at N and at 2N activities, built side by side in
# one hyperfine run. Needs `apt-get install hyperfine`.
#
#     tools/bench-scaling.sh ACTIVITIES [RUNS]
#
# ACTIVITIES French activities, each with its English translation (5000 → 10,000 and 20,000
# activity pages).
source "$(dirname "$0")/bench-common.sh"
n=${1:?usage: tools/bench-scaling.sh ACTIVITIES [RUNS]}
runs=${2:-5}
corpus "$n" ours
corpus $((2 * n)) ours
cargo build --release --quiet
export -f aside && export b
settle
hyperfine --shell bash --warmup 1 --runs "$runs" --export-json "$b/scaling-$n.json" --prepare "aside $b/out-ours" \
  "./target/release/cnr-site build --root $b/n$n/ours --output $b/out-ours" \
  "./target/release/cnr-site build --root $b/n$((2 * n))/ours --output $b/out-ours"
python3 - "$b/scaling-$n.json" <<'PY'
import json, sys
single, double = (r["median"] for r in json.load(open(sys.argv[1]))["results"])
print(f"medians: N {single:.3f} s, 2N {double:.3f} s; 2N/N {double / single:.2f}")
PY
aside "$b/out-ours"
cleanup
