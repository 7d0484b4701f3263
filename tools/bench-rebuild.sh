#!/usr/bin/env bash
# Rebuilding over the output one has, as users do, beside Hugo in one hyperfine run: with no
# change, then after editing one activity's text (the edit alternates between two texts before
# each run, for both generators). Needs `apt-get install hugo hyperfine`.
#
#     tools/bench-rebuild.sh ACTIVITIES [RUNS]
#
# ACTIVITIES French activities, each with its English translation (1000 → 2,000 activity pages).
source "$(dirname "$0")/bench-common.sh"
n=${1:?usage: tools/bench-rebuild.sh ACTIVITIES [RUNS]}
runs=${2:-10}
corpus "$n" ours,hugo
cargo build --release --quiet
ours="./target/release/cnr-site build --root $b/n$n/ours --output $b/re-ours"
hugo="hugo --source $b/n$n/hugo --destination $PWD/$b/re-hugo --quiet"
# The first activity, the same file in both corpora.
page=$(find "$b/n$n/ours/content/activites" -name '20*.md' ! -name '*.en.md' -printf '%f\n' | sort | sed -n 1p)
export ours_page="$b/n$n/ours/content/activites/$page" hugo_page="$b/n$n/hugo/content/activites/$page"
[ -f "$hugo_page" ] || { echo "$page is not in Hugo's corpus"; exit 1; }
# edit: the activity's last line alternates between two texts.
edit() {
  for f in "$ours_page" "$hugo_page"; do
    if grep -q '^Édité (a)\.$' "$f"; then sed -i 's/^Édité (a)\.$/Édité (b)./' "$f"
    elif grep -q '^Édité (b)\.$' "$f"; then sed -i 's/^Édité (b)\.$/Édité (a)./' "$f"
    else printf '\nÉdité (a).\n' >>"$f"; fi
  done
}
export -f edit
aside "$b/re-ours" "$b/re-hugo"
$ours >/dev/null && $hugo
settle
hyperfine --shell bash --warmup 2 --runs "$runs" --export-json "$b/re$n-same.json" "$ours" "$hugo"
hyperfine --shell bash --warmup 2 --runs "$runs" --export-json "$b/re$n-edit.json" --prepare edit "$ours" "$hugo"
python3 - "$b/re$n-same.json" "$b/re$n-edit.json" <<'PY'
import json, sys
for name, path in zip(["no change", "one activity edited"], sys.argv[1:]):
    ours, hugo = (r["median"] for r in json.load(open(path))["results"])
    print(f"rebuild, {name}: ours {ours * 1000:.0f} ms, Hugo {hugo * 1000:.0f} ms; ours/Hugo {ours / hugo:.2f}")
PY
echo "our last line: $($ours)"
cleanup
