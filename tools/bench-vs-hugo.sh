#!/usr/bin/env bash
# Our build beside Hugo's and beside copying our own output, on the shared benchmark corpus, in
# one hyperfine run; then the peak memory of each build. Needs `apt-get install hugo hyperfine`.
#
#     tools/bench-vs-hugo.sh ACTIVITIES [RUNS]
#
# ACTIVITIES French activities, each with its English translation (1000 → 2,000 activity pages).
source "$(dirname "$0")/bench-common.sh"
n=${1:?usage: tools/bench-vs-hugo.sh ACTIVITIES [RUNS]}
runs=${2:-5}
corpus "$n" ours,hugo
cargo build --release --quiet
aside "$b/ref-$n"
./target/release/cnr-site build --root "$b/n$n/ours" --output "$b/ref-$n" >/dev/null
ours="./target/release/cnr-site build --root $b/n$n/ours --output $b/out-ours"
hugo="hugo --source $b/n$n/hugo --destination $PWD/$b/out-hugo --quiet"
export -f aside && export b
prepare="aside $b/out-ours $b/out-hugo $b/out-cp"
settle
hyperfine --shell bash --warmup 1 --runs "$runs" --export-json "$b/n$n.json" --prepare "$prepare" \
  "$ours" "$hugo" "cp -r $b/ref-$n $b/out-cp"
python3 - "$b/n$n.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ours, hugo, cp = (r["median"] for r in results)
print(f"medians: ours {ours:.3f} s, Hugo {hugo:.3f} s, cp -r {cp:.3f} s; ours/Hugo {ours / hugo:.2f}, ours/cp {ours / cp:.2f}")
PY
for run in "$ours:$b/out-ours" "$hugo:$b/out-hugo"; do
  command=${run%:*}
  aside "$b/out-ours" "$b/out-hugo"
  /usr/bin/time -f "peak memory %M KiB, wall %e s: ${command%% *}" $command >/dev/null
  echo "  HTML files written: $(find "${run##*:}" -name '*.html' | wc -l)"
done
aside "$b/out-ours" "$b/out-hugo" "$b/out-cp"
cleanup
