#!/usr/bin/env bash
# Runs the event differential program on the host (Linux) and as an image
# on each architecture, and checks that every image prints exactly the
# host's "event: " lines and exits with status 0. Standard input is
# /dev/null: the program polls fd 0 for output.
#
#   event_compare.sh HOST_BINARY IMAGE_OUTPUTS...
# IMAGE_OUTPUTS: the files of the image targets; <image>.run marks one.
set -uo pipefail

source tools/host_compare_lib.sh
compare_init "$@"
compare_prefixed_lines event
