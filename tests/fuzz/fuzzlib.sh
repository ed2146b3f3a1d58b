# SPDX-License-Identifier: GPL-2.0
# Helpers of the fuzzers and teardown tests (sourced after
# tests/lib/common.sh and topo.sh): the scale of a run, lean nodes,
# kmemleak, table caps.

# On the debug kernel (KASAN, lockdep, kmemleak under TCG) everything is
# about five times slower: short runs do a fifth of the work there.
case $(uname -r) in
*debug*) FUZZ_DEBUG=1 ;;
*) FUZZ_DEBUG=0 ;;
esac

# scaled N: N on the stock kernels, N / 5 on the debug kernel.
scaled() {
	if [ "$FUZZ_DEBUG" = 1 ]; then
		echo $(($1 / 5 > 0 ? $1 / 5 : 1))
	else
		echo "$1"
	fi
}

# A seed for a run: FUZZ_SEED if set (to replay a failure), else random.
fuzz_seed() {
	echo "${FUZZ_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}"
}

KMEMLEAK=/sys/kernel/debug/kmemleak

# kmemleak_begin: forget the reports so far (other tests', boot's).
kmemleak_begin() {
	[ -w $KMEMLEAK ] || return 0
	echo clear >$KMEMLEAK
}

# kmemleak_check: with the module still loaded (so that backtraces name
# [ilnp]), scan twice (kmemleak reports an object only once it has stayed
# unreferenced and unchanged across scans, and is 5 s old) and fail on
# any leak whose allocation trace goes through ilnp.
kmemleak_check() {
	[ -w $KMEMLEAK ] || return 0
	sleep 5
	echo scan >$KMEMLEAK
	sleep 1
	echo scan >$KMEMLEAK
	awk '/^unreferenced object/ { n++ } { obj[n] = obj[n] "\n" $0 }
	     END { for (i = 1; i <= n; i++)
			if (obj[i] ~ /ilnp/) { bad++; print obj[i] }
		   print "kmemleak: " n + 0 " unreferenced, " bad + 0 " from ilnp" }' \
		$KMEMLEAK >/tmp/kmemleak.out
	cat /tmp/kmemleak.out
	tail -1 /tmp/kmemleak.out | grep -q ', 0 from ilnp$' ||
		fail "kmemleak: objects allocated by ilnp leaked"
}

# node NAME NID LOC...: an ILNP node on br0 in few process starts (as
# discovery.sh: a fixed link-local address without DAD, discovery on with
# a period of an hour, so only the solicitation the test sends).
node() {
	local name=$1 nid=$2
	shift 2
	ip -b - <<-EOF
		netns add $name
		link add v-$name type veth peer name eth0 netns $name
		link set v-$name master br0 up
	EOF
	ip -n "$name" -b - <<-EOF
		link set lo up
		address add fe80::${nid##*:}/64 dev eth0 nodad
		link set eth0 up
	EOF
	[ -z "$*" ] && return
	ip -n "$name" link add ilnp0 link eth0 type ilnp
	node_up "$name" "$nid" "$@"
}

# node_up NAME NID LOC...: NAME's ilnp0 (made) gets the node's NID and
# hostname, LOC..., up, discovery as node says.
node_up() {
	local name=$1 nid=$2 loc
	shift 2
	ilnp-ip -n "$name" node set nid "$nid" hostname "$name" discovery 0
	for loc in "$@"; do
		ilnp-ip -n "$name" locator add "$loc" dev ilnp0
	done
	ip -n "$name" link set ilnp0 up
	ilnp-ip -n "$name" node set discovery 3600
}

# proto_node NAME NID GROUP LOC...: as node, on a prototype-profile
# device (port 10000, group GROUP: Documentation/protocol.rst).
proto_node() {
	local name=$1 nid=$2 group=$3
	shift 3
	node "$name" "$nid"
	ilnp-ip -n "$name" link add ilnp0 dev eth0 profile prototype \
		group "$group"
	node_up "$name" "$nid" "$@"
}

# kill_all NODE...: end the processes started in these netns.
kill_all() {
	local ns pids=
	for ns in "$@"; do
		pids="$pids $(ip netns pids "$ns" 2>/dev/null || true)"
	done
	[ -z "${pids// /}" ] && return
	kill -9 $pids
	wait $pids 2>/dev/null || true
}

# unload_clean: rmmod ilnp once nothing holds it (sockets of processes
# just killed may take a moment to go): a reference left after 10 s is
# a leak (a socket never freed, a device never released).
unload_clean() {
	local i
	for i in $(seq 100); do
		[ "$(cat /sys/module/ilnp/refcnt)" = 0 ] && break
		sleep 0.1
	done
	expect_eq "ilnp references" "$(cat /sys/module/ilnp/refcnt)" 0
	ilnp_unload
}

# tables_within_caps NODE: routes, neighbours and ILCC at most their caps
# (ilnp-ip node show; the ILCC's is ILNP_ILCC_MAX, 1024).
tables_within_caps() {
	local show
	show=$(n "$1" ilnp-ip node show)
	echo "$show"
	echo "$show" | awk '
		$1 == "routes" && $2 > $4 { print "routes " $2 " > " $4; bad = 1 }
		$1 == "neighbours" && $2 > $4 { print "neighbours " $2 " > " $4; bad = 1 }
		$1 == "cache" && $2 > 1024 { print "cache " $2 " > 1024"; bad = 1 }
		END { exit bad }' || fail "$1: a table above its cap"
}
