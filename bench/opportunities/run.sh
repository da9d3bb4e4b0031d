#!/usr/bin/env bash
# Neighbours + opportunity detectors on a synthetic run (default 1,000,000 customers).
# Usage: bench/opportunities/run.sh [customers]
set -euo pipefail
exec "$(dirname "$0")/java.sh" OpportunityBenchmark.java "${1:-1000000}"
