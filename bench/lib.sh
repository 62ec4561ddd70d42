# What the benchmark scripts share; each sources it (bash) with
#   . "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
# which changes to the repository's root. Then:
#   bench_bazel ARGS...    ./bazelw ARGS, with --output_base set to
#                          $BAZEL_OUTPUT_BASE where that is set;
#   bench_build ARGS...    builds (Bazel's messages on stderr, no
#                          convenience symlinks) and sets $bin to bazel-bin
#                          (of the options among ARGS);
#   bench_tmpdir           sets $tmp to a new directory; at exit the QEMU
#                          of $qemu_pid is stopped and $tmp removed;
#   bench_free_port [P]    prints P, or if it is empty or in use a free
#                          127.0.0.1 port in [20000, 40000);
#   bench_stop             ends QEMU started with setsid, its pid in
#                          $qemu_pid: its whole process group (a QEMU left
#                          behind keeps its host port), and waits for it.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit

bench_nosym=--experimental_convenience_symlinks=ignore
qemu_pid=

bench_bazel() {
	if [ -n "${BAZEL_OUTPUT_BASE:-}" ]; then
		./bazelw --output_base="$BAZEL_OUTPUT_BASE" "$@"
	else
		./bazelw "$@"
	fi
}

bench_build() {
	local opts=() a

	for a in "$@"; do
		[[ $a != -* ]] || opts+=("$a")
	done
	bench_bazel build "$bench_nosym" "$@" >&2
	# shellcheck disable=SC2034 # for the script that sources this
	bin=$(bench_bazel info "$bench_nosym" "${opts[@]}" bazel-bin 2>/dev/null)
}

bench_tmpdir() {
	tmp=$(mktemp -d)
	trap 'bench_stop; rm -rf "$tmp"' EXIT
}

bench_free_port() {
	local port=${1:-}

	while [ -z "$port" ] ||
		(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		port=$((20000 + RANDOM % 20000))
	done
	echo "$port"
}

bench_stop() {
	[ -n "$qemu_pid" ] || return 0
	kill -- -"$qemu_pid" 2>/dev/null || true
	while kill -0 -- -"$qemu_pid" 2>/dev/null; do sleep 0.01; done
	wait "$qemu_pid" 2>/dev/null || true
	qemu_pid=
}
