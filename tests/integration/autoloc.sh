#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Locators learnt from the network (issue 18): R serves a on its link
# ("locator add ... advertise", an advertisement a second); MN's device
# in automatic mode learns a (router, lifetime) and reaches CN on b
# through R; a second served locator is learnt and its withdrawal
# removes it; a manual locator wins over the learnt one and, deleted, is
# learnt again; R going quiet lets a expire; auto off forgets, auto on
# learns again.  Forgeries from X on the link: a lifetime 0 in R's name
# does not take a away (the two-interval floor), an advertisement that
# was forwarded (hop limit < 255) is refused, a forged locator nobody
# serves lives until a check of the link (a solicitation nobody answers
# for it) and the grace; anything but advertisements to the link-wide
# group is dropped.  And the tool's errors.
. tests/lib/common.sh
. tests/lib/topo.sh

trap kill_netns_procs EXIT
ilnp_load
bridge_up
ilnp_node R ffff:0:0:1 0:0:0:b
n R ilnp-ip node set ra-interval 1
n R ilnp-ip locator add 0:0:0:a dev ilnp0 advertise
ilnp_node CN ffff:0:0:c 0:0:0:b
node_add X
node_add MN
n MN ilnp-ip node set nid ffff:0:0:d hostname MN discovery 0
n MN ilnp-ip link add ilnp0 dev eth0 auto
for x in R CN MN X; do wait_ll "$x"; done

# learnt NODE: its learnt locators, sorted, on one line.
learnt() {
	n "$1" ilnp-ip locator show | awk '$6 == "learnt" { print $1 }' |
		sort | xargs
}
# field NODE LOC KEY: a value of LOC's line in locator show.
field() {
	n "$1" ilnp-ip locator show | awk -v l="$2" -v k="$3" '$1 == l {
		for (i = 2; i < NF; i++) if ($i == k) print $(i + 1) }'
}

expect_eq "link show says auto" \
	"$(n MN ilnp-ip link show ilnp0 | grep -c ' auto')" 1
expect_eq "R's locator marked advertise" \
	"$(n R ilnp-ip locator show | grep -c '^0:0:0:a dev ilnp0 preference 0 advertise$')" 1
n MN ilnp-ip monitor locator >/tmp/autoloc-mon 2>/tmp/autoloc-mon.err &
n MN ip link set ilnp0 up

# 1. Learnt at once: the solicitation on up is answered.
expect_soon "MN learns a" "0:0:0:a" learnt MN
expect_eq "a's router" "$(field MN 0:0:0:a router)" ffff:0:0:1
life=$(field MN 0:0:0:a valid)
case $life in 1s | 2s | 3s) echo "ok: lifetime $life" ;;
*) fail "a's lifetime: got '$life', want 1s..3s (3 intervals)" ;; esac
n MN ilnp-ip -j locator show | python3 -c '
import json, sys
l = json.load(sys.stdin)[0]
want = {"locator": "0:0:0:a", "learnt": True, "router": "ffff:0:0:1",
        "advertise": False, "stale": False, "preference": 0}
got = {k: l.get(k) for k in want}
assert got == want, got
assert 1 <= l["lifetime"] <= 3, l
print("ok: JSON", l)'
[ "$(stat MN ilnp0 rs_sent)" -ge 1 ] || fail "MN sent no solicitation"
[ "$(stat R ilnp0 rs_received)" -ge 1 ] || fail "R heard no solicitation"
[ "$(stat MN ilnp0 ra_received)" -ge 1 ] || fail "MN counted no advertisement"
grep -q "locator add locator 0:0:0:a dev ilnp0 router ffff:0:0:1 pref 0" /tmp/autoloc-mon ||
	fail "no learnt add event: $(cat /tmp/autoloc-mon)"
n MN ilnp-ping -c 1 -W 3 0:0:0:b:ffff:0:0:c >/dev/null ||
	fail "MN cannot reach CN from its learnt locator"

# 2. A second locator served, then withdrawn (lifetime 0): gone within
# two intervals, not at once (the floor), and not after a lifetime.
n R ilnp-ip locator add 0:0:0:c dev ilnp0 advertise preference 7
expect_soon "MN learns c" "0:0:0:a 0:0:0:c" learnt MN
expect_eq "c's preference, the router's" "$(field MN 0:0:0:c preference)" 7
n R ilnp-ip locator del 0:0:0:c dev ilnp0
expect_soon "the withdrawal removes c" "0:0:0:a" learnt MN

# 3. Manual wins: added by hand it is the administrator's; the
# advertisements for it are ignored (counted); deleted, it is learnt
# again.
ign0=$(stat MN ilnp0 ra_ignored)
n MN ilnp-ip locator add 0:0:0:a dev ilnp0 preference 5
expect_eq "a is manual now" "$(learnt MN)" ""
expect_eq "a's manual preference" "$(field MN 0:0:0:a preference)" 5
sleep 1.5
[ "$(stat MN ilnp0 ra_ignored)" -gt "$ign0" ] ||
	fail "advertisements of a manual locator not counted as ignored"
expect_eq "still manual after adverts" "$(field MN 0:0:0:a preference)" 5
n MN ilnp-ip locator del 0:0:0:a dev ilnp0
expect_soon "a learnt again" "0:0:0:a" learnt MN

