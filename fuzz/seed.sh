#!/usr/bin/env bash
# Seed the fuzz corpora from the project's own lessons, examples and test
# fixtures. Run from the repository root: fuzz/seed.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/lesson fuzz/corpus/roster
cp lessons/*.toml examples/*.toml fuzz/corpus/lesson/
find tests/fixtures -name '*.toml' -exec cp {} fuzz/corpus/lesson/ \;
cp examples/*.csv fuzz/corpus/roster/
printf 'name,id,date,clinician,language,scenarios\r\n"Núñez, José",c-1,2026-11-24,,es,craving;conflict\r\n' > fuzz/corpus/roster/crlf.csv
printf '\xef\xbb\xbfName,Phone\nZoë,555\n' > fuzz/corpus/roster/bom.csv
