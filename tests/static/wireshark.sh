#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Wireshark dissector (tools/wireshark/ilnp.lua) under Debian's
# tshark: a capture crafted by tests/lib/wirepcap.py (independent of the
# C code and of the dissector) with one valid packet of every message
# type the module sends, then malformed ones.  Every field is checked
# exactly; valid packets carry no expert info at all, each malformed one
# its own Malformed or Checksum entry; no Lua error; the port preference
# and "Decode As" move the dissector to another port.
set -euo pipefail
top=$(dirname "$(dirname "$(dirname "$(readlink -f "$0")")")")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

command -v tshark >/dev/null || fail "tshark is not installed (make deps)"
lua=$top/tools/wireshark/ilnp.lua
# A HOME of our own: no personal preferences, no personal plugin folder
# (a copy of ilnp.lua there would load first, and this one not at all).
export HOME=$tmp XDG_CONFIG_HOME=$tmp/.config
global=$(tshark -G folders 2>/dev/null |
	awk -F'\t' '/^Global Lua Plugins:/ { print $2 }')
if [ -e "$global/ilnp.lua" ] && ! cmp -s "$global/ilnp.lua" "$lua"; then
	fail "$global/ilnp.lua (make install) differs from tools/wireshark/ilnp.lua and would load instead: reinstall or remove it"
fi
python3 "$top/tests/lib/wirepcap.py" "$tmp/w.pcap" >"$tmp/names"

# ts ARGS...: tshark with the dissector over the capture.  As root it
# warns ("Running as user root ... dangerous") and still runs Lua:
# Debian's init.lua sets run_user_scripts_when_superuser.  Any other
# line on stderr (a Lua error while loading) fails.
pcap=$tmp/w.pcap
ts() {
	tshark -X "lua_script:$lua" -r "$pcap" "$@" 2>"$tmp/err"
	if grep -v '^Running as user "root"' "$tmp/err"; then
		fail "tshark $*: the above on stderr"
	fi
}

# check WHAT FILTER FIELD...: one line per frame matching FILTER, its
# number then each FIELD, "|"-separated, compared with stdin.
check() {
	local what=$1 filter=$2 f args=()
	shift 2
	for f in "$@"; do
		args+=(-e "$f")
	done
	cat >"$tmp/want"
	ts -Y "$filter" -T fields -E separator='|' -E occurrence=a \
		-e frame.number "${args[@]}" >"$tmp/got"
	diff -u "$tmp/want" "$tmp/got" >"$tmp/diff" || {
		cat "$tmp/diff"
		fail "$what: fields differ (- wanted, + got)"
	}
	echo "ok: $what ($(wc -l <"$tmp/got") frames)"
}

# The whole tree of every packet: no Lua error in any dissection.
ts -V >"$tmp/tree"
grep -n 'Lua Error' "$tmp/tree" && fail "a Lua error while dissecting"
grep -qx 'ILNPv6 overlay, Src: 0:0:0:a:ffff:0:0:1, Dst: 0:0:0:b:ffff:0:0:2, on 0:0:0:b' \
	"$tmp/tree" || fail "no ILNPv6 tree in tshark -V"

# The ILNPv6 header and the nonce, every valid frame.
check "ILNPv6 header, nonce option, Info column" 'frame.number <= 13' \
	ilnp.version ilnp.src ilnp.src.loc ilnp.src.nid ilnp.dst \
	ilnp.dst.loc ilnp.dst.nid ilnp.plen ilnp.nxt ilnp.hlim \
	ilnp.dstopt.nxt ilnp.nonce _ws.col.Info <<'EOF'
