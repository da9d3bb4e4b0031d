#!/usr/bin/env bash
# Segments and opportunities, step by step, on a real discovery dump tiled to N customers.
# Usage: bench/opportunities/stages.sh DUMP [customers]  (DUMP from discover with UNDERCURRENT_JAVA_OPTS=-Dundercurrent.dump=FILE)
set -euo pipefail
exec "$(dirname "$0")/java.sh" StagesFromDump.java "$@"
