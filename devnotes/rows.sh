#!/bin/bash
# rows.sh set...: summit-qa and BM25 figures (top-1, MRR, abstention, follow-ups) from --compare
cd /work/main
for s in "$@"; do
  out=$(.venv/bin/summit-qa eval tests/eval/$s.yaml --compare --quiet 2>&1)
  echo "$s: $(echo "$out" | grep '^| summit-qa' | awk -F'|' '{print $3,$4,$6,$8}')  BM25: $(echo "$out" | grep '^| BM25' | awk -F'|' '{print $3,$4,$6,$8}')"
done
