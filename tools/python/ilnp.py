# SPDX-License-Identifier: GPL-2.0
"""AF_ILNP sockets from Python 3 (Documentation/sockets.rst).

Python's socket module does not know AF_ILNP: it makes the socket, but
bind(), connect(), sendto() and recvfrom() fail with "bad family" because
it cannot encode or decode a struct sockaddr_ilnp.  ilnp.Socket is a
socket.socket whose address calls go to libc through ctypes; everything
else (send, recv, fileno, settimeout, setsockopt, select and selectors)
is socket.socket's own.  Pure Python, standard library only.

An address is a pair (ILV, PORT) like an AF_INET6 pair: ILV is an I-LV
in text form, locator then NID ("0:0:0:a:ffff:0:0:b", "::ffff:0:0:b"),
a hostname learnt by discovery, or "" for locator 0 and NID 0 (bind: the
node's NID on any of its locators).  Addresses are returned in the
tools' canonical form, all eight groups ("0:0:0:a:ffff:0:0:b").

    import ilnp
    with ilnp.Socket() as s:
        s.settimeout(2)
        s.sendto(b"hello", ("0:0:0:a:ffff:0:0:b", 7))
        data, (ilv, port) = s.recvfrom(65527)

Errors are OSError with the errno the kernel gives (EADDRINUSE,
EADDRNOTAVAIL, EHOSTUNREACH...), socket.timeout when a timeout set with
settimeout() expires.  A hostname is resolved as tools/lib/resolve.c
does, by one ILNP_CMD_RESOLVE request to the generic netlink family
"ilnp" on an AF_NETLINK socket (no ilnp-ip, no NSS).
"""

import ctypes
import errno
import os
import select
import socket
import struct
import time

__all__ = ["AF_ILNP", "PF_ILNP", "SOL_ILNP", "ILNP_PKTINFO",
           "ILNP_HOPLIMIT", "ILNP_DEFAULT_PORT", "ILNP_HOSTNAME_MAX",
           "ILNP_PORT_EPHEMERAL_MIN", "ILNP_PORT_EPHEMERAL_MAX",
           "MAX_DATAGRAM", "Socket", "parse_id", "format_id", "parse_ilv",
           "format_ilv", "hostname_valid", "resolve", "parse_addr",
           "parse_pktinfo"]


def _family():
    """18 (uapi/linux/ilnp.h), unless the module was loaded with af=N."""
    try:
        with open("/sys/module/ilnp/parameters/af") as f:
            return int(f.read())
    except (OSError, ValueError):
        return 18


# uapi/linux/ilnp.h
AF_ILNP = PF_ILNP = _family()
SOL_ILNP = 300
ILNP_PKTINFO = 1        # int: ancillary struct ilnp_pktinfo on receive
ILNP_HOPLIMIT = 2       # int: hop limit of sent datagrams, 1..255, -1
ILNP_DEFAULT_PORT = 10000
ILNP_HOSTNAME_MAX = 63
ILNP_PORT_EPHEMERAL_MIN = 32768
ILNP_PORT_EPHEMERAL_MAX = 60999
MAX_DATAGRAM = 65527    # 65535 minus the 8-byte STP header

# struct sockaddr_ilnp: family (host order), port (network), flags,
# then the I-LV, locator and NID in network order: 24 bytes.
_SA = struct.Struct("=H2sI16s")
# struct ilnp_pktinfo: locator (network order), ifindex, hop limit, pad.
_PKTINFO_LOC, _PKTINFO_REST = struct.Struct("!Q"), struct.Struct("=IB3x")


# Text forms: the same rules as net/ilnp/ilv.c's parse_groups(), the
# one parser of the kernel and the C tools.

def _parse_groups(text, n):
    """@n 16-bit groups of one to four hex digits, one "::" for one or
    more zero groups.  ValueError for malformed text."""
    if not isinstance(text, str) or not text:
        raise ValueError("empty")
    head, sep, tail = text.partition("::")
    if "::" in tail:
        raise ValueError("more than one '::'")
    parts = []
    for side in (head, tail):
        groups = side.split(":") if side else []
        for g in groups:
            if not g or len(g) > 4 or g.strip("0123456789abcdefABCDEF"):
                raise ValueError(f"bad group {g!r}")
        parts.append([int(g, 16) for g in groups])
    count = len(parts[0]) + len(parts[1])
    if sep and count >= n:
        raise ValueError("'::' stands for no group")
    if not sep and count != n:
        raise ValueError(f"{count} groups, want {n}")
    return parts[0] + [0] * (n - count) + parts[1]


def _to_u64(groups):
    v = 0
    for g in groups:
        v = v << 16 | g
    return v


