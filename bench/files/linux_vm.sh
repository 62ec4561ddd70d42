#!/usr/bin/env bash
# The files benchmark in a Linux VM on the same QEMU (bench/linux_vm.sh).
#
#   bench/files/linux_vm.sh VMLINUZ [RUNS]
exec "$(dirname "$0")/../linux_vm.sh" "$(dirname "$0")/files_bench.c" "$@"
