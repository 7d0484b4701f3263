# What the benchmark scripts share; sourced, not run. Works from the project's root.
#
# Every run writes a fresh output folder. The previous one is moved aside rather than deleted:
# on this ext4 disk (mounted with `discard`) the creation of files slows down for a minute or
# more after many were deleted, which would make every run pay for the one before.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
b=target/bench
mkdir -p "$b/trash"

# corpus N FORMATS: the shared corpus of N activities (2N pages) in target/bench/nN, with the
# project's current theme in its `ours/` site.
corpus() {
  if [ ! -d "$b/n$1/${2##*,}" ]; then
    python3 ../shared/bench/make_corpus.py --pages "$1" --out "$b/n$1" --formats "$2"
  fi
  rm -rf "$b/n$1/ours/themes" && cp -r themes "$b/n$1/ours/"
}

# aside FOLDER...: moves the folders that exist out of the way, then flushes the disk.
aside() {
  for d in "$@"; do
    if [ -e "$d" ]; then mv "$d" "$b/trash/$(date +%s%N)"; fi
  done
  sync
}

# settle: lets the disk finish what earlier deletions started before anything is timed.
settle() {
  sync && sleep 60
}

# cleanup: deletes what was moved aside, at the end.
cleanup() {
  rm -rf "$b/trash"
  sync
}