def parse_id(text):
    """A locator or NID, four hex groups ("0:0:0:a", "ffff::a"): int."""
    try:
        return _to_u64(_parse_groups(text, 4))
    except ValueError:
        raise ValueError(f"not a locator or NID: {text!r}") from None


def format_id(value):
    """The canonical text of a locator or NID: "0:0:0:a"."""
    return ":".join(f"{value >> s & 0xffff:x}" for s in (48, 32, 16, 0))


def parse_ilv(text):
    """An I-LV, eight hex groups, locator first: (loc, nid) ints."""
    try:
        g = _parse_groups(text, 8)
    except ValueError:
        raise ValueError(f"not an I-LV: {text!r}") from None
    return _to_u64(g[:4]), _to_u64(g[4:])


def format_ilv(loc, nid):
    """The canonical text of an I-LV: "0:0:0:a:ffff:0:0:b"."""
    return format_id(loc) + ":" + format_id(nid)


def hostname_valid(name):
    """ilnp_hostname_valid(): at most 63 ASCII letters, digits, '-' and
    '.', not starting with '-' or '.'."""
    ok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."
    return (len(name) <= ILNP_HOSTNAME_MAX and
            not name.startswith(("-", ".")) and
            all(c in ok for c in name))


# Hostname resolution: generic netlink, as tools/lib/resolve.c.

_NETLINK_GENERIC = 16   # not in Python's socket module
_NLMSG_ERROR, _NLMSG_DONE = 2, 3
_NLM_F_REQUEST, _NLM_F_ACK = 0x1, 0x4
_NLA_F_NESTED = 0x8000
_GENL_ID_CTRL, _CTRL_CMD_GETFAMILY = 0x10, 3
_CTRL_ATTR_FAMILY_ID, _CTRL_ATTR_FAMILY_NAME = 1, 2
_ILNP_GENL_VERSION = 2
_ILNP_CMD_RESOLVE = 12
_ILNP_A_NEIGH = 5
_ILNP_A_NEIGH_NID, _ILNP_A_NEIGH_HOSTNAME, _ILNP_A_NEIGH_LOC = 2, 3, 4


def _nla(atype, payload):
    hdr = struct.pack("=HH", 4 + len(payload), atype)
    return hdr + payload + b"\0" * (-len(payload) % 4)


def _nla_parse(buf):
    """{type: payload} of a run of attributes (flags stripped)."""
    out = {}
    while len(buf) >= 4:
        alen, atype = struct.unpack_from("=HH", buf)
        if alen < 4 or alen > len(buf):
            break
        out[atype & 0x3fff] = buf[4:alen]
        buf = buf[(alen + 3) & ~3:]
    return out


def _genl_talk(nl, seq, family, cmd, version, attrs):
    """One request with NLM_F_ACK; the attributes of the reply of
    type @family (empty if none), OSError on a netlink error."""
    msg = struct.pack("=BBH", cmd, version, 0) + attrs
    nl.send(struct.pack("=IHHII", 16 + len(msg), family,
                        _NLM_F_REQUEST | _NLM_F_ACK, seq, 0) + msg)
    reply = {}
    while True:
        data = nl.recv(65536)
        while len(data) >= 16:
            mlen, mtype, _, mseq, _ = struct.unpack_from("=IHHII", data)
            body, data = data[16:mlen], data[(mlen + 3) & ~3:]
            if mseq != seq:
                continue
            if mtype == _NLMSG_ERROR:
                err = -struct.unpack_from("=i", body)[0]
                if err:
                    raise OSError(err, os.strerror(err))
                return reply    # the ack: the reply came before it
            if mtype == family:
                reply = _nla_parse(body[4:])
            elif mtype == _NLMSG_DONE:
                return reply


def resolve(hostname):
    """A hostname learnt by discovery ("ilnp-ip neigh") as (loc, nid):
    the neighbour's preferred locator and its NID.  OSError ENOENT
    (unknown host), EINVAL (not a valid hostname), EAFNOSUPPORT (the ilnp
    module is not loaded), EPROTO (an answer without them)."""
    if not hostname or not hostname_valid(hostname):
        raise OSError(errno.EINVAL,
                      f"{hostname}: neither an I-LV nor a hostname")
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                       _NETLINK_GENERIC) as nl:
        nl.bind((0, 0))
        nl.settimeout(5)
        seq = int(time.time()) & 0xffffffff
        try:
            fam = _genl_talk(nl, seq, _GENL_ID_CTRL, _CTRL_CMD_GETFAMILY, 1,
                             _nla(_CTRL_ATTR_FAMILY_NAME, b"ilnp\0"))
        except FileNotFoundError:
            fam = {}
        if _CTRL_ATTR_FAMILY_ID not in fam:
            raise OSError(errno.EAFNOSUPPORT,
                          "the ilnp module is not loaded")
        family = struct.unpack("=H", fam[_CTRL_ATTR_FAMILY_ID][:2])[0]
        name = _nla(_ILNP_A_NEIGH_HOSTNAME, hostname.encode() + b"\0")
        try:
            rep = _genl_talk(nl, seq + 1, family, _ILNP_CMD_RESOLVE,
                             _ILNP_GENL_VERSION,
                             _nla(_ILNP_A_NEIGH | _NLA_F_NESTED, name))
        except FileNotFoundError:
            raise OSError(errno.ENOENT, f"{hostname}: unknown host") from None
    neigh = _nla_parse(rep.get(_ILNP_A_NEIGH, b""))
    try:
        nid, = struct.unpack("=Q", neigh[_ILNP_A_NEIGH_NID])
        loc, = struct.unpack("=Q", neigh[_ILNP_A_NEIGH_LOC])
    except (KeyError, struct.error):
        raise OSError(errno.EPROTO, "no answer from the ilnp module") from None
    return loc, nid


