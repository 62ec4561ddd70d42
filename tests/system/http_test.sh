#!/usr/bin/env bash
# System test of an HTTP image, as a user would run it: boot it in QEMU
# with user networking and a port forward on 127.0.0.1, wait for its
# "Listening" line, then talk to it with curl and raw sockets.
#
#   http_test.sh --arch A --files IMAGE.run [--page EXPECTED_BODY_FILE]
#                [--machine QEMU_MACHINE]
set -uo pipefail

arch= page= machine= files=()
source tests/system/net_image_lib.sh
net_image_args "arch page machine" "files" "$@"
net_image_pick "${files[@]}"
net_image_boot "Listening on port" --timeout 900 ${machine:+--machine "$machine"}
url=http://127.0.0.1:$port/

get() { curl -s --max-time 30 "$url"; }

# 1. The exact page.
body=$(get) || fail "curl failed on the first request"
[ "$body" = "$(cat "$page")" ] || fail "unexpected page: $body"

# 2. 500 sequential requests.
bad=0
for i in $(seq 1 500); do
	[ "$(get)" = "$(cat "$page")" ] || bad=$((bad + 1))
done
[ $bad -eq 0 ] || fail "$bad of 500 sequential requests failed"

# 3. 32 concurrent clients.
pids=()
for i in $(seq 1 32); do
	(get > "$tmp/c$i.out") &
	pids+=($!)
done
bad=0
for i in $(seq 1 32); do
	wait "${pids[$((i - 1))]}" && cmp -s "$tmp/c$i.out" "$page" || bad=$((bad + 1))
done
[ $bad -eq 0 ] || fail "$bad of 32 concurrent requests failed"

# 4. Bad clients must not stop the server.
(exec 3<> "/dev/tcp/127.0.0.1/$port" && exec 3>&-) 2> /dev/null
[ "$(get)" = "$(cat "$page")" ] || fail "no answer after a client connected and closed"
head -c 1048576 /dev/urandom | timeout 60 perl -MIO::Socket::INET -e '
	my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[0]) or exit 0;
	local $/; my $d = <STDIN>; local $SIG{PIPE} = "IGNORE"; print $s $d; close $s;' "$port"
[ "$(get)" = "$(cat "$page")" ] || fail "no answer after a client sent 1 MiB of garbage"
perl -MIO::Socket::INET -MSocket -e '
	my $s = IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[0]) or exit 0;
	print $s "GET / HTTP/1.1\r\n";
	setsockopt($s, SOL_SOCKET, SO_LINGER, pack("ii", 1, 0)); close $s;' "$port"
[ "$(get)" = "$(cat "$page")" ] || fail "no answer after a client reset its connection"

# 5. A client reconnecting from the port of a connection that just closed
# (its server side is in TIME_WAIT) is answered at once, not after 2 MSL.
# QEMU's user network keeps the client's port, as a real network would.
# Client ports come from above Linux's ephemeral range (32768-60999), and
# one in use is skipped.
for i in 1 2 3; do
	timeout 120 perl -MIO::Socket::INET -e '
	my $port = $ARGV[0];
	my ($lport, $s);
	for my $try (1 .. 50) {
		$lport = 61000 + int(rand(4500));
		$s = IO::Socket::INET->new(PeerAddr => "127.0.0.1",
			PeerPort => $port, LocalAddr => "127.0.0.1",
			LocalPort => $lport, ReuseAddr => 1, Timeout => 30)
			and last;
	}
	$s or die "no free client port: $!\n";
	for my $i (1, 2) {
		$s ||= IO::Socket::INET->new(PeerAddr => "127.0.0.1",
			PeerPort => $port, LocalAddr => "127.0.0.1",
			LocalPort => $lport, ReuseAddr => 1, Timeout => 30)
			or die "connection $i from port $lport: $!\n";
		print $s "GET / HTTP/1.1\r\nHost: t\r\n\r\n";
		my ($r, $rin) = ("", "");
		vec($rin, fileno($s), 1) = 1;
		while (select(my $rout = $rin, undef, undef, 30)) {
			sysread($s, my $b, 4096) or last;
			$r .= $b;
		}
		close $s;
		undef $s;
		$r =~ /It works!/
			or die "connection $i from port $lport: no page within 30 s\n";
	}' "$port" || fail "a client reconnecting from its previous port was not answered"
done

echo "PASS: $image answered 541 requests and survived bad clients"
