#!/usr/bin/env bash
# Times plain-Java segment discovery (choice of k by stability and silhouette, assignment of every
# customer, profiles) on synthetic embeddings. Usage: bench/segments/run.sh [customers] [dim] [k] [seed] [separation]
# Defaults: 1,000,000 customers × 16 dimensions, 7 planted segments, seed 42, separation 4.
set -euo pipefail
exec "$(dirname "$0")/java.sh" SegmentsBenchmark "$@"
