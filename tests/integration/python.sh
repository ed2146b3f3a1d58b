#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# AF_ILNP from Python 3 (tools/python/ilnp.py, issue 17): node A runs
# tools/python/echo_server.py, node B tools/python/echo_client.py and a
# checker (one python process: a process start costs seconds on a slow
# guest).  Checked exactly:
#  - Python's own socket cannot bind an AF_ILNP address ("bad family"):
#    what the module is for;
#  - the client's three echoes come back, its output line by line, and
#    the server saw each from B's I-LV and the client's port;
#  - binary datagrams of 0, 1, 256 and 1200 bytes echo byte for byte,
#    recvfrom's source is A's I-LV and port 7000; select() sees them;
#  - getsockname before and after bind, getpeername after connect,
#    ENOTCONN before; disconnect();
#  - bind: port in use EADDRINUSE, a locator or NID not B's
#    EADDRNOTAVAIL, text neither an I-LV nor a hostname EINVAL, an
#    unknown hostname ENOENT (ilnp_addr_parse's errnos); bound twice
#    EINVAL; a port over 65535 OverflowError;
#  - a hostname learnt by discovery resolves to A's locator and NID and
#    can be sent to;
#  - settimeout(0.5): recvfrom raises socket.timeout after 0.5 s;
#    settimeout(0): BlockingIOError;
#  - SOL_ILNP options: ILNP_HOPLIMIT set and read back, 0 refused with
#    EINVAL, an unknown option ENOPROTOOPT; ILNP_PKTINFO's control
#    message through recvmsg: B's locator, ilnp0's ifindex, hop limit 3;
#  - the text forms are net/ilnp/ilv.c's: parse and format agree with
#    the C functions on 39 inputs.
. tests/lib/common.sh
. tests/lib/topo.sh

PY=$PWD/tools/python
export PYTHONPATH=$PY

ilnp_load
bridge_up
ilnp_node a ffff:0:0:a 0:0:0:a
ilnp_node b ffff:0:0:b 0:0:0:a
for x in a b; do wait_ll "$x"; done
trap kill_netns_procs EXIT

# Discovery on (period an hour: no solicitation but ours), then one
# round so that B knows "a" by name.
for x in a b; do
	ilnp-ip -n "$x" node set discovery 3600 neigh-lifetime 3600
done
ilnp-ip -n b neigh solicit
for _ in $(seq 50); do
	[ "$(ilnp-ip -n b neigh show | awk 'NR > 1 { print $1 }')" = a ] &&
		break
	sleep 0.1
done
ilnp-ip -n b neigh show

# Not through n(): ip netns exec execs the program, so $! is its pid.
ip netns exec a python3 -u "$PY/echo_server.py" 7000 >/tmp/server.out \
	2>/tmp/server.err &
server=$!
wait_port a 7000

# The example pair, as tools/examples/README shows the C one.  Not
# through n(): its trace would land in the client's stderr.
rc=0
nsenter --net=/run/netns/b python3 "$PY/echo_client.py" -W 5 0:0:0:a:ffff:0:0:a 7000 \
	>/tmp/client.out 2>/tmp/client.err || rc=$?
cat /tmp/client.out /tmp/client.err
expect_eq "echo_client exit status" "$rc" 0
expect_eq "echo_client output" "$(cat /tmp/client.out)" \
"reply 11 bytes from 0:0:0:a:ffff:0:0:a port 7000
reply 11 bytes from 0:0:0:a:ffff:0:0:a port 7000
reply 11 bytes from 0:0:0:a:ffff:0:0:a port 7000"
expect_eq "echo_client summary" "$(cat /tmp/client.err)" \
	"echo_client: 3 messages, 3 echoed"
# The client's port is ephemeral: the server's three lines name one.
cat /tmp/server.out
expect_eq "echo_server lines" \
	"$(sed -E 's/port (3[2-9][0-9]{3}|[4-5][0-9]{4}|60[0-9]{3})$/port EPH/' /tmp/server.out | sort | uniq -c | sed 's/^ *//')" \
	"3 echoed 11 bytes to 0:0:0:a:ffff:0:0:b port EPH"

# The text forms against the C functions themselves.
cc -I include -I uapi -o /tmp/ilvtext -x c - net/ilnp/ilv.c <<'EOF_C'
#include <stdio.h>
#include <string.h>
#include <ilnp/ilv.h>