def parse_addr(text):
    """ilnp_addr_parse(): @text as an I-LV, else as a hostname through
    resolve(): (loc, nid).  "" is (0, 0)."""
    if text == "":
        return 0, 0
    try:
        return parse_ilv(text)
    except ValueError:
        pass
    return resolve(text)


def parse_pktinfo(data):
    """The ILNP_PKTINFO control message's data as (loc, ifindex,
    hop_limit): our locator it arrived on, the overlay device, the hop
    limit it had."""
    loc, = _PKTINFO_LOC.unpack_from(data)
    ifindex, hop = _PKTINFO_REST.unpack_from(data, 8)
    return loc, ifindex, hop


def _encode(address):
    """(ILV, PORT) into the bytes of a struct sockaddr_ilnp."""
    if not isinstance(address, tuple) or len(address) != 2:
        raise TypeError("AF_ILNP address must be a tuple (ilv, port)")
    text, port = address
    if not isinstance(text, str) or not isinstance(port, int):
        raise TypeError("AF_ILNP address must be a tuple (str, int)")
    if not 0 <= port <= 0xffff:
        raise OverflowError("port must be 0-65535.")
    loc, nid = parse_addr(text)
    return _SA.pack(AF_ILNP, struct.pack("!H", port), 0,
                    struct.pack("!QQ", loc, nid))


def _decode(raw):
    _, port, _, ilv = _SA.unpack_from(raw)
    return format_ilv(*struct.unpack("!QQ", ilv)), struct.unpack("!H", port)[0]


# libc through ctypes, each call releasing the GIL and keeping errno.
_libc = ctypes.CDLL(None, use_errno=True)
_c_int, _c_void, _c_size = ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t
_socklen = ctypes.c_uint32
for _name, _args, _res in (
        ("bind", (_c_int, _c_void, _socklen), _c_int),
        ("connect", (_c_int, _c_void, _socklen), _c_int),
        ("getsockname", (_c_int, _c_void, ctypes.POINTER(_socklen)), _c_int),
        ("getpeername", (_c_int, _c_void, ctypes.POINTER(_socklen)), _c_int),
        ("sendto", (_c_int, _c_void, _c_size, _c_int, _c_void, _socklen),
         ctypes.c_ssize_t),
        ("recvmsg", (_c_int, _c_void, _c_int), ctypes.c_ssize_t)):
    getattr(_libc, _name).argtypes = _args
    getattr(_libc, _name).restype = _res


class _iovec(ctypes.Structure):
    _fields_ = [("base", _c_void), ("len", _c_size)]


class _msghdr(ctypes.Structure):
    _fields_ = [("name", _c_void), ("namelen", _socklen),
                ("iov", ctypes.POINTER(_iovec)), ("iovlen", _c_size),
                ("control", _c_void), ("controllen", _c_size),
                ("flags", _c_int)]


# struct cmsghdr: cmsg_len (size_t), level, type; aligned to size_t.
_SIZE_T = ctypes.sizeof(_c_size)
_CMSG_HDR = struct.Struct("=" + ("Q" if _SIZE_T == 8 else "I") + "ii")


