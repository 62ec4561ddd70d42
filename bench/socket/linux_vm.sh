#!/usr/bin/env bash
# The socket benchmark in a Linux VM on the same QEMU (bench/linux_vm.sh):
# AF_UNIX figures only, as the VM's loopback interface is down.
#
#   bench/socket/linux_vm.sh VMLINUZ [RUNS]
exec "$(dirname "$0")/../linux_vm.sh" "$(dirname "$0")/socket_bench.c" "$@"