int main(void)
{
	unsigned long long loc, nid, id;
	char line[256], out[64];

	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (ilnp_ilv_parse(line, &loc, &nid))
			printf("ilv -");
		else if (ilnp_ilv_format(out, sizeof(out), loc, nid) > 0)
			printf("ilv %s", out);
		if (ilnp_id_parse(line, &id))
			printf(" id -\n");
		else if (ilnp_id_format(out, sizeof(out), id) > 0)
			printf(" id %s\n", out);
	}
	return 0;
}
EOF_C
cat >/tmp/ilvtext.in <<'EOF'
0:0:0:a:ffff:0:0:b
::ffff:0:0:b
::

:
:::
::a
a::
a::b
0:0:0:a
ffff::a
1:2:3:4:5:6:7:8
1:2:3:4:5:6:7:8:9
1:2:3:4:5:6:7::8
::1:2:3:4:5:6:7:8
1::2::3
12345::1
ABCD:ef01::
a:b:c:
:a:b:c:d
a:b:c:d
a:b:c:d:
g::1
 1::2
1::2 
0x1::2
+1::2
-1::2
1_0::2
1:2:3::4:5:6:7
1:2:3:4::5:6:7
::1:2:3:4:5:6:7
1:2:3:4:5:6:7::
a:b::c:d
0000:0000:0000:000a
00000::1
ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff
a:::b
fd69:6c6e:7000:0:ffff::d
EOF
/tmp/ilvtext </tmp/ilvtext.in >/tmp/ilvtext.c.out
python3 - >/tmp/ilvtext.py.out <<'EOF'
import ilnp
for line in open("/tmp/ilvtext.in").read().split("\n")[:-1]:
    try:
        ilv = "ilv " + ilnp.format_ilv(*ilnp.parse_ilv(line))
    except ValueError:
        ilv = "ilv -"
    try:
        nid = "id " + ilnp.format_id(ilnp.parse_id(line))
    except ValueError:
        nid = "id -"
    print(ilv, nid)
EOF
diff /tmp/ilvtext.c.out /tmp/ilvtext.py.out || fail "text forms differ from C"
expect_eq "text forms compared" "$(wc -l </tmp/ilvtext.py.out)" 39

cat >/tmp/check.py <<'EOF'
import errno, select, socket, sys, time
import ilnp

A = "0:0:0:a:ffff:0:0:a"
fails = 0


def check(name, got, want):
    global fails
    if got == want:
        print(f"ok {name}")
    else:
        print(f"FAIL {name}: got {got!r} want {want!r}")
        fails += 1


def err(fn):
    """errno of what fn raised, the exception's type if not OSError."""
    try:
        fn()
    except OSError as e:
        return errno.errorcode.get(e.errno, e.errno) if e.errno else \
            str(e)
    except Exception as e:
        return type(e).__name__
    return "no error"


# What the module is for: Python's own socket cannot encode the address.
plain = socket.socket(ilnp.AF_ILNP, socket.SOCK_DGRAM)
check("plain socket.bind", err(lambda: plain.bind((A, 7100))),
      "bind(): bad family")
plain.close()

