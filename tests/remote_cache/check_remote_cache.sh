#!/usr/bin/env bash
# Remote cache check (issue 20): test results, not only builds, come from
# an HTTP cache, and a change re-runs exactly the tests it can affect.
#
#   check_remote_cache.sh [--cache URL] [PATTERN...]   (default //...)
#
# --cache URL: the cache already holds the results of a full
#   `bazel test //... --config=remote-cache --remote_cache=URL` of this
#   commit (.ci/run runs the README's test command so). Without it, the
#   check starts its own nginx WebDAV cache on 127.0.0.1
#   (cache_server.sh) and makes that full run itself, in a first clone
#   (this takes as long as the whole suite).
#
# Then, in a clone of this commit at another path with an empty output
# base, as a second machine or CI after `bazel clean` would be:
#  1. `bazel test //... --config=remote-cache` reports every test
#     "(cached)": it executes no test and runs no action locally (but
#     Bazel's writing of test.xml files from cached logs). Tests
#     tagged no-remote-cache are left out (--test_tag_filters) and listed.
#  2. A kernel library changes ($lib below): exactly the
#     tests that depend on that library (bazel query rdeps) run again,
#     with the release archive's (stamped with the tree's commit, which
#     every change moves); every other test is cached.
# Prints the time each step took. Never modifies this checkout.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$top/tests/remote_cache

# The changed library: //posix/fs:vfs_mount (host shares, registered) is
# in few images, whose tests take seconds (//posix:all images carry most
# libraries now, and their tests take minutes). The edit appends a
# constant that the linker keeps (retain), so each image that links the
# library changes.
lib=//posix/fs:vfs_mount
lib_file=posix/fs/vfs_mount.c
lib_line='__attribute__((used, retain)) static const char cache_check[] = "1";'
# The targets stamped with the commit (tools/release/workspace_status.sh).
stamped=//release

url='' patterns=()
while [ $# -gt 0 ]; do
	case "$1" in
	--cache) url=$2; shift 2 ;;
	-*) echo "check_remote_cache.sh: unknown option $1" >&2; exit 2 ;;
	*) patterns+=("$1"); shift ;;
	esac
