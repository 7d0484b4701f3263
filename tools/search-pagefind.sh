#!/usr/bin/env bash
# Pagefind's index of the pages our search indexes (the activities and the other pages, not the
# lists, years and topics), for tools/search-compare.mjs: the pages are hard-linked into a
# folder of their own, at the same addresses, and Pagefind indexes that folder.
#
#     tools/search-pagefind.sh OUTPUT PAGEFIND_FOLDER
#
# Needs Pagefind (python3 -m pip install 'pagefind[extended]==1.5.2', or its binary on PATH).
set -euo pipefail
output=$1
target=$2
pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
(cd "$output" && find . -name index.html -path './*/*' | grep -vE '/(20[0-9]{2}|page|tags|search|recherche)(/|$)' |
  grep -vE '^\./(en/)?(activites/)?index\.html$') | while read -r file; do
  mkdir -p "$pages/$(dirname "$file")"
  ln "$output/$file" "$pages/$file"
done
echo "$(find "$pages" -name index.html | wc -l) pages"
rm -rf "$target"
python3 -m pagefind --site "$pages" --output-path "$target"