1|6|0:0:0:a:ffff:0:0:1|0:0:0:a|ffff:0:0:1|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|16|58|3|||Echo request id=0x4242 seq=1
2|6|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|0:0:0:a:ffff:0:0:1|0:0:0:a|ffff:0:0:1|16|58|3|||Echo reply id=0x4242 seq=1
3|6|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|0:0:0:c:ffff:0:0:1|0:0:0:c|ffff:0:0:1|24|60|3|58|0xb0b0b0b0|Echo request id=0x1234 seq=77 (return routability probe) nonce=0xb0b0b0b0
4|6|0:0:0:a:ffff:0:0:1|0:0:0:a|ffff:0:0:1|ff02:0:0:1:0:0:0:0|ff02:0:0:1|0:0:0:0|45|58|3|||Discovery solicitation from ffff:0:0:1 seq 16 "alice" (1 locator)
5|6|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|ff02:0:0:1:0:0:0:0|ff02:0:0:1|0:0:0:0|59|58|2|||Discovery advertisement from ffff:0:0:2 seq 32 "bob" (2 locators)
6|6|0:0:0:c:ffff:0:0:1|0:0:0:c|ffff:0:0:1|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|40|60|3|58|0xa0a0a0a0|Locator update seq 3 (2 locators) nonce=0xa0a0a0a0
7|6|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|0:0:0:c:ffff:0:0:1|0:0:0:c|ffff:0:0:1|40|60|3|58|0xb0b0b0b0|Locator update ack seq 3 (2 locators) nonce=0xb0b0b0b0
8|6|0:0:0:a:ffff:0:0:1|0:0:0:a|ffff:0:0:1|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|26|60|3|17|0x12345678|STP 40000 -> 9000 len=18 nonce=0x12345678
9|6|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|0:0:0:a:ffff:0:0:1|0:0:0:a|ffff:0:0:1|8|17|3|||STP 9000 -> 40000 len=8
10|6|0:0:0:a:ffff:0:0:1|0:0:0:a|ffff:0:0:1|0:0:0:b:ffff:0:0:2|0:0:0:b|ffff:0:0:2|30|60|3|253|0x12345678|Identity packet, next header 17 nonce=0x12345678: Request
11|6|0:0:0:0:ffff:0:0:4|0:0:0:0|ffff:0:0:4|ff02:0:0:1:0:0:0:0|ff02:0:0:1|0:0:0:0|16|58|255|||Locator solicitation id=0x0123456789abcdef
12|6|0:0:0:b:ffff:0:0:3|0:0:0:b|ffff:0:0:3|ff02:0:0:1:0:0:0:0|ff02:0:0:1|0:0:0:0|48|58|255|||Locator advertisement (2 locators, 1 withdrawn, interval 10 s)
13|6|0:0:0:b:ffff:0:0:3|0:0:0:b|ffff:0:0:3|ff02:0:0:1:0:0:0:0|ff02:0:0:1|0:0:0:0|32|58|255|||Locator advertisement (1 locator, interval 10 s) solicited id=0x0123456789abcdef
EOF

# The network each copy is on: the outer destination group's locator
# (ff12:0:G:0:L), frame 5 on group id 1000, locator advertisements on
# the link-wide group (ff02:0:0:1).
check "network of the outer group" 'frame.number <= 13' \
	ilnp.net ilnp.group_id <<'EOF'
1|0:0:0:b|0
2|0:0:0:a|0
3|0:0:0:c|0
4|0:0:0:a|0
5|0:0:0:b|1000
6|0:0:0:b|0
7|0:0:0:c|0
8|0:0:0:b|0
9|0:0:0:a|0
10|0:0:0:b|0
11|ff02:0:0:1|0
12|ff02:0:0:1|0
13|ff02:0:0:1|0
EOF

# Echo, with the checksums wirepcap.py computed: status 1 is Good, 0 Bad.
check "echo request and reply, probe" 'ilnp.echo.id' \
	ilnp.icmp.type ilnp.icmp.code ilnp.icmp.checksum \
	ilnp.icmp.checksum.status ilnp.echo.id ilnp.echo.seq ilnp.echo.data \
	ilnp.echo.probe <<'EOF'
1|128|0|0x5b78|1|0x4242|1|7878787878787878|
2|129|0|0x5a78|1|0x4242|1|7878787878787878|
3|128|0|0x5d06|1|0x1234|77|0102030405060708|1
25|128|0|0xa478|0|0x4242|1|7878787878787878|
27|128|1|0x5b77|1|0x4242|1|7878787878787878|
EOF

check "discovery solicitation and advertisement" 'ilnp.disc.origin' \
	ilnp.icmp.type ilnp.icmp.checksum.status ilnp.disc.origin \
	ilnp.disc.seq ilnp.disc.nloc ilnp.disc.hostname_len ilnp.disc.loc \
	ilnp.disc.pref ilnp.disc.lifetime ilnp.disc.hostname <<'EOF'
4|200|1|ffff:0:0:1|16|1|5|0:0:0:a|0|90|alice
5|201|1|ffff:0:0:2|32|2|3|0:0:0:b,0:0:0:d|5,10|90,30|bob
32|200|1|ffff:0:0:1|17|2|5|0:0:0:a|0|90|
33|200|1|ffff:0:0:2|18|1|5|0:0:0:a|0|90|alice
34|200|1|ffff:0:0:1|19|1|2|0:0:0:a|0|90|-x
EOF

