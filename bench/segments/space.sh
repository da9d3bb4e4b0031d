#!/usr/bin/env bash
# Segments two discover outputs (written with --output-format csv: a run and its rerun, e.g. the
# two outputs of rerun95.sh) again with the core selector, in the embedding's coordinates and in
# the segment space (core/…/segments/SegmentSpace), and prints each run's comparison table, k, ARI
# against planted kinds (where LAKE/_truth/customers.csv has them) and the runs' agreement.
#   bench/segments/space.sh OUT_A OUT_B LAKE [embedding_share] [signal_dim]
#   SPACES=segment-space bench/segments/space.sh …   # one space only
set -euo pipefail
exec "$(dirname "$0")/java.sh" SpaceCheck "$@"
