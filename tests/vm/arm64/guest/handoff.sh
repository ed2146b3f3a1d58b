# SPDX-License-Identifier: GPL-2.0
# A soft handoff with traffic (tests/integration/handoff.sh's first part):
# MN moves a -> b -> c -> a with a soft handoff of OVERLAP s while it and
# CN (on b) send each other RATE datagrams a second through R (on a, b
# and c).  Nothing lost, duplicated or reordered (the raw logs and
# ilnp-recv's summaries), no send failed, every move's two updates sent,
# acked and applied, CN sending to MN's last locator in the end.
. /tests/lib.sh

# A modest rate by default (one emulated Cortex-A72, TCG, carries every
# node); the path hold twice the x86 lanes' (50 ms), the same overlap
# and spacing of moves.  RATE=1000 HOLD=50 (handoff.sh's) passed too.
RATE=${RATE:-200}
HOLD=${HOLD:-100}
OVERLAP=${OVERLAP:-1}
GAP=${GAP:-2}

ilnp_load
trap kill_netns_procs EXIT
bridge_up
ilnp_node R ffff:0:0:1 0:0:0:a 0:0:0:b 0:0:0:c
ilnp_node CN ffff:0:0:c 0:0:0:b
ilnp_node MN ffff:0:0:d 0:0:0:a
n MN ilnp-ip node set path-hold "$HOLD"
n CN ilnp-ip node set path-hold "$HOLD"

secs=$((GAP * 4 + 1))
count=$((secs * RATE))
n CN ilnp-recv -p 9000 -b 8388608 -c $count -d $((secs + 60)) \
	-o /tmp/cn.log 2>/tmp/cn.err &
receivers=$!
n MN ilnp-recv -p 9000 -b 8388608 -c $count -d $((secs + 60)) \
	-o /tmp/mn.log 2>/tmp/mn.err &
receivers="$receivers $!"
wait_port CN 9000
wait_port MN 9000
n MN ilnp-send -r "$RATE" -c $count -s 200 -o /tmp/mn-send.log \
	0:0:0:b:ffff:0:0:c 9000 &
senders=$!
n CN ilnp-send -r "$RATE" -c $count -s 200 -o /tmp/cn-send.log \
	0:0:0:a:ffff:0:0:d 9000 &
senders="$senders $!"
for move in "a b" "b c" "c a"; do
	set -- $move
	sleep "$GAP"
	n MN ilnp-ip locator move 0:0:0:$1 0:0:0:$2 dev ilnp0 handoff "$OVERLAP"
done
for p in $senders; do wait $p; done
for p in $receivers; do wait $p; done
cat /tmp/cn.err /tmp/mn.err
check_log "MN -> CN" /tmp/cn.log "$(send_ok /tmp/mn-send.log)"
check_log "CN -> MN" /tmp/mn.log "$(send_ok /tmp/cn-send.log)"
summary_ok "MN -> CN" /tmp/cn.err $count
summary_ok "CN -> MN" /tmp/mn.err $count
# Where CN's datagrams reached MN: every locator MN had.
echo "CN -> MN by MN locator: $(awk '{ c[$5]++ } END { for (l in c) printf "%s %d  ", l, c[l] }' /tmp/mn.log)"

sleep 0.5
n MN ilnp-ip cache show
# Each move: one update when it starts, one when the old locator goes.
expect_eq "updates sent" "$(stat MN ilnp0 lu_sent)" 6
expect_soon "updates acked" 6 stat MN ilnp0 lu_acked
expect_eq "updates applied at CN" "$(stat CN ilnp0 lu_received)" 6
expect_eq "CN sends to MN at" \
	"$(n CN ilnp-ip cache show | awk '$1 == "ffff:0:0:d" { print $2 }')" 0:0:0:a
other=$(stat MN ilnp0 drop_other_network)
[ "$other" -gt 0 ] || fail "MN dropped no copy heard on its other network"

trap - EXIT
topo_cleanup
ilnp_unload