check "locator update and ack" 'ilnp.lu.op' \
	ilnp.icmp.checksum.status ilnp.lu.op ilnp.lu.seq ilnp.lu.nloc \
	ilnp.lu.loc ilnp.lu.pref ilnp.lu.lifetime ilnp.nonce <<'EOF'
6|1|1|3|2|0:0:0:c,0:0:0:a|0,100|90,1|0xa0a0a0a0
7|1|2|3|2|0:0:0:c,0:0:0:a|0,100|90,1|0xb0b0b0b0
29|1|1|4|3|0:0:0:c,0:0:0:a|0,100|90,1|0x00000001
30|1|3|4|2|0:0:0:c,0:0:0:a|0,100|90,1|0x00000001
31|1|1|4|1|0:0:0:0|0|90|0x00000001
EOF

# Locator solicitations and advertisements, valid and malformed (each
# still dissected field by field).
check "locator solicitation" 'ilnp.icmp.type == 202' \
	ilnp.hlim ilnp.icmp.code ilnp.icmp.checksum ilnp.icmp.checksum.status \
	ilnp.ra.reserved ilnp.ra.solicit_id <<'EOF'
11|255|0|0x9887|1|0x00000000|0x0123456789abcdef
43|255|0|0x987f|1|0x00000000|0x0123456789abcdef
44|255|0|0xf026|1|0x00000000|
45|255|1|0x9886|1|0x00000000|0x0123456789abcdef
46|1|0|0x9887|1|0x00000000|0x0123456789abcdef
EOF
check "locator advertisement" 'ilnp.icmp.type == 203' \
	ilnp.hlim ilnp.dst ilnp.icmp.checksum ilnp.icmp.checksum.status \
	ilnp.ra.nloc ilnp.ra.flags ilnp.ra.flags.solicited ilnp.ra.interval \
	ilnp.ra.solicit_id ilnp.ra.loc ilnp.ra.pref ilnp.ra.entry.reserved \
	ilnp.ra.lifetime ilnp.ra.withdrawn <<'EOF'
12|255|ff02:0:0:1:0:0:0:0|0x333e|1|2|0x00|0|10|0x0000000000000000|0:0:0:b,0:0:0:d|5,0|0x0000,0x0000|30,0|1
13|255|ff02:0:0:1:0:0:0:0|0x9634|1|1|0x01|1|10|0x0123456789abcdef|0:0:0:b|5|0x0000|30|
36|255|ff02:0:0:1:0:0:0:0|0x335b|1|2|0x00|0|10|0x0000000000000000|0:0:0:b|5|0x0000|30|
37|255|ff02:0:0:1:0:0:0:0|0x3599|1|0|0x00|0|10|0x0000000000000000|||||
38|255|ff02:0:0:1:0:0:0:0|0x2f59|1|5|0x00|0|10|0x0000000000000000|0:0:0:b,0:0:0:c,0:0:0:d,0:0:0:e,0:0:0:f|5,5,5,5,5|0x0000,0x0000,0x0000,0x0000,0x0000|30,30,30,30,30|
39|255|ff02:0:0:1:0:0:0:0|0x3328|1|2|0x00|0|10|0x0000000000000000|0:0:0:b,0:0:0:0|5,5|0x0000,0x0000|30,30|
40|255|ff02:0:0:1:0:0:0:0|0x3562|1|1|0x00|0|10|0x0000000000000000|ff02:0:0:1|5|0x0000|30|
41|254|ff02:0:0:1:0:0:0:0|0x345b|1|1|0x00|0|10|0x0000000000000000|0:0:0:b|5|0x0000|30|
42|255|0:0:0:b:ffff:0:0:2|0x3352|1|1|0x00|0|10|0x0000000000000000|0:0:0:b|5|0x0000|30|
EOF

# STP: checksum status 1 Good, 0 Bad, 4 Illegal (0 on the wire).
check "STP ports, length, checksum (locators zeroed)" 'ilnp.stp.sport' \
	ilnp.stp.sport ilnp.stp.dport ilnp.stp.length ilnp.stp.checksum \
	ilnp.stp.checksum.calculated ilnp.stp.checksum.status \
	ilnp.stp.data <<'EOF'
