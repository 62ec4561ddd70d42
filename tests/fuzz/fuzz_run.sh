#!/usr/bin/env bash
# Runs a fuzz target (tests/fuzz/fuzz.bzl) on its seed corpus. libFuzzer
# builds (--config=fuzz) fuzz for FUZZ_SECONDS (default 30), keeping new
# inputs in the test's temporary directory and any crashing input in its
# outputs; replay builds ignore those options and run the seeds and their
# fixed-seed mutations.
#
#   fuzz_run.sh TARGET CORPUS_DIR
set -uo pipefail

target=$1 corpus=$2
out=${TEST_UNDECLARED_OUTPUTS_DIR:-${TEST_TMPDIR:-/tmp}}
new=${TEST_TMPDIR:-/tmp}/corpus.new
mkdir -p "$new"
exec "$target" -max_total_time="${FUZZ_SECONDS:-30}" \
	-artifact_prefix="$out/" "$new" "$corpus"
