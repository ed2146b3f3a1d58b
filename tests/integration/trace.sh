#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Tracepoints (issue 17): with events/ilnp enabled, one echo from MN (on
# a) to CN (on b) through R is seen at every layer it crosses: MN's
# transmit, R's receive, forward and transmit, CN's receive, and the
# reply back; a packet R and MN cannot take (version 4) is a drop with
# its reason at each; with the events disabled, nothing is recorded.
. tests/lib/common.sh
. tests/lib/topo.sh

PKT="python3 $PWD/tests/lib/ilnppkt.py"
T=/sys/kernel/tracing
ilnp_load
mobility_nodes
node_add X
for x in R CN MN X; do wait_ll "$x"; done
mountpoint -q $T || mount -t tracefs tracefs $T
for e in ilnp_rx ilnp_tx ilnp_forward ilnp_drop; do
	[ -d $T/events/ilnp/$e ] || fail "no tracepoint ilnp:$e"
done
# Traffic before the trace: the first echo's replies make the routes.
n MN ilnp-ping -c 1 -W 3 0:0:0:b:ffff:0:0:c >/dev/null

echo >$T/trace
echo 1 >$T/events/ilnp/enable
n MN ilnp-ping -c 1 -W 3 0:0:0:b:ffff:0:0:c | grep -q ', 1 received' ||
	fail "MN does not reach CN"
n X $PKT inject eth0 0:0:0:a version --src 0:0:0:a:0:0:0:99 \
	--dst 0:0:0:b:ffff:0:0:c
sleep 0.3
echo 0 >$T/events/ilnp/enable
# "ilnp_EVENT: fields", without the task, CPU and time columns.
sed -n 's/^.* \(ilnp_[a-z]*\): /\1 /p' $T/trace >/tmp/trace.txt
cat /tmp/trace.txt
req="src=0:0:0:a:ffff:0:0:d dst=0:0:0:b:ffff:0:0:c nexthdr=58"
rep="src=0:0:0:b:ffff:0:0:c dst=0:0:0:a:ffff:0:0:d nexthdr=58"
# The request, in the order it travels; then the reply's.
expect_eq "the request's way" \
	"$(grep -F "$req" /tmp/trace.txt | awk '{ print $1, $3, $(NF - 1) }')" \
	"ilnp_tx loc=0:0:0:a hlim=3
ilnp_rx loc=0:0:0:a hlim=3
ilnp_forward loc=0:0:0:b hlim=2
ilnp_tx loc=0:0:0:b hlim=2
ilnp_rx loc=0:0:0:b hlim=2"
expect_eq "the reply's way" \
	"$(grep -F "$rep" /tmp/trace.txt | awk '{ print $1, $3, $(NF - 1) }')" \
	"ilnp_tx loc=0:0:0:b hlim=3
ilnp_rx loc=0:0:0:b hlim=3
ilnp_forward loc=0:0:0:a hlim=2
ilnp_tx loc=0:0:0:a hlim=2
ilnp_rx loc=0:0:0:a hlim=2"
# Both nodes on a (R and MN) hear the forgery, and drop it.
expect_eq "the forgery's drops" \
	"$(grep -c '^ilnp_drop ifindex=[0-9]* reason=version$' /tmp/trace.txt)" 2
expect_eq "other drops" "$(grep -c '^ilnp_drop' /tmp/trace.txt)" 2

# ilnp-ping -I: MN, on c as well, sends from c, whatever its route to
# b (learnt on a) says; R forwards it from c, and the reply comes back
# there.  A locator not MN's is refused.
n MN ilnp-ip locator add 0:0:0:c dev ilnp0
echo >$T/trace
echo 1 >$T/events/ilnp/ilnp_tx/enable
n MN ilnp-ping -c 1 -W 3 -I 0:0:0:c 0:0:0:b:ffff:0:0:c | grep -q ', 1 received' ||
	fail "MN's echo from c got no reply"
echo 0 >$T/events/ilnp/ilnp_tx/enable
# MN's transmit from c, then R's onward from b.
expect_eq "MN's request from c" \
	"$(sed -n 's/^.* ilnp_tx: //p' $T/trace | grep -F 'src=0:0:0:c:ffff:0:0:d dst=0:0:0:b:ffff:0:0:c' | awk '{ print $2 }')" \
	"loc=0:0:0:c
loc=0:0:0:b"
rc=0
n MN ilnp-ping -c 1 -I 0:0:0:e 0:0:0:b:ffff:0:0:c 2>/tmp/err || rc=$?
expect_eq "ilnp-ping -I from a locator not ours: status" "$rc" 2
grep -q 'Not one of our locators' /tmp/err || fail "$(cat /tmp/err)"

# Disabled: the same echo leaves no record.
echo >$T/trace
n MN ilnp-ping -c 1 -W 3 0:0:0:b:ffff:0:0:c >/dev/null
expect_eq "records with the events off" \
	"$(grep -c ' ilnp_' $T/trace || true)" 0

topo_cleanup
ilnp_unload
