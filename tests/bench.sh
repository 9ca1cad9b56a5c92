#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/bench.sh - `make bench`: the benchmark suite lives in tests/bench/.
set -u
exec "$(dirname "$0")/bench/run.sh" "$@"
