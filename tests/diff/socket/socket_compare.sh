#!/usr/bin/env bash
# Runs the socket differential program on the host (Linux) and as an image
# on each architecture, and checks that every image prints exactly the
# host's "socket: " lines and exits with status 0.
#
#   socket_compare.sh HOST_BINARY IMAGE_OUTPUTS...
# IMAGE_OUTPUTS: the files of the image targets; <image>.run marks one.
set -uo pipefail

source tools/host_compare_lib.sh
compare_init "$@"
compare_lines socket