with ilnp.Socket() as s:
    check("getsockname unbound", s.getsockname(), ("0:0:0:0:ffff:0:0:b", 0))
    check("getpeername unconnected", err(s.getpeername), "ENOTCONN")
    s.bind(("", 7100))
    check("getsockname bound", s.getsockname(), ("0:0:0:0:ffff:0:0:b", 7100))
    check("bind twice", err(lambda: s.bind(("", 7101))), "EINVAL")
    with ilnp.Socket() as t:
        check("bind port in use", err(lambda: t.bind(("", 7100))),
              "EADDRINUSE")
        check("bind other locator",
              err(lambda: t.bind(("0:0:0:9:ffff:0:0:b", 7102))),
              "EADDRNOTAVAIL")
        check("bind other NID",
              err(lambda: t.bind(("0:0:0:a:ffff:0:0:c", 7102))),
              "EADDRNOTAVAIL")
        check("bind bad text", err(lambda: t.bind(("0:0:0:a::b!", 7102))),
              "EINVAL")
        check("bind unknown host", err(lambda: t.bind(("nobody", 7102))),
              "ENOENT")
        check("bind port 65536", err(lambda: t.bind(("", 65536))),
              "OverflowError")
        check("bind not a pair", err(lambda: t.bind("")), "TypeError")
        t.bind(("0:0:0:a:ffff:0:0:b", 7102))
        check("getsockname explicit", t.getsockname(),
              ("0:0:0:a:ffff:0:0:b", 7102))

    # Unconnected: sendto and recvfrom, the source exact.
    s.settimeout(5)
    for size in (0, 1, 256, 1200):
        data = bytes(i % 256 for i in range(size))
        check(f"sendto {size}", s.sendto(data, (A, 7000)), size)
        r, _, _ = select.select([s], [], [], 5)
        check(f"select {size}", r, [s])
        check(f"recvfrom {size}", s.recvfrom(65527), (data, (A, 7000)))
    check("sendto flags", s.sendto(b"f", 0, (A, 7000)), 1)
    buf = bytearray(8)
    check("recvfrom_into", (s.recvfrom_into(buf), bytes(buf[:1])),
          ((1, (A, 7000)), b"f"))

    # By name, as discovery taught B.
    check("resolve a", ilnp.parse_addr("a"), (0xa, 0xffff00000000000a))
    s.sendto(b"by name", ("a", 7000))
    check("recvfrom by name", s.recvfrom(100), (b"by name", (A, 7000)))

    # Timeouts.
    s.settimeout(0.5)
    t0 = time.monotonic()
    check("timeout", err(lambda: s.recvfrom(100)), "timed out")
    dt = time.monotonic() - t0
    check("timeout 0.5 s", 0.5 <= dt < 2.5, True)
    s.settimeout(0)
    check("non-blocking", err(lambda: s.recvfrom(100)), "EAGAIN")
    s.settimeout(5)

    # Options at level SOL_ILNP.
    s.setsockopt(ilnp.SOL_ILNP, ilnp.ILNP_HOPLIMIT, 7)
    check("ILNP_HOPLIMIT", s.getsockopt(ilnp.SOL_ILNP, ilnp.ILNP_HOPLIMIT), 7)
    check("ILNP_HOPLIMIT 0",
          err(lambda: s.setsockopt(ilnp.SOL_ILNP, ilnp.ILNP_HOPLIMIT, 0)),
          "EINVAL")
    check("unknown option",
          err(lambda: s.setsockopt(ilnp.SOL_ILNP, 99, 1)), "ENOPROTOOPT")
    s.setsockopt(ilnp.SOL_ILNP, ilnp.ILNP_PKTINFO, 1)
    s.sendto(b"pktinfo", (A, 7000))
    data, anc, flags, src = s.recvmsg(100, 64)
    check("recvmsg", (data, flags, src), (b"pktinfo", 0, (A, 7000)))
    check("recvmsg cmsg", [(l, t) for l, t, _ in anc],
          [(ilnp.SOL_ILNP, ilnp.ILNP_PKTINFO)])
    check("pktinfo", ilnp.parse_pktinfo(anc[0][2]),
          (0xa, socket.if_nametoindex("ilnp0"), 3))

# Connected: send and recv, getpeername, the ephemeral port.
with ilnp.Socket() as c:
    c.settimeout(5)
    c.connect((A, 7000))
    check("getpeername", c.getpeername(), (A, 7000))
    ilv, port = c.getsockname()
    check("getsockname connected", (ilv, ilnp.ILNP_PORT_EPHEMERAL_MIN <=
          port <= ilnp.ILNP_PORT_EPHEMERAL_MAX), ("0:0:0:0:ffff:0:0:b", True))
    check("send", c.send(b"connected"), 9)
    check("recvfrom connected", c.recvfrom(100), (b"connected", (A, 7000)))
    c.send(b"recv")
    check("recv", c.recv(100), b"recv")
    print(f"client port {port}")
    c.disconnect()
    check("disconnect", err(c.getpeername), "ENOTCONN")

sys.exit(1 if fails else 0)
EOF
rc=0
nsenter --net=/run/netns/b python3 /tmp/check.py >/tmp/check.out 2>&1 || rc=$?
cat /tmp/check.out
expect_eq "checker exit status" "$rc" 0
expect_eq "checks passed" "$(grep -c '^ok ' /tmp/check.out)" 44

# The server saw the connected client's datagrams from its port.
port=$(sed -n 's/^client port //p' /tmp/check.out)
expect_eq "server saw the client's port" \
	"$(grep -c "^echoed 9 bytes to 0:0:0:a:ffff:0:0:b port $port\$" /tmp/server.out)" 1
expect_eq "echo_server errors" "$(cat /tmp/server.err)" ""

kill "$server"
wait "$server" || true
trap - EXIT
topo_cleanup
ilnp_unload
