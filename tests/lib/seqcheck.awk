# SPDX-License-Identifier: GPL-2.0
# Recompute what ilnp-recv sums up, from its raw log, independently of it:
#   awk -v sent=N -f seqcheck.awk RECV.LOG
# N is how many datagrams the sender numbered (0..N-1: its log's lines),
# so that losses at the end of the stream count too.  Prints one line
#   received R lost L duplicated D reordered O gap G overtaken V
# (G: the longest time between two consecutive arrivals, in ms; V: how
# many of the reordered arrived with a lower hop limit than the datagram
# that overtook them, i.e. were overtaken on a shorter path), then per
# arrival locator "on LOC count C first S last S" (lowest and highest
# sequence number that arrived there), sorted by first, and when some
# were lost "lost runs N: FIRST-LAST ..." (the first ten runs of losses).
# Log line: time seq peer peer_port locator size hoplimit.
$2 == "-" { next }
{
	s = $2 + 0
	received++
	if (s in seen) {
		dup++
	} else {
		seen[s] = 1
		if (received > 1 && s < max) {
			reord++
			# It took more hops than the later one that overtook
			# it: a new, shorter path, the sender's or ours.
			if ($7 < hmax)
				overtaken++
		}
	}
	if (received == 1 || s > max) {
		max = s
		hmax = $7
	}
	if (received > 1 && ($1 - prev) * 1000 > gap)
		gap = ($1 - prev) * 1000
	prev = $1
	if (!($5 in cnt)) {
		first[$5] = s
		last[$5] = s
	}
	cnt[$5]++
	if (s < first[$5])
		first[$5] = s
	if (s > last[$5])
		last[$5] = s
}
END {
	for (i = 0; i < sent; i++) {
		if (i in seen)
			continue
		lost++
		if (i - 1 in seen || i == 0) {
			if (++runs <= 10)
				ranges = ranges " " i
		}
		if (i + 1 in seen || i + 1 == sent)
			if (runs <= 10)
				ranges = ranges "-" i
	}
	printf "received %d lost %d duplicated %d reordered %d gap %d overtaken %d\n",
		received, lost, dup, reord, gap, overtaken
	if (runs)
		printf "lost runs %d:%s%s\n", runs, ranges, (runs > 10 ? " ..." : "")
	n = 0
	for (l in cnt)
		order[++n] = l
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (first[order[j]] < first[order[i]]) {
				t = order[i]; order[i] = order[j]; order[j] = t
			}
	for (i = 1; i <= n; i++)
		printf "on %s count %d first %d last %d\n", order[i],
			cnt[order[i]], first[order[i]], last[order[i]]
}
