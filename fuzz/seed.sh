#!/usr/bin/env bash
# Regenerates the seed corpus `fuzz/corpus/<target>/seed-*` from the repository: the bundled
# rules, the example and test fixtures, the language reference's examples and the fixed (and,
# for `compile`, the erroneous) examples of docs/codes/. Inputs found by the fuzzer and kept
# (`fuzz/corpus/<target>/found-*`) are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

valid=$(mktemp -d)
invalid=$(mktemp -d)
trap 'rm -rf "$valid" "$invalid"' EXIT

for file in rules/*.phr examples/*.phr tests/fixtures/*.phr tests/fixtures/*/*.phr tests/fmt/*.phr; do
  cp "$file" "$valid/$(echo "${file%.phr}" | tr '/' '-').phr"
done

# The fenced blocks of a Markdown file whose info string matches a pattern, one file each.
blocks() { # markdown pattern directory prefix
  awk -v pattern="$2" -v dir="$3" -v prefix="$4" '
    /^```/ {
      if (inside) { inside = 0; if (out) close(out); out = "" }
      else {
        inside = 1
        if (substr($0, 4) ~ pattern) { n++; out = sprintf("%s/%s-%02d.phr", dir, prefix, n); printf "" > out }
      }
      next
    }
    inside && out { print > out }
  ' "$1"
}

blocks docs/language.md '^phr(,check)?$' "$valid" docs-language
for doc in docs/codes/*.md; do
  code=$(basename "$doc" .md)
  blocks "$doc" '^phr,fixed$' "$valid" "docs-$code-fixed"
  blocks "$doc" '^phr,error$' "$invalid" "docs-$code-error"
  blocks "$doc" '^phr,error,bytes$' "$invalid" "docs-$code-bytes"
done
# `\xNN` in a bytes block stands for that byte.
for file in "$invalid"/*-bytes-*.phr; do
  printf '%b\n' "$(cat "$file")" > "$file.tmp" && mv "$file.tmp" "$file"
done

for target in compile fmt emit_rust emit_json_render; do
  mkdir -p "fuzz/corpus/$target"
  rm -f "fuzz/corpus/$target"/seed-*
  for file in "$valid"/*; do cp "$file" "fuzz/corpus/$target/seed-$(basename "$file")"; done
done
for file in "$invalid"/*; do cp "$file" "fuzz/corpus/compile/seed-$(basename "$file")"; done
ls fuzz/corpus/* | grep -c seed- | xargs echo "seed files:"
