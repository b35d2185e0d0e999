#!/bin/bash
# figs.sh DIR [sets...]: in-scope | abstention | follow-ups for each non-raw eval set
DIR=${1:-/work/main}; shift
cd "$DIR"
if [ $# -eq 0 ]; then sets=$(ls tests/eval/*.yaml | grep -v -- -raw | xargs -n1 basename | sed 's/.yaml$//'); else sets="$@"; fi
for s in $sets; do echo $s; done | xargs -P 2 -I{} sh -c '
 out=$(.venv/bin/summit-qa eval tests/eval/{}.yaml --quiet 2>&1)
 i=$(echo "$out" | grep "^in-scope top-1" | grep -o "([0-9/]*)")
 a=$(echo "$out" | grep "^off-topic abstention" | grep -o "([0-9/]*)")
 f=$(echo "$out" | grep "^follow-up turns" | grep -o "([0-9/]*)")
 echo "{} $i | $a | $f"' | sort
