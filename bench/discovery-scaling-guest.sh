#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside a test VM (bench/discovery-scaling.sh boots it): for chain,
# ring and mesh topologies of 4, 8 and 16 nodes (network namespaces; see
# bench/discovery-model.py for the definitions), one solicitation round
# from node n0, counted from the kernel's counters (disc_sent +
# disc_forwarded over all nodes), at hop limit 3 (the default, the
# prototype's) and at 64 (everything in reach), next to the counts the
# model gives for our rule and the prototype's on the same graph.
# Prints one table (also into the job directory, file table).
. tests/lib/common.sh
. tests/lib/topo.sh

MODEL="python3 $PWD/bench/discovery-model.py"
SIZES=${SIZES:-4 8 16}
TOPOS=${TOPOS:-chain ring mesh}

# As tests/integration/discovery.sh: a fixed link-local address without
# DAD; discovery silent until every locator is there.
node() {
	local name=$1 nid=$2 loc
	shift 2
	ip -n "$name" -b - <<-EOF
		link set lo up
		address add fe80::$nid/64 dev eth0 nodad
		link set eth0 up
		link add ilnp0 link eth0 type ilnp
	EOF
	ilnp-ip -n "$name" node set nid "$nid" hostname "$name" hoplimit 3 \
		discovery 0
	for loc in "$@"; do
		ilnp-ip -n "$name" locator add "$loc" dev ilnp0
	done
	ip -n "$name" link set ilnp0 up
}

# total NODE...: disc_sent + disc_forwarded summed over the nodes.
total() {
	local x k v t=0
	for x in "$@"; do
		while read -r k v; do
			case $k in disc_sent|disc_forwarded) t=$((t + v)) ;; esac
		done < <(ilnp-ip -n "$x" stats dev ilnp0)
	done
	echo "$t"
}

# round NODE...: one solicitation from the first node; the messages it
# cost, once the counters have stopped moving for a second.
round() {
	local before now last=-1
	before=$(total "$@")
	ilnp-ip -n "$1" neigh solicit
	sleep 1
	while :; do
		now=$(total "$@")
		[ "$now" = "$last" ] && break
		last=$now
		sleep 1
	done
	echo $((now - before))
}

# softnet_drops: packets the CPU's input backlog refused so far (every
# node's traffic crosses one guest CPU's backlog).
softnet_drops() {
	local t=0 _p d _
	while read -r _p d _; do
		t=$((t + 16#$d))
	done </proc/net/softnet_stat
	echo "$t"
}

# Every copy goes to all ports of the bridge and through the one CPU's
# input backlog: at the default 1000 the 16-mesh loses copies there.
sysctl -qw net.core.netdev_max_backlog="${BACKLOG:-10000}"
ilnp_load
ip -b - <<-EOF
	link add br0 type bridge mcast_snooping 0
	link set br0 up
EOF
rows=()
for topo in $TOPOS; do
	for size in $SIZES; do
		mapfile -t spec < <($MODEL nodes "$topo" "$size")
		names=()
		for line in "${spec[@]}"; do
			names+=("${line%% *}")
		done
		for x in "${names[@]}"; do
			echo "netns add $x"
			echo "link add v-$x type veth peer name eth0 netns $x"
			echo "link set v-$x master br0 up"
		done | ip -b -
		for line in "${spec[@]}"; do
			# shellcheck disable=SC2086
			node $line
		done
		for x in "${names[@]}"; do
			ilnp-ip -n "$x" node set discovery 3600
		done
		drops=$(softnet_drops)
		ours3=$(round "${names[@]}")
		for x in "${names[@]}"; do
			ilnp-ip -n "$x" node set hoplimit 64
		done
		sleep 1.1	# past the one-advertisement-a-second limit
		ours64=$(round "${names[@]}")
		drops=$(($(softnet_drops) - drops))
		read -r _ links _ model3 _ proto3 < <($MODEL count "$topo" "$size")
		read -r _ _ _ model64 _ < <($MODEL count "$topo" "$size" --hlim 64)
		rows+=("$topo $size $links $ours3 $model3 $proto3 $ours64 $model64 $drops")
		for x in "${names[@]}"; do
			echo "netns del $x"
		done | ip -b -
	done
done
ip link del br0
ilnp_unload

set +x
{
	echo "topology N links ours model prototype ratio ours@64 model@64 drops"
	for r in "${rows[@]}"; do
		set -- $r
		echo "$1 $2 $3 $4 $5 $6 $(awk -v p="$6" -v o="$4" \
			'BEGIN { printf "%.1f", p / o }') $7 $8 $9"
	done
} | column -t | tee "${ILNP_JOB:-/tmp}/table"