# 4. Forgeries from X, a host on the link (no ilnp device).
# A lifetime 0 in R's name: a stays (R's next advertisement refreshes it
# before the two-interval floor ends); no delete event.
: >/tmp/autoloc-mon
ign0=$(stat MN ilnp0 ra_ignored)
n X $PKT inject eth0 ff02:0:0:1 la --src 0:0:0:a:ffff:0:0:1 \
	--newloc 0:0:0:a --lifetime 0
sleep 3
expect_eq "a kept against a forged withdrawal" "$(learnt MN)" 0:0:0:a
[ "$(stat MN ilnp0 ra_ignored)" -gt "$ign0" ] ||
	fail "the refused cut is not counted"
expect_eq "no delete event" "$(grep -c 'locator del' /tmp/autoloc-mon || true)" 0
# Forwarded (hop limit 254): refused as malformed, nothing learnt.
mal0=$(stat MN ilnp0 drop_malformed)
n X $PKT inject eth0 ff02:0:0:1 la --src 0:0:0:e:ffff:0:0:99 \
	--newloc 0:0:0:e --lifetime 30 --hlim 254
expect_soon "hop limit 254 refused" "$((mal0 + 1))" stat MN ilnp0 drop_malformed
# A locator nobody serves, from a forged router: taken (nothing tells
# it from a router's), but a router not heard before is a sign the link
# changed: MN checks it (solicits); R answers with a, nobody with f: f
# goes stale (ra_unheard) and is deleted after the grace (3 s), long
# before its lifetime (600 s); a stays.
exp0=$(stat MN ilnp0 ra_expired) chk0=$(stat MN ilnp0 ra_checks)
unh0=$(stat MN ilnp0 ra_unheard)
n X $PKT inject eth0 ff02:0:0:1 la --src 0:0:0:f:ffff:0:0:99 \
	--newloc 0:0:0:f --lifetime 600
# From one look: f lives only the check and the grace (4.5 s), and a
# look takes seconds on the debug kernel.
f_seen() {
	n MN ilnp-ip locator show >/tmp/autoloc-f
	echo "$(awk '$6 == "learnt" { print $1 }' /tmp/autoloc-f | sort | xargs)" \
		"$(awk '$1 == "0:0:0:f" { for (i = 2; i < NF; i++)
			if ($i == "router") print $(i + 1) }' /tmp/autoloc-f)"
}
expect_soon "the forged f learnt, its router named" \
	"0:0:0:a 0:0:0:f ffff:0:0:99" f_seen
expect_soon "f gone after the check and the grace" "0:0:0:a" learnt MN
expect_eq "f unheard" "$(stat MN ilnp0 ra_unheard)" "$((unh0 + 1))"
expect_eq "f expired" "$(stat MN ilnp0 ra_expired)" "$((exp0 + 1))"
[ "$(stat MN ilnp0 ra_checks)" -gt "$chk0" ] || fail "MN did not check the link"
n MN ilnp-ping -c 1 -W 3 0:0:0:b:ffff:0:0:c >/dev/null ||
	fail "MN lost CN over the forgeries"
# Not an advertisement, to the link-wide group: dropped.
grp0=$(stat MN ilnp0 drop_group)
n X $PKT inject eth0 ff02:0:0:1 stp-noport --src 0:0:0:f:ffff:0:0:99 \
	--dst ff02:0:0:1:0:0:0:0
expect_soon "STP to all nodes dropped" "$((grp0 + 1))" stat MN ilnp0 drop_group

# 5. R quiet (its device down): a expires; up again, learnt again.
exp0=$(stat MN ilnp0 ra_expired)
n R ip link set ilnp0 down
expect_soon "a expires without adverts" "" learnt MN
expect_eq "a expired" "$(stat MN ilnp0 ra_expired)" "$((exp0 + 1))"
n R ip link set ilnp0 up
expect_soon "a learnt after R is back" "0:0:0:a" learnt MN

# 6. Auto off forgets, on learns again.
n MN ilnp-ip link set ilnp0 auto off
expect_eq "auto off: nothing learnt" "$(learnt MN)" ""
expect_eq "auto off: link show" \
	"$(n MN ilnp-ip link show ilnp0 | grep -c ' auto' || true)" 0
sleep 1.5
expect_eq "auto off: adverts not taken" "$(learnt MN)" ""
n MN ilnp-ip link set ilnp0 auto on
expect_soon "auto on: a learnt" "0:0:0:a" learnt MN

# 7. The tool's errors (exit 1, as for any command line error).
# expect_fail STATUS MESSAGE CMD...: CMD exits STATUS saying MESSAGE.
expect_fail() {
	local want=$1 msg=$2 rc=0
	shift 2
	"$@" 2>/tmp/err || rc=$?
	expect_eq "exit status of '$*'" "$rc" "$want"
	grep -qxF -- "$msg" /tmp/err || fail "'$*': no '$msg' in: $(cat /tmp/err)"
}
expect_fail 1 'Error: invalid auto "maybe" (on or off)' \
	ilnp-ip -n MN link set ilnp0 auto maybe
expect_fail 1 'Error: "eth0" is not an ilnp device' \
	ilnp-ip -n MN link set eth0 auto on
expect_fail 1 "Error: ra-interval must be 1..3600" \
	ilnp-ip -n MN node set ra-interval 0
expect_eq "node show" "$(n R ilnp-ip node show | grep -c '^ra-interval 1s$')" 1

kill_netns_procs
topo_cleanup
ilnp_unload
echo "autoloc: ok"
