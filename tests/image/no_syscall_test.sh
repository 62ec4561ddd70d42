#!/usr/bin/env bash
# Checks that linked images contain no system call instruction: musl's
# syscalls must all be direct calls into core/syscall (x86_64: no
# `syscall`; arm64: no `svc`). Arguments: the images' .dbg ELF files.
set -uo pipefail
if [ $# -eq 0 ]; then
	echo "FAIL: no images to check"
	exit 1
fi
objdump=/usr/lib/llvm-19/bin/llvm-objdump
status=0
for elf in "$@"; do
	# Instruction lines: "  addr: bytes <tab> mnemonic operands".
	hits=$("$objdump" -d --no-show-raw-insn "$elf" |
		grep -E '^[[:space:]]*[0-9a-f]+:[[:space:]]+(syscall|sysenter|int[[:space:]]+\$0x80|svc)([[:space:]]|$)')
	n=$(printf '%s' "$hits" | grep -c . || true)
	if [ "$n" -ne 0 ]; then
		echo "FAIL: $elf has $n system call instruction(s):"
		printf '%s\n' "$hits" | head -20
		status=1
	else
		insns=$("$objdump" -d --no-show-raw-insn "$elf" | grep -cE '^[[:space:]]*[0-9a-f]+:')
		echo "ok: $elf: no system call instruction in $insns instructions"
	fi
done
exit $status
