#!/usr/bin/env bash
# What share cards cost a build: the shared corpus built with no cards (the theme without its
# card fonts), with every card drawn (an empty cache), and with every card from the cache, in
# one hyperfine run; then one `build --verbose` of each kind for the stages, and the cards'
# weight in the output. Needs `apt-get install hyperfine`.
#
#     tools/bench-cards.sh ACTIVITIES [RUNS]
#
# ACTIVITIES French activities, each with its English translation (1000 → 2,000 activity pages).
source "$(dirname "$0")/bench-common.sh"
n=${1:?usage: tools/bench-cards.sh ACTIVITIES [RUNS]}
runs=${2:-5}
corpus "$n" ours
site=$b/n$n/ours
plain=$b/n$n/ours-without-cards
rm -rf "$plain" && cp -r "$site" "$plain" && rm -rf "$plain/themes/cnr/fonts" "$plain/.cache"
cargo build --release --quiet
export -f aside && export b
build="./target/release/cnr-site build --output $b/out-cards"
settle
hyperfine --shell bash --warmup 1 --runs "$runs" --export-json "$b/cards-$n.json" \
  -n "no cards" --prepare "aside $b/out-cards" "$build --root $plain" \
  -n "cards drawn" --prepare "aside $b/out-cards $site/.cache/cards" "$build --root $site" \
  -n "cards from the cache" --prepare "aside $b/out-cards" "$build --root $site"
python3 - "$b/cards-$n.json" <<'PY'
import json, sys
none, drawn, cached = (r["median"] for r in json.load(open(sys.argv[1]))["results"])
print(f"medians: no cards {none:.3f} s, cards drawn {drawn:.3f} s (+{drawn - none:.3f} s), "
      f"cards from the cache {cached:.3f} s (+{cached - none:.3f} s)")
PY
for root in "$plain" "$site"; do
  aside "$b/out-cards"
  ./target/release/cnr-site build --root "$root" --output "$b/out-cards" --verbose
done
aside "$b/out-cards" "$site/.cache/cards"
./target/release/cnr-site build --root "$site" --output "$b/out-cards" --verbose
find "$b/out-cards" -name 'card*.png' -printf '%s\n' | python3 -c "
import sys; sizes = [int(l) for l in sys.stdin]
print(f'{len(sizes)} cards, {sum(sizes) / 1e6:.1f} MB, {sum(sizes) / len(sizes) / 1e3:.1f} KB each on average')"
du -sh --apparent-size "$b/out-cards"
aside "$b/out-cards"
cleanup