8|40000|9000|18|0x2490|0x2490|1|68656c6c6f20696c6e70
9|9000|40000|8|0x4073|0x4073|1|
18|40000|9000|18|0x2491|0x2490|0|68656c6c6f20696c6e70
19|40000|9000|18|0x0000|0x2490|4|68656c6c6f20696c6e70
20|40000|9000|22|0x248c|0x248c|1|68656c6c6f20696c6e70
EOF

# An identity packet's UDP, handed to Wireshark's own dissector with
# ::NID addresses: its checksum (identifiers only) verifies as Good.
check "identity packet" 'ilnp.ident.nxt' \
	ilnp.ident.nxt udp.srcport udp.dstport udp.length <<'EOF'
10|17|10000,5353|10000,7|78,14
EOF
out=$(ts -o udp.check_checksum:TRUE -Y 'frame.number == 10' -T fields \
	-E occurrence=l -e udp.checksum.status)
[ "$out" = 1 ] || fail "identity packet's UDP checksum status: got '$out', want 1 (Good)"
echo "ok: identity packet's UDP checksum Good over ::NID"

# Filters on either end, and on message types (over the valid frames).
for f in 'ilnp.nid == "ffff:0:0:2"|1 2 3 5 6 7 8 9 10' \
	'ilnp.loc == "0:0:0:c"|3 6 7' \
	'ilnp.stp.port == 9000|8 9' \
	'ilnp.lu.op == 2|7' \
	'ilnp.disc.hostname == "bob"|5' \
	'ilnp.echo.probe|3' \
	'ilnp.dst.nid == "0:0:0:0" && ilnp.icmp.type == 200|4' \
	'ilnp.net == "ff02:0:0:1"|11 12 13' \
	'ilnp.ra.solicit_id == 0x0123456789abcdef|11 13' \
	'ilnp.ra.flags.solicited == 1|13' \
	'ilnp.ra.withdrawn|12' \
	'ilnp.ra.loc == "0:0:0:d"|12'; do
	got=$(ts -Y "frame.number <= 14 && (${f%|*})" -T fields \
		-e frame.number | tr '\n' ' ')
	[ "${got% }" = "${f#*|}" ] ||
		fail "filter ${f%|*}: frames '${got% }', want '${f#*|}'"
	echo "ok: filter ${f%|*}: frames ${f#*|}"
done

# Expert info: none at all on the valid frames; on each malformed one,
# its group (Malformed or Checksum) and message.
out=$(ts -Y 'frame.number <= 14 && (_ws.expert || _ws.malformed)' \
	-T fields -e frame.number)
