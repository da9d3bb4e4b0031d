#!/usr/bin/env bash
# Segments two discover outputs (written with --output-format csv: a run and its rerun, e.g. the
# two outputs of rerun95.sh) again with the core selector, in the embedding's coordinates and in
# the segment space (core/…/segments/SegmentSpace), and prints each run's comparison table, k, ARI
# against planted kinds (where LAKE/_truth/customers.csv has them) and the runs' agreement.
#   bench/segments/space.sh OUT_A OUT_B LAKE [embedding_share] [signal_dim]
#   SPACES=segment-space bench/segments/space.sh …   # one space only
#   KMIN=10 KMAX=10 …          # another range of k (here one fixed k); RESAMPLES=8 more bootstrap resamples;
#   RULE=LARGEST_STABLE …       # the other rule; DUMP=/tmp/sp … writes each run's points as CSV instead
set -euo pipefail
exec "$(dirname "$0")/java.sh" SpaceCheck "$@"
