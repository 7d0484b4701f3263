#!/usr/bin/env bash
# Our build beside Hugo's and beside copying our own output, on the shared benchmark corpus, in
# one hyperfine run; then the peak memory of each build. Needs `apt-get install hugo hyperfine`.
#
#     tools/bench-vs-hugo.sh ACTIVITIES [RUNS]
#
# ACTIVITIES French activities, each with its English translation (1000 → 2,000 activity pages).
# Every run writes a fresh output folder. The previous one is moved aside rather than deleted:
# ext4 slows down the creation of files for a minute after many were deleted, which would make
# every run pay for the one before. The moved folders are deleted at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: tools/bench-vs-hugo.sh ACTIVITIES [RUNS]}
runs=${2:-5}
b=target/bench
corpus=$b/n$n
if [ ! -d "$corpus/hugo" ]; then
  python3 ../shared/bench/make_corpus.py --pages "$n" --out "$corpus" --formats ours,hugo
fi
rm -rf "$corpus/ours/themes" && cp -r themes "$corpus/ours/"
cargo build --release --quiet
mkdir -p "$b/trash"
rm -rf "$b/ref-$n" && ./target/release/cnr-site build --root "$corpus/ours" --output "$b/ref-$n" >/dev/null
aside="for d in $b/out-ours $b/out-hugo $b/out-cp; do if [ -e \$d ]; then mv \$d $b/trash/\$(date +%s%N); fi; done; sync"
eval "$aside"
sync && sleep 60
hyperfine --warmup 1 --runs "$runs" --export-json "$b/n$n.json" --prepare "$aside" \
  "./target/release/cnr-site build --root $corpus/ours --output $b/out-ours" \
  "hugo --source $corpus/hugo --destination $PWD/$b/out-hugo --quiet" \
  "cp -r $b/ref-$n $b/out-cp"
python3 - "$b/n$n.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
ours, hugo, cp = (r["median"] for r in results)
print(f"medians: ours {ours:.3f} s, Hugo {hugo:.3f} s, cp -r {cp:.3f} s; ours/Hugo {ours / hugo:.2f}, ours/cp {ours / cp:.2f}")
EOF
for run in "./target/release/cnr-site build --root $corpus/ours --output $b/out-ours:$b/out-ours" \
           "hugo --source $corpus/hugo --destination $PWD/$b/out-hugo --quiet:$b/out-hugo"; do
  command=${run%:*}
  eval "$aside"
  /usr/bin/time -f "peak memory %M KiB, wall %e s: ${command%% *}" $command >/dev/null
  echo "  HTML files written: $(find "${run##*:}" -name '*.html' | wc -l)"
done
eval "$aside"
rm -rf "$b/trash"