def _parse_cmsgs(buf):
    out = []
    while len(buf) >= _CMSG_HDR.size:
        clen, level, ctype = _CMSG_HDR.unpack_from(buf)
        if clen < _CMSG_HDR.size or clen > len(buf):
            break
        out.append((level, ctype, bytes(buf[_CMSG_HDR.size:clen])))
        buf = buf[-(-clen // _SIZE_T) * _SIZE_T:]
    return out


class Socket(socket.socket):
    """An AF_ILNP SOCK_DGRAM socket: a socket.socket whose address calls
    take and return (ILV, PORT) pairs.  Socket(fileno=FD) adopts an
    AF_ILNP socket made elsewhere."""

    def __init__(self, family=AF_ILNP, type=socket.SOCK_DGRAM, proto=0,
                 fileno=None):
        super().__init__(family, type, proto, fileno)

    def _call(self, fn, write=False):
        """fn() (-1 and errno on failure) under the socket's timeout,
        as socket.socket's own calls: wait while it would block, retry
        on EINTR, socket.timeout when the timeout expires."""
        timeout = self.gettimeout()
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            ret = fn()
            if ret >= 0:
                return ret
            err = ctypes.get_errno()
            if err == errno.EINTR:
                continue
            if err not in (errno.EAGAIN, errno.EWOULDBLOCK) or not timeout:
                raise OSError(err, os.strerror(err))
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("timed out")
            p = select.poll()
            p.register(self, select.POLLOUT if write else select.POLLIN)
            if not p.poll(left * 1000):
                raise socket.timeout("timed out")

    def _sockaddr_call(self, fn, address):
        raw = _encode(address)
        self._call(lambda: fn(self.fileno(), raw, len(raw)))

    def bind(self, address):
        """Bind to (ILV, PORT): ("", 0) is the node's NID on any of its
        locators and an ephemeral port."""
        self._sockaddr_call(_libc.bind, address)

    def connect(self, address):
        """Set the default peer; only its (NID, port) is heard then."""
        self._sockaddr_call(_libc.connect, address)

    def connect_ex(self, address):
        try:
            self.connect(address)
        except OSError as e:
            if e.errno is None:
                raise
            return e.errno
        return 0

    def disconnect(self):
        """connect(AF_UNSPEC): forget the peer."""
        raw = bytes(_SA.size)
        self._call(lambda: _libc.connect(self.fileno(), raw, len(raw)))

    def _name(self, fn):
        raw = ctypes.create_string_buffer(_SA.size)
        size = _socklen(_SA.size)
        self._call(lambda: fn(self.fileno(), raw, ctypes.byref(size)))
        return _decode(raw.raw)

    def getsockname(self):
        """(ILV, PORT): the node's NID, the bound locator (0: any)."""
        return self._name(_libc.getsockname)

    def getpeername(self):
        """(ILV, PORT) of the connected peer; ENOTCONN if none."""
        return self._name(_libc.getpeername)

    def sendto(self, data, flags_or_address, address=None):
        """sendto(data[, flags], (ILV, PORT)): bytes sent."""
        if address is None:
            flags, address = 0, flags_or_address
        else:
            flags = flags_or_address
        raw = _encode(address)
        buf = memoryview(data).cast("B")
        cbuf = (ctypes.c_char * len(buf)).from_buffer_copy(buf) if buf \
            else None
        return self._call(lambda: _libc.sendto(self.fileno(), cbuf,
                                               len(buf), flags, raw,
                                               len(raw)), write=True)

    def recvmsg(self, bufsize, ancbufsize=0, flags=0):
        """(data, ancdata, msg_flags, (ILV, PORT)) as socket.recvmsg:
        ancdata a list of (level, type, data), e.g. (SOL_ILNP,
        ILNP_PKTINFO, ...) for parse_pktinfo()."""
        if bufsize < 0 or ancbufsize < 0:
            raise ValueError("negative buffer size in recvmsg()")
        buf = ctypes.create_string_buffer(max(bufsize, 1))
        ctl = ctypes.create_string_buffer(ancbufsize) if ancbufsize else None
        name = ctypes.create_string_buffer(_SA.size)
        iov = _iovec(ctypes.cast(buf, _c_void), bufsize)
        msg = _msghdr()

        def call():
            # The kernel writes namelen, controllen and flags back.
            msg.name = ctypes.cast(name, _c_void)
            msg.namelen = _SA.size
            msg.iov = ctypes.pointer(iov)
            msg.iovlen = 1
            msg.control = ctypes.cast(ctl, _c_void) if ctl else None
            msg.controllen = ancbufsize
            msg.flags = 0
            return _libc.recvmsg(self.fileno(), ctypes.byref(msg), flags)

        n = self._call(call)
        anc = _parse_cmsgs(ctl.raw[:msg.controllen]) if ctl else []
        return (buf.raw[:min(n, bufsize)], anc, msg.flags,
                _decode(name.raw))

    def recvfrom(self, bufsize, flags=0):
        """One datagram: (data, (ILV, PORT)) of its sender."""
        data, _, _, address = self.recvmsg(bufsize, 0, flags)
        return data, address

    def recvfrom_into(self, buffer, nbytes=0, flags=0):
        """As recvfrom() into @buffer: (nbytes, (ILV, PORT))."""
        view = memoryview(buffer).cast("B")
        data, address = self.recvfrom(nbytes or len(view), flags)
        n = min(len(data), len(view))
        view[:n] = data[:n]
        return n, address
