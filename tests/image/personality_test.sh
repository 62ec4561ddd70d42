#!/usr/bin/env bash
# Images carry only the POSIX parts they name: helloworld (//posix:base
# only) has no poll/select/epoll/eventfd, user-ID or socket syscall, while
# httpepoll (which names //posix/event) has the epoll ones, so the check
# itself can fail. A syscall is in an image when its registration record
# (UK_SYSCALL_DEFINE's __uk_sc_entry_<name>) is. Arguments: --without
# ELF... --with ELF...
set -uo pipefail
nm=/usr/lib/llvm-19/bin/llvm-nm
absent='^__uk_sc_entry_(epoll_[a-z0-9]+|poll|ppoll|select|pselect6|eventfd2?|getuid|setresuid|capget|socket|bind)$'
present='^__uk_sc_entry_(epoll_create1|epoll_ctl|epoll_pwait)$'
status=0 mode=
for arg in "$@"; do
	case "$arg" in
	--without | --with) mode=$arg; continue ;;
	esac
	syms=$("$nm" --defined-only -j "$arg") || { echo "FAIL: cannot read $arg"; exit 1; }
	if [ "$mode" = --without ]; then
		hits=$(grep -E "$absent" <<< "$syms")
		if [ -n "$hits" ]; then
			echo "FAIL: $arg links syscalls it does not name:" $hits
			status=1
		else
			echo "ok: $arg has no event, user-ID or socket syscall"
		fi
	else
		n=$(grep -cE "$present" <<< "$syms")
		if [ "$n" -ne 3 ]; then
			echo "FAIL: $arg lacks the epoll syscalls it names ($n of 3)"
			status=1
		else
			echo "ok: $arg has the epoll syscalls"
		fi
	fi
done
exit $status