done
[ ${#patterns[@]} -gt 0 ] || patterns=(//...)
port=${TESSERA_CACHE_PORT:-0}

work=$(mktemp -d /tmp/tessera-cache.XXXXXX)
src=$work/src
chmod 755 "$work"
cleanup() {
	[ -d "$src" ] && (cd "$src" &&
		/usr/bin/bazel-4 --output_base="$work/out" shutdown) > /dev/null 2>&1
	[ -d "$work/out1" ] && (cd "$work/first" &&
		/usr/bin/bazel-4 --output_base="$work/out1" shutdown) > /dev/null 2>&1
	"$here/cache_server.sh" stop "$work/server" > /dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

fail() {
	echo "remote-cache: FAILED: $*" >&2
	exit 1
}
now() { date +%s; }

git clone -q "$top" "$src"
cd "$src"
bazel=(./bazelw --output_base="$work/out")
# No disk cache: every hit must come from the remote cache.
cflags=(--config=remote-cache --disk_cache=)

if [ -z "$url" ]; then
	url=$("$here/cache_server.sh" start "$work/server" "$port") ||
		fail "could not start the cache server"
	t=$(now)
	git clone -q "$top" "$work/first"
	first=(./bazelw --output_base="$work/out1")
	(cd "$work/first" && "${first[@]}" test -k "${cflags[@]}" \
		--remote_cache="$url" "${patterns[@]}") > "$work/first.log" 2>&1 || {
		tail -50 "$work/first.log"
		fail "the first full test run failed"
	}
	(cd "$work/first" && "${first[@]}" shutdown) > /dev/null 2>&1
	rm -rf "$work/out1"
	echo "remote-cache: first full run: $(($(now) - t)) s"
fi
cflags+=(--remote_cache="$url")

# Passing tests in a log's summary, one label a line: all ($2 = all) or
# those that ran, not from a cache ($2 = run).
passed() {
	case "$2" in
	all) sed -nE 's|^(//[^ ]+) +(\(cached\) )?PASSED.*|\1|p' "$1" ;;
	run) sed -nE 's|^(//[^ ]+) +PASSED.*|\1|p' "$1" ;;
	esac | sort -u
}
# Spawns that ran here rather than coming from the cache, from Bazel's
# execution log (a stream of JSON objects), one "MNEMONIC OUTPUT" a line.
# Left out: Bazel writes a test.xml for a test whose runner wrote none,
# from its test.log, after every run, cached or not.
local_spawns() {
	python3 - "$1" <<'PY'
import json, sys
log = open(sys.argv[1]).read()
dec, i = json.JSONDecoder(), 0
while True:
    while i < len(log) and log[i].isspace():
        i += 1
    if i == len(log):
        break
    spawn, i = dec.raw_decode(log, i)
    outs = [o["path"] for o in spawn.get("actualOutputs", [])]
    if spawn.get("remoteCacheHit") or all(o.endswith("/test.xml") for o in outs):
        continue
    print(spawn.get("mnemonic"), outs[0] if outs else "")
PY
}
uncached=$("${bazel[@]}" query 'attr(tags, "no-remote-cache", tests(//...))' \
	2> /dev/null | sort) || fail "bazel query failed"

# 1. Everything from the cache.
t=$(now)
tflags=(--test_tag_filters=-no-remote-cache --test_summary=short)
"${bazel[@]}" test "${cflags[@]}" "${tflags[@]}" "${patterns[@]}" \
	--execution_log_json_file="$work/second.json" > "$work/second.log" 2>&1 || {
	tail -50 "$work/second.log"
	fail "the test run from the cache failed"
}
step1=$(($(now) - t))
all=$(passed "$work/second.log" all)
ran=$(passed "$work/second.log" run)
n_all=$(echo "$all" | grep -c . || true)
[ "$n_all" -gt 0 ] || fail "no test passed: $(tail -5 "$work/second.log")"
grep -E '^Executed 0 out of [0-9]+ tests?' "$work/second.log" ||
	fail "tests ran instead of coming from the cache:" $ran
spawns=$(local_spawns "$work/second.json")
[ -z "$spawns" ] || fail "actions ran locally:"$'\n'"$spawns"
echo "remote-cache: all $n_all tests from the cache, no action ran" \
	"locally (${step1} s): $(grep -E '^INFO: [0-9]+ proc' "$work/second.log")"
echo "remote-cache: not cached by design (no-remote-cache):" $uncached

# 2. One library changed: exactly its dependent tests run, and the tests
# of the release archive, whose MANIFEST records the tree's commit (a
# stable workspace status key that any change moves, here to "-dirty").
echo "$lib_line" >> "$lib_file"
deps=$("${bazel[@]}" query \
	"tests(//...) intersect rdeps(//..., $lib + $stamped)" \
	2> /dev/null | sort -u) || fail "bazel query failed"
want=$(comm -12 <(echo "$all") <(echo "$deps"))
t=$(now)
"${bazel[@]}" test -k "${cflags[@]}" "${tflags[@]}" "${patterns[@]}" \
	> "$work/third.log" 2>&1 || {
	tail -50 "$work/third.log"
	fail "the test run after changing $lib failed"
}
step2=$(($(now) - t))
got=$(passed "$work/third.log" run)
if [ "$got" != "$want" ]; then
	echo "tests that depend on $lib:" $want >&2
	echo "tests that ran:" $got >&2
	diff <(echo "$want") <(echo "$got") >&2 || true
	fail "a change to $lib did not re-run exactly its dependent tests"
fi
n_got=$(echo "$got" | grep -c . || true)
[ "$n_got" -gt 0 ] || fail "no test depends on $lib"
echo "remote-cache: $lib changed: its $n_got dependent tests ran, the" \
	"other $((n_all - n_got)) came from the cache (${step2} s):" $got
echo "remote-cache: PASSED"