[ -z "$out" ] || fail "expert info on valid frames: $(echo "$out" | tr "\n" " ")"
echo "ok: no expert info on the 14 valid frames"
cat >"$tmp/want" <<'EOF'
15 truncated-header|malformed|20 bytes, shorter than the 40-byte ILNPv6 header
16 version-4|malformed|Version 4: must be 6
17 payload-length|malformed|Payload length 26, but 16 bytes follow the header
18 stp-checksum|checksum|Bad checksum 0x2491, should be 0x2490 (pseudo-header: NIDs, locators zero)
19 stp-checksum-zero|checksum|Checksum 0: invalid (STP checksums are mandatory, as UDP's over IPv6)
20 stp-length|malformed|STP length 22, but 18 bytes arrived
21 stp-truncated|malformed|STP datagram of 5 bytes, shorter than its 8-byte header
22 nonce-tlv|malformed|Option of 9 bytes runs past the header's end
23 nonce-length|malformed|Nonce option of 2 bytes: 4 or 12
24 dstopt-truncated|malformed|Destination options header of 2 bytes, shorter than 8
25 icmp-checksum|checksum|Bad checksum 0xa478 (ICMPv6's over the I-LVs)
26 icmp-type|malformed|Unknown control message type 250
27 icmp-code|malformed|Code 1: must be 0
28 icmp-short|malformed|Control message of 4 bytes, shorter than 8
29 lu-length|malformed|Message of 32 bytes; 3 locators make 44
30 lu-op|malformed|Operation 3: 1 (advertisement) or 2 (acknowledgement)
31 lu-locator-0|malformed|Locator 0:0:0:0 is reserved
32 disc-nloc|malformed|Message of 45 bytes; 2 locators and a 5-byte hostname make 61
33 disc-origin|malformed|Origin NID is not the source NID ffff:0:0:1
34 disc-hostname|malformed|Hostname: letters, digits, '-' and '.' only, not first
35 identity-short|malformed|Identity packet of 4 bytes, shorter than its 8-byte header
36 la-length|malformed|Message of 32 bytes; 2 locators make 48
37 la-nloc-0|malformed|0 locator entries: must be 1 to 4
38 la-nloc-5|malformed|5 locator entries: must be 1 to 4
39 la-locator-0|malformed|Locator 0:0:0:0 is reserved
40 la-locator-all|malformed|Locator ff02:0:0:1 is reserved
41 la-hoplimit|malformed|Hop limit 254: must be 255 (a forwarded copy, from off the link)
42 la-destination|malformed|Locator advertisement to 0:0:0:b:ffff:0:0:2: must be to all nodes (ff02:0:0:1:0:0:0:0)
43 ls-length|malformed|Locator solicitation of 24 bytes: must be 16
44 ls-short|malformed|Locator solicitation of 12 bytes: must be 16
45 ls-code|malformed|Code 1: must be 0
46 ls-hoplimit|malformed|Hop limit 1: must be 255 (a forwarded copy, from off the link)
EOF
# PI_MALFORMED is 0x07000000, PI_CHECKSUM 0x01000000 (epan/proto.h).
ts -Y 'frame.number > 14' -T fields -E separator='|' -E occurrence=a \
	-e frame.number -e _ws.expert.group -e _ws.expert.message |
	sed 's/|117440512|/|malformed|/; s/|16777216|/|checksum|/' |
	awk 'NR == FNR { name[$1] = $2; next }
	     { n = $0; sub(/\|.*/, "", n); print n " " name[n] substr($0, length(n) + 1) }' \
		"$tmp/names" - >"$tmp/got"
diff -u "$tmp/want" "$tmp/got" || fail "expert info on malformed frames differs"
# Malformed ones are what Wireshark's own "malformed" filter finds.
got=$(ts -Y '_ws.malformed' -T fields -e frame.number | tr '\n' ' ')
[ "$got" = "15 16 17 20 21 22 23 24 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 " ] ||
	fail "_ws.malformed: frames '$got'"
got=$(ts -Y 'ilnp.checksum.bad' -T fields -e frame.number | tr '\n' ' ')
[ "$got" = "18 19 25 " ] || fail "ilnp.checksum.bad: frames '$got'"
echo "ok: 32 malformed frames flagged, each with its message"

# Another port: "Decode As" (-d), or the port preference.
got=$(ts -Y 'ilnp' -T fields -e frame.number | tr '\n' ' ')
case $got in *" 14 "*) fail "port 10001 decoded as ILNP by default" ;; esac
got=$(ts -d udp.port==10001,ilnp -Y 'frame.number == 14' -T fields \
	-e ilnp.src -e ilnp.echo.seq)
[ "$got" = "0:0:0:a:ffff:0:0:1	1" ] || fail "Decode As port 10001: got '$got'"
got=$(ts -o ilnp.port:10001 -Y 'ilnp' -T fields -e frame.number |
	tr '\n' ' ')
[ "$got" = "14 " ] || fail "preference ilnp.port 10001: ILNP frames '$got', want 14 only"
echo "ok: Decode As and the port preference"

# Every valid packet cut short at each length, each flagged malformed,
# and with each byte set to 0x00 and to 0xff in turn: never a Lua error
# (a TCP or UDP dissector's exception inside an identity packet is its
# own), every frame decoded as ILNP.
python3 "$top/tests/lib/wirepcap.py" --cuts "$tmp/c.pcap" >"$tmp/c.names"
pcap=$tmp/c.pcap
total=$(wc -l <"$tmp/c.names")
ts -V >"$tmp/tree"
grep -m3 'Lua Error' "$tmp/tree" && fail "Lua errors on spoilt packets"
got=$(ts -Y ilnp -T fields -e frame.number | wc -l)
[ "$got" = "$total" ] || fail "spoilt packets: $got of $total decoded as ILNP"
ts -Y 'ilnp && !ilnp.malformed' -T fields -e frame.number |
	awk 'NR == FNR { name[$1] = $2; next } name[$1] ~ /-cut/ { print name[$1] }' \
		"$tmp/c.names" - >"$tmp/unflagged"
[ ! -s "$tmp/unflagged" ] ||
	fail "cut packets not flagged malformed: $(head -5 "$tmp/unflagged" | tr '\n' ' ')"
echo "ok: $total cut or spoilt packets: no Lua error, every cut one malformed"
echo "wireshark: $(grep -c . "$tmp/names") frames, every field and expert entry as expected; $total spoilt ones"
