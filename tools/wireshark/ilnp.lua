-- SPDX-License-Identifier: GPL-2.0
--
-- Wireshark/tshark dissector for the ilnp overlay: ILNPv6 packets carried
-- one per UDP datagram on the underlay (UDP port 10000 by default).  The
-- wire format is Documentation/protocol.rst; Documentation/capture.rst
-- says how to load this and lists the display filters.
--
--   tshark -X lua_script:tools/wireshark/ilnp.lua -r FILE
--
-- Locators, NIDs and I-LVs are shown in ilnp-ip's text form (four or
-- eight hex groups, never compressed: "0:0:0:a", "ffff:0:0:a"), as
-- string fields, so filters compare them as ilnp-ip prints them:
-- ilnp.src.nid == "ffff:0:0:a".  Anything the module would drop as
-- malformed gets expert info of group Malformed; a bad checksum, group
-- Checksum; neither is ever a Lua error.

local ilnp = Proto("ilnp", "ILNPv6 overlay")

local DEFAULT_PORT = 10000
local HDR_LEN = 40
local ALL_NODES_LOC = "ff02:0:0:1"
local NH_UDP, NH_ICMP, NH_DSTOPTS, NH_IDENTITY = 17, 58, 60, 253
local NONCE_OPT = 0x8b
local LOC_MAX, HOSTNAME_MAX = 16, 63
-- Locator advertisements (ra.c): at most RA_LOC_MAX entries, sent with
-- hop limit 255 to all nodes.
local RA_LOC_MAX, RA_HOP_LIMIT = 4, 255
local RA_F_SOLICITED = 0x01

local ICMP_TYPES = {
	[128] = "Echo request",
	[129] = "Echo reply",
	[156] = "Locator update",
	[200] = "Discovery solicitation",
	[201] = "Discovery advertisement",
	[202] = "Locator solicitation",
	[203] = "Locator advertisement",
}
local NEXT_HEADERS = {
	[NH_UDP] = "STP",
	[NH_ICMP] = "ICMPv6-format control",
	[NH_DSTOPTS] = "Destination options (nonce)",
	[NH_IDENTITY] = "Identity packet",
}
local LU_OPS = { [1] = "Advertisement", [2] = "Acknowledgement" }
-- Wireshark's own checksum status values (proto.h PROTO_CHECKSUM_E_*).
local CK_BAD, CK_GOOD, CK_ILLEGAL = 0, 1, 4
local CK_STATUS = { [0] = "Bad", [1] = "Good", [2] = "Unverified",
		    [3] = "Not present", [4] = "Illegal" }
local OPT_TYPES = { [0] = "Pad1", [1] = "PadN", [NONCE_OPT] = "Nonce" }

local F = ilnp.fields
-- ILNPv6 header
F.version = ProtoField.uint32("ilnp.version", "Version", base.DEC, nil,
			      0xf0000000)
F.tclass = ProtoField.uint32("ilnp.tclass", "Traffic class", base.HEX, nil,
			     0x0ff00000)
F.flow = ProtoField.uint32("ilnp.flow", "Flow label", base.HEX, nil,
			   0x000fffff)
F.plen = ProtoField.uint16("ilnp.plen", "Payload length", base.DEC)
F.nxt = ProtoField.uint8("ilnp.nxt", "Next header", base.DEC, NEXT_HEADERS)
F.hlim = ProtoField.uint8("ilnp.hlim", "Hop limit", base.DEC)
F.src = ProtoField.string("ilnp.src", "Source I-LV")
F.src_loc = ProtoField.string("ilnp.src.loc", "Source locator")
F.src_nid = ProtoField.string("ilnp.src.nid", "Source NID")
F.dst = ProtoField.string("ilnp.dst", "Destination I-LV")
F.dst_loc = ProtoField.string("ilnp.dst.loc", "Destination locator")
F.dst_nid = ProtoField.string("ilnp.dst.nid", "Destination NID")
-- The network a copy is on: the locator (and group id) of the outer
-- destination, ff12:0:G:0:L (protocol.rst), generated.
F.net = ProtoField.string("ilnp.net", "Network (locator of the group)")
F.group_id = ProtoField.uint16("ilnp.group_id", "Group id", base.DEC)
-- Either end, as ip.addr is (hidden).
F.loc = ProtoField.string("ilnp.loc", "Source or destination locator")
F.nid = ProtoField.string("ilnp.nid", "Source or destination NID")
-- Destination options header and its nonce (RFC 6744)
F.opt_nxt = ProtoField.uint8("ilnp.dstopt.nxt", "Next header", base.DEC,
			     NEXT_HEADERS)
F.opt_len = ProtoField.uint8("ilnp.dstopt.len", "Header extension length",
			     base.DEC)
F.opt_type = ProtoField.uint8("ilnp.dstopt.opt.type", "Option type",
			      base.HEX, OPT_TYPES)
F.opt_olen = ProtoField.uint8("ilnp.dstopt.opt.len", "Option length",
			      base.DEC)
F.nonce = ProtoField.uint32("ilnp.nonce", "Nonce", base.HEX)
F.nonce_ext = ProtoField.bytes("ilnp.nonce.ext", "Nonce, further bytes")
-- ICMPv6-format control
F.icmp_type = ProtoField.uint8("ilnp.icmp.type", "Type", base.DEC,
			       ICMP_TYPES)
F.icmp_code = ProtoField.uint8("ilnp.icmp.code", "Code", base.DEC)
F.icmp_ck = ProtoField.uint16("ilnp.icmp.checksum", "Checksum", base.HEX)
F.icmp_ck_status = ProtoField.uint8("ilnp.icmp.checksum.status",
				    "Checksum status", base.DEC, CK_STATUS)
-- Echo
F.echo_id = ProtoField.uint16("ilnp.echo.id", "Identifier", base.HEX)
F.echo_seq = ProtoField.uint16("ilnp.echo.seq", "Sequence number", base.DEC)
F.echo_data = ProtoField.bytes("ilnp.echo.data", "Data")
F.echo_probe = ProtoField.bool("ilnp.echo.probe",
			       "Return routability probe (request with nonce, 8-byte cookie)")
-- Discovery
F.disc_rsvd = ProtoField.uint16("ilnp.disc.reserved", "Reserved", base.HEX)
F.disc_nloc = ProtoField.uint8("ilnp.disc.nloc", "Locator entries",
			       base.DEC)
F.disc_hlen = ProtoField.uint8("ilnp.disc.hostname_len", "Hostname length",
			       base.DEC)
F.disc_origin = ProtoField.string("ilnp.disc.origin", "Origin NID")
F.disc_seq = ProtoField.uint32("ilnp.disc.seq", "Flood sequence number",
			       base.DEC)
F.disc_rsvd2 = ProtoField.uint32("ilnp.disc.reserved2", "Reserved",
				 base.HEX)
F.disc_entry = ProtoField.string("ilnp.disc.entry", "Locator entry")
F.disc_loc = ProtoField.string("ilnp.disc.loc", "Locator")
F.disc_pref = ProtoField.uint16("ilnp.disc.pref", "Preference", base.DEC)
F.disc_ersvd = ProtoField.uint16("ilnp.disc.entry.reserved", "Reserved",
				 base.HEX)
F.disc_life = ProtoField.uint32("ilnp.disc.lifetime", "Lifetime (s)",
				base.DEC)
F.disc_host = ProtoField.string("ilnp.disc.hostname", "Hostname")
-- Locator solicitation and advertisement
F.ra_rsvd = ProtoField.uint32("ilnp.ra.reserved", "Reserved", base.HEX)
F.ra_nloc = ProtoField.uint8("ilnp.ra.nloc", "Locator entries", base.DEC)
F.ra_flags = ProtoField.uint8("ilnp.ra.flags", "Flags", base.HEX)
F.ra_solicited = ProtoField.bool("ilnp.ra.flags.solicited",
				 "Solicited (an answer to a solicitation)", 8,
				 nil, RA_F_SOLICITED)
F.ra_interval = ProtoField.uint16("ilnp.ra.interval",
				  "Interval between advertisements (s)",
				  base.DEC)
F.ra_id = ProtoField.uint64("ilnp.ra.solicit_id", "Solicitation id",
			    base.HEX)
F.ra_entry = ProtoField.string("ilnp.ra.entry", "Locator entry")
F.ra_loc = ProtoField.string("ilnp.ra.loc", "Locator")
F.ra_pref = ProtoField.uint16("ilnp.ra.pref", "Preference", base.DEC)
F.ra_ersvd = ProtoField.uint16("ilnp.ra.entry.reserved", "Reserved",
			       base.HEX)
F.ra_life = ProtoField.uint32("ilnp.ra.lifetime", "Lifetime (s)", base.DEC)
F.ra_withdrawn = ProtoField.bool("ilnp.ra.withdrawn",
				 "Withdrawn (lifetime 0: no longer served)")
-- Locator update (RFC 6743)
F.lu_nloc = ProtoField.uint8("ilnp.lu.nloc", "Locator entries", base.DEC)
F.lu_op = ProtoField.uint8("ilnp.lu.op", "Operation", base.DEC, LU_OPS)
F.lu_seq = ProtoField.uint16("ilnp.lu.seq", "Sequence number", base.DEC)
F.lu_entry = ProtoField.string("ilnp.lu.entry", "Locator entry")
F.lu_loc = ProtoField.string("ilnp.lu.loc", "Locator")
F.lu_pref = ProtoField.uint16("ilnp.lu.pref", "Preference", base.DEC)
F.lu_life = ProtoField.uint16("ilnp.lu.lifetime", "Lifetime (s)", base.DEC)
-- STP
F.stp_sport = ProtoField.uint16("ilnp.stp.sport", "Source port", base.DEC)
F.stp_dport = ProtoField.uint16("ilnp.stp.dport", "Destination port",
				base.DEC)
F.stp_port = ProtoField.uint16("ilnp.stp.port", "Source or destination port",
			       base.DEC)
F.stp_len = ProtoField.uint16("ilnp.stp.length", "Length", base.DEC)
F.stp_ck = ProtoField.uint16("ilnp.stp.checksum", "Checksum", base.HEX)
F.stp_ck_calc = ProtoField.uint16("ilnp.stp.checksum.calculated",
				  "Calculated checksum", base.HEX)
F.stp_ck_status = ProtoField.uint8("ilnp.stp.checksum.status",
				   "Checksum status", base.DEC, CK_STATUS)
F.stp_data = ProtoField.bytes("ilnp.stp.data", "Data")
-- Identity header (an IPv6 socket's packet)
F.id_nxt = ProtoField.uint8("ilnp.ident.nxt", "Next header (the IPv6 packet's)",
			    base.DEC)
F.id_len = ProtoField.uint8("ilnp.ident.len", "Header extension length",
			    base.DEC)
F.id_rsvd = ProtoField.bytes("ilnp.ident.reserved", "Reserved")

local E = {
	malformed = ProtoExpert.new("ilnp.malformed", "Malformed ILNP packet",
				    expert.group.MALFORMED,
				    expert.severity.ERROR),
	checksum = ProtoExpert.new("ilnp.checksum.bad", "Bad checksum",
				   expert.group.CHECKSUM,
				   expert.severity.ERROR),
	invalid = ProtoExpert.new("ilnp.invalid",
				  "Well formed, but the module drops it",
				  expert.group.PROTOCOL,
				  expert.severity.WARN),
}
ilnp.experts = { E.malformed, E.checksum, E.invalid }

ilnp.prefs.port = Pref.uint("UDP port", DEFAULT_PORT,
			    "The overlay's UDP port (ilnp-ip link add ... port P)")

-- STP payloads may be handed to a dissector by port (Decode As).
local stp_table = DissectorTable.new("ilnp.stp.port", "ILNP STP port",
				     ftypes.UINT16, base.DEC, ilnp)
local ip_proto = DissectorTable.get("ip.proto")
local ipv6_dst = Field.new("ipv6.dst")
local data_dissector = Dissector.get("data")

-- A locator or NID at @r (8 bytes): ilnp-ip's text form.
local function id_text(r)
	return string.format("%x:%x:%x:%x", r:range(0, 2):uint(),
			     r:range(2, 2):uint(), r:range(4, 2):uint(),
			     r:range(6, 2):uint())
end

-- The Internet checksum's one's complement sum of @r's bytes, added to
-- @sum (not folded yet).
local function sum16(r, sum)
	local len = r:len()
	local i = 0
	while i + 1 < len do
		sum = sum + r:range(i, 2):uint()
		i = i + 2
	end
	if i < len then
		sum = sum + r:range(i, 1):uint() * 256
	end
	return sum
end

local function fold(sum)
	while sum > 0xffff do
		sum = (sum % 0x10000) + math.floor(sum / 0x10000)
	end
	return sum
end

-- The pseudo-header's sum: @src and @dst as 16 bytes each (I-LVs, or
-- zeros and a NID), the upper-layer length and next header.
local function pseudo_sum(tvb, src_loc, src_nid, dst_loc, dst_nid, len, nh)
	local sum = 0
	if src_loc then sum = sum16(tvb:range(src_loc, 8), sum) end
	sum = sum16(tvb:range(src_nid, 8), sum)
	if dst_loc then sum = sum16(tvb:range(dst_loc, 8), sum) end
	sum = sum16(tvb:range(dst_nid, 8), sum)
	return sum + math.floor(len / 0x10000) + len % 0x10000 + nh
end

-- A subtree for the @len bytes at @off, which may be none (a truncated
-- packet): a zero-length range at the end of a tvb is an error.
local function subtree(tree, tvb, off, len, text)
	if len > 0 then
		return tree:add(ilnp, tvb:range(off, len), text)
	end
	return tree:add(ilnp, text)
end

-- The locator and group id of the outer IPv6 destination (the last one
-- below us), if it is one of the overlay's groups; else nil.
local function network()
	local all = { ipv6_dst() }
	local fi = all[#all]
	if not fi or fi.len ~= 16 then
		return nil
	end
	local b = fi.range:bytes()
	if b:get_index(0) ~= 0xff or b:get_index(1) ~= 0x12 then
		return nil
	end
	local g = {}
	for i = 8, 14, 2 do
		g[#g + 1] = string.format("%x", b:get_index(i) * 256 +
					  b:get_index(i + 1))
	end
	return table.concat(g, ":"), b:get_index(4) * 256 + b:get_index(5)
end

local function malformed(item, text)
	item:add_proto_expert_info(E.malformed, text)
end

-- The generated status @field (CK_*) over the checksum's bytes @r, and
-- unless it is good the expert info @text on the checksum's item @cki.
local function checksum_status(t, field, r, status, cki, text)
	t:add(field, r, status):set_generated()
	if status ~= CK_GOOD then
		cki:add_proto_expert_info(E.checksum, text)
	end
end

-- The message bodies: @len bytes at @off (at least 8: the caller checked
-- that and the code), the subtree @t.  ctx: the packet as the layers
-- below saw it (hdr: the ILNPv6 header's offset; src_nid, dst_loc,
-- dst_nid: text; hlim: the hop limit; dst_item, hlim_item: their tree
-- items; nonce: its value, if the packet had one).  Each returns the
-- text for the Info column.

local function dissect_echo(tvb, off, len, t, pinfo, ctx, type_)
	t:add(F.echo_id, tvb:range(off + 4, 2))
	t:add(F.echo_seq, tvb:range(off + 6, 2))
	local seq = tvb:range(off + 6, 2):uint()
	local id = tvb:range(off + 4, 2):uint()
	if len > 8 then
		t:add(F.echo_data, tvb:range(off + 8, len - 8))
	end
	-- locator_update.c's probe of a claimed locator: the only echo
	-- request the module sends with a nonce, an 8-byte cookie in it.
	local probe = type_ == 128 and ctx.nonce ~= nil and len == 16
	local text = string.format("%s id=0x%04x seq=%d", ICMP_TYPES[type_],
				   id, seq)
	if probe then
		t:add(F.echo_probe, true):set_generated()
		text = text .. " (return routability probe)"
	end
	return text
end

local function dissect_disc(tvb, off, len, t, pinfo, ctx, type_)
	if len < 24 then
		malformed(t, string.format(
			"Discovery message of %d bytes, shorter than its 24-byte header",
			len))
		return ICMP_TYPES[type_] .. " [truncated]"
	end
	local nloc = tvb:range(off + 6, 1):uint()
	local hlen = tvb:range(off + 7, 1):uint()
	t:add(F.disc_rsvd, tvb:range(off + 4, 2))
	local nloc_item = t:add(F.disc_nloc, tvb:range(off + 6, 1))
	local hlen_item = t:add(F.disc_hlen, tvb:range(off + 7, 1))
	local origin = id_text(tvb:range(off + 8, 8))
	local origin_item = t:add(F.disc_origin, tvb:range(off + 8, 8), origin)
	t:add(F.disc_seq, tvb:range(off + 16, 4))
	t:add(F.disc_rsvd2, tvb:range(off + 20, 4))
	local seq = tvb:range(off + 16, 4):uint()
	local bad = false
	if nloc == 0 or nloc > LOC_MAX then
		malformed(nloc_item, string.format(
			"%d locator entries: must be 1 to %d", nloc, LOC_MAX))
		bad = true
	end
	if hlen > HOSTNAME_MAX then
		malformed(hlen_item, string.format(
			"Hostname of %d bytes: at most %d", hlen, HOSTNAME_MAX))
		bad = true
	end
	if len ~= 24 + 16 * nloc + hlen then
		malformed(t, string.format(
			"Message of %d bytes; %d locators and a %d-byte hostname make %d",
			len, nloc, hlen, 24 + 16 * nloc + hlen))
		bad = true
	end
	if origin == "0:0:0:0" then
		malformed(origin_item, "Origin NID 0 (all nodes)")
		bad = true
	elseif origin ~= ctx.src_nid then
		malformed(origin_item, "Origin NID is not the source NID " ..
			  ctx.src_nid)
		bad = true
	end
	local p = off + 24
	local shown = 0
	for i = 1, nloc do
		if p + 16 > off + len then
			break
		end
		local loc = id_text(tvb:range(p, 8))
		local pref = tvb:range(p + 8, 2):uint()
		local life = tvb:range(p + 12, 4):uint()
		local e = t:add(F.disc_entry, tvb:range(p, 16), string.format(
			"%s pref %d lifetime %d s", loc, pref, life))
		e:add(F.disc_loc, tvb:range(p, 8), loc)
		e:add(F.disc_pref, tvb:range(p + 8, 2))
		e:add(F.disc_ersvd, tvb:range(p + 10, 2))
		e:add(F.disc_life, tvb:range(p + 12, 4))
		p = p + 16
		shown = i
	end
	local host = ""
	if shown == nloc and hlen > 0 then
		if p + hlen <= off + len then
			local r = tvb:range(p, hlen)
			host = r:raw()
			local h = t:add(F.disc_host, r, host)
			if host:find("^[-.]") or host:find("[^%w%-%.]") then
				malformed(h, "Hostname: letters, digits, '-' and '.' only, not first")
				bad = true
			end
		end
	end
	local text = string.format("%s from %s seq %d", ICMP_TYPES[type_],
				   origin, seq)
	if host ~= "" then
		text = text .. string.format(" \"%s\"", host)
	end
	text = text .. string.format(" (%d locator%s)", nloc,
				     nloc == 1 and "" or "s")
	if bad then
		text = text .. " [malformed]"
	end
	return text
end

local function dissect_lu(tvb, off, len, t, pinfo, ctx, type_)
	if len < 8 then
		malformed(t, string.format(
			"Locator update of %d bytes, shorter than its 8-byte header",
			len))
		return "Locator update [truncated]"
	end
	local nloc = tvb:range(off + 4, 1):uint()
	local op = tvb:range(off + 5, 1):uint()
	local seq = tvb:range(off + 6, 2):uint()
	local nloc_item = t:add(F.lu_nloc, tvb:range(off + 4, 1))
	local op_item = t:add(F.lu_op, tvb:range(off + 5, 1))
	t:add(F.lu_seq, tvb:range(off + 6, 2))
	local bad = false
	if op ~= 1 and op ~= 2 then
		malformed(op_item, string.format(
			"Operation %d: 1 (advertisement) or 2 (acknowledgement)",
			op))
		bad = true
	end
	if nloc == 0 or nloc > LOC_MAX then
		malformed(nloc_item, string.format(
			"%d locator entries: must be 1 to %d", nloc, LOC_MAX))
		bad = true
	end
	if len ~= 8 + 12 * nloc then
		malformed(t, string.format(
			"Message of %d bytes; %d locators make %d", len, nloc,
			8 + 12 * nloc))
		bad = true
	end
	if ctx.dst_nid == "0:0:0:0" then
		malformed(t, "Locator update to all nodes (destination NID 0)")
		bad = true
	end
	local p = off + 8
	for _ = 1, nloc do
		if p + 12 > off + len then
			break
		end
		local loc = id_text(tvb:range(p, 8))
		local pref = tvb:range(p + 8, 2):uint()
		local life = tvb:range(p + 10, 2):uint()
		local e = t:add(F.lu_entry, tvb:range(p, 12), string.format(
			"%s pref %d lifetime %d s", loc, pref, life))
		local li = e:add(F.lu_loc, tvb:range(p, 8), loc)
		e:add(F.lu_pref, tvb:range(p + 8, 2))
		e:add(F.lu_life, tvb:range(p + 10, 2))
		if loc == "0:0:0:0" or loc == ALL_NODES_LOC then
			malformed(li, "Locator " .. loc .. " is reserved")
			bad = true
		end
		p = p + 12
	end
	local text = string.format("Locator update%s seq %d (%d locator%s)",
				   op == 2 and " ack" or "", seq, nloc,
				   nloc == 1 and "" or "s")
	if bad then
		text = text .. " [malformed]"
	end
	return text
end

-- Locator solicitations and advertisements go to the link's all nodes
-- with hop limit 255: a copy with less was forwarded, so it comes from
-- off the link (ilnp_ra_rcv() drops it as NDP does).  True if not so.
local function ra_bad_delivery(ctx, name)
	local bad = false
	if ctx.dst_loc ~= ALL_NODES_LOC or ctx.dst_nid ~= "0:0:0:0" then
		malformed(ctx.dst_item, string.format(
			"%s to %s:%s: must be to all nodes (%s:0:0:0:0)", name,
			ctx.dst_loc, ctx.dst_nid, ALL_NODES_LOC))
		bad = true
	end
	if ctx.hlim ~= RA_HOP_LIMIT then
		malformed(ctx.hlim_item, string.format(
			"Hop limit %d: must be %d (a forwarded copy, from off the link)",
			ctx.hlim, RA_HOP_LIMIT))
		bad = true
	end
	return bad
end

-- The solicitation id at @r (8 bytes), as the Info column shows it.
local function ra_id_text(r)
	return "id=0x" .. r:uint64():tohex()
end

local function dissect_ls(tvb, off, len, t, pinfo, ctx, type_)
	local bad = ra_bad_delivery(ctx, ICMP_TYPES[type_])
	local text = ICMP_TYPES[type_]
	t:add(F.ra_rsvd, tvb:range(off + 4, 4))
	if len >= 16 then
		t:add(F.ra_id, tvb:range(off + 8, 8))
		text = text .. " " .. ra_id_text(tvb:range(off + 8, 8))
	end
	if len ~= 16 then
		malformed(t, string.format(
			"Locator solicitation of %d bytes: must be 16", len))
		bad = true
	end
	if bad then
		text = text .. " [malformed]"
	end
	return text
end

-- One advertised locator entry (discovery's layout) at @p, under @t.
-- Returns its lifetime and whether its locator is one a node may hold.
local function ra_entry(tvb, p, t)
	local loc = id_text(tvb:range(p, 8))
	local pref = tvb:range(p + 8, 2):uint()
	local life = tvb:range(p + 12, 4):uint()
	local e = t:add(F.ra_entry, tvb:range(p, 16), string.format(
		"%s pref %d lifetime %d s%s", loc, pref, life,
		life == 0 and " (withdrawn)" or ""))
	local li = e:add(F.ra_loc, tvb:range(p, 8), loc)
	e:add(F.ra_pref, tvb:range(p + 8, 2))
	e:add(F.ra_ersvd, tvb:range(p + 10, 2))
	e:add(F.ra_life, tvb:range(p + 12, 4))
	if life == 0 then
		e:add(F.ra_withdrawn, true):set_generated()
	end
	if loc == "0:0:0:0" or loc == ALL_NODES_LOC then
		malformed(li, "Locator " .. loc .. " is reserved")
		return life, false
	end
	return life, true
end

local function dissect_la(tvb, off, len, t, pinfo, ctx, type_)
	local name = ICMP_TYPES[type_]
	local bad = ra_bad_delivery(ctx, name)
	if len < 16 then
		malformed(t, string.format(
			"Locator advertisement of %d bytes, shorter than its 16-byte header",
			len))
		return name .. " [truncated]"
	end
	local nloc = tvb:range(off + 4, 1):uint()
	local flags = tvb:range(off + 5, 1):uint()
	local interval = tvb:range(off + 6, 2):uint()
	local nloc_item = t:add(F.ra_nloc, tvb:range(off + 4, 1))
	t:add(F.ra_flags, tvb:range(off + 5, 1))
		:add(F.ra_solicited, tvb:range(off + 5, 1))
	t:add(F.ra_interval, tvb:range(off + 6, 2))
	t:add(F.ra_id, tvb:range(off + 8, 8))
	if nloc == 0 or nloc > RA_LOC_MAX then
		malformed(nloc_item, string.format(
			"%d locator entries: must be 1 to %d", nloc, RA_LOC_MAX))
		bad = true
	end
	if len ~= 16 + 16 * nloc then
		malformed(t, string.format(
			"Message of %d bytes; %d locators make %d", len, nloc,
			16 + 16 * nloc))
		bad = true
	end
	local p = off + 16
	local withdrawn = 0
	for _ = 1, nloc do
		if p + 16 > off + len then
			break
		end
		local life, ok = ra_entry(tvb, p, t)
		if life == 0 then
			withdrawn = withdrawn + 1
		end
		bad = bad or not ok
		p = p + 16
	end
	local text = string.format("%s (%d locator%s", name, nloc,
				   nloc == 1 and "" or "s")
	if withdrawn > 0 then
		text = text .. string.format(", %d withdrawn", withdrawn)
	end
	text = text .. string.format(", interval %d s)", interval)
	-- Other flags are sent 0 and ignored.
	if bit.band(flags, RA_F_SOLICITED) ~= 0 then
		text = text .. " solicited " ..
		       ra_id_text(tvb:range(off + 8, 8))
	end
	if bad then
		text = text .. " [malformed]"
	end
	return text
end

local ICMP_BODIES = {
	[128] = dissect_echo,
	[129] = dissect_echo,
	[156] = dissect_lu,
	[200] = dissect_disc,
	[201] = dissect_disc,
	[202] = dissect_ls,
	[203] = dissect_la,
}

-- An ICMPv6-format message: @len bytes at @off.  Its checksum is
-- ICMPv6's over the two I-LVs as they are (protocol.rst).
local function dissect_icmp(tvb, off, len, tree, pinfo, ctx)
	local t = subtree(tree, tvb, off, len, "ICMPv6-format control")
	if len < 4 then
		malformed(t, string.format(
			"Control message of %d bytes, shorter than 8", len))
		return "Control message [truncated]"
	end
	local type_ = tvb:range(off, 1):uint()
	local code = tvb:range(off + 1, 1):uint()
	local ti = t:add(F.icmp_type, tvb:range(off, 1))
	local ci = t:add(F.icmp_code, tvb:range(off + 1, 1))
	local ck = tvb:range(off + 2, 2):uint()
	local cki = t:add(F.icmp_ck, tvb:range(off + 2, 2))
	local sum = pseudo_sum(tvb, ctx.hdr + 8, ctx.hdr + 16, ctx.hdr + 24,
			       ctx.hdr + 32, len, NH_ICMP)
	sum = fold(sum16(tvb:range(off, len), sum))
	checksum_status(t, F.icmp_ck_status, tvb:range(off + 2, 2),
			sum == 0xffff and CK_GOOD or CK_BAD, cki, string.format(
			"Bad checksum 0x%04x (ICMPv6's over the I-LVs)", ck))
	local name = ICMP_TYPES[type_]
	if name then
		t:append_text(", " .. name)
	end
	if len < 8 then
		malformed(t, string.format(
			"Control message of %d bytes, shorter than 8", len))
		return (name or "Control message") .. " [truncated]"
	end
	local suffix = ""
	if code ~= 0 then
		malformed(ci, string.format("Code %d: must be 0", code))
		suffix = " [bad code]"
	end
	if not name then
		malformed(ti, string.format("Unknown control message type %d",
					    type_))
		return string.format("Control message type %d [unknown]", type_)
	end
	local body = ICMP_BODIES[type_]
	local text = body(tvb, off, len, t, pinfo, ctx, type_) .. suffix
	if sum ~= 0xffff then
		text = text .. " [bad checksum]"
	end
	return text
end

-- STP (next header 17): UDP's layout; the checksum is UDP-over-IPv6's
-- with the pseudo-header's locators zero, the NIDs only (stp.c).
local function dissect_stp(tvb, off, len, tree, pinfo, ctx)
	local t = subtree(tree, tvb, off, len, "STP")
	if len < 8 then
		malformed(t, string.format(
			"STP datagram of %d bytes, shorter than its 8-byte header",
			len))
		return "STP [truncated]"
	end
	local sport = tvb:range(off, 2):uint()
	local dport = tvb:range(off + 2, 2):uint()
	local slen = tvb:range(off + 4, 2):uint()
	local ck = tvb:range(off + 6, 2):uint()
	t:add(F.stp_sport, tvb:range(off, 2))
	t:add(F.stp_dport, tvb:range(off + 2, 2))
	t:add(F.stp_port, tvb:range(off, 2)):set_hidden()
	t:add(F.stp_port, tvb:range(off + 2, 2)):set_hidden()
	local li = t:add(F.stp_len, tvb:range(off + 4, 2))
	local cki = t:add(F.stp_ck, tvb:range(off + 6, 2))
	t:append_text(string.format(", %d -> %d", sport, dport))
	local text = string.format("STP %d -> %d len=%d", sport, dport, slen)
	if slen ~= len then
		malformed(li, string.format(
			"STP length %d, but %d bytes arrived", slen, len))
		text = text .. " [bad length]"
	end
	local sum = pseudo_sum(tvb, nil, ctx.hdr + 16, nil, ctx.hdr + 32, len,
			       NH_UDP)
	local whole = fold(sum16(tvb:range(off, len), sum))
	-- What the sender would have put there.
	local rest = len > 8 and sum16(tvb:range(off + 8, len - 8), 0) or 0
	local calc = 0xffff - fold(sum16(tvb:range(off, 6), sum) + rest)
	if calc == 0 then
		calc = 0xffff
	end
	t:add(F.stp_ck_calc, tvb:range(off + 6, 2), calc):set_generated()
	local status, why = CK_GOOD, nil
	if ck == 0 then
		status = CK_ILLEGAL
		why = "Checksum 0: invalid (STP checksums are mandatory, as UDP's over IPv6)"
	elseif whole ~= 0xffff then
		status = CK_BAD
		why = string.format(
			"Bad checksum 0x%04x, should be 0x%04x (pseudo-header: NIDs, locators zero)",
			ck, calc)
	end
	checksum_status(t, F.stp_ck_status, tvb:range(off + 6, 2), status, cki,
			why)
	if status ~= CK_GOOD then
		text = text .. " [bad checksum]"
	end
	if len > 8 then
		local data = tvb:range(off + 8, len - 8)
		t:add(F.stp_data, data)
		-- To a dissector given the port (Decode As), if any.
		local d = stp_table:get_dissector(dport) or
			  stp_table:get_dissector(sport)
		if d then
			-- Its exceptions are its own (it marks them): no Lua
			-- error of ours.
			pcall(d.call, d, data:tvb(), pinfo, tree)
		end
	end
	return text
end

-- Identity packet (next header 253): an IPv6 socket's packet; the
-- identity header names its own upper layer, dissected by Wireshark's
-- IP protocol table.  Its transport checksum covers the identifiers
-- alone (the prefixes of the pseudo-header zero), so the addresses given
-- to that dissector are ::NID, with which it verifies them.
local function dissect_identity(tvb, off, len, tree, pinfo, ctx)
	local t = subtree(tree, tvb, off, len, "Identity header")
	if len < 8 then
		malformed(t, string.format(
			"Identity packet of %d bytes, shorter than its 8-byte header",
			len))
		return "Identity packet [truncated]"
	end
	local nh = tvb:range(off, 1):uint()
	t:add(F.id_nxt, tvb:range(off, 1))
	t:add(F.id_len, tvb:range(off + 1, 1))
	t:add(F.id_rsvd, tvb:range(off + 2, 6))
	local text = string.format("Identity packet, next header %d", nh)
	if len > 8 then
		local ok, a, b = pcall(function()
			return Address.ipv6("::" .. ctx.src_nid),
			       Address.ipv6("::" .. ctx.dst_nid)
		end)
		if ok then
			pinfo.src, pinfo.net_src = a, a
			pinfo.dst, pinfo.net_dst = b, b
		end
		local sub = tvb:range(off + 8, len - 8):tvb()
		local d = ip_proto:get_dissector(nh) or data_dissector
		-- A malformed TCP or UDP inside is that dissector's to mark:
		-- its exception must not become a Lua error here.
		pcall(d.call, d, sub, pinfo, tree)
		ctx.info_set_below = true
	end
	return text
end

-- Destination options (next header 60): the nonce option.  Returns the
-- offset after the header and the next header, or nil if malformed.
local function dissect_dstopts(tvb, off, len, tree, ctx)
	local t = subtree(tree, tvb, off, math.min(len, 8),
			  "Destination options")
	if len < 8 then
		malformed(t, string.format(
			"Destination options header of %d bytes, shorter than 8",
			len))
		return nil
	end
	local nh = tvb:range(off, 1):uint()
	local hlen = (tvb:range(off + 1, 1):uint() + 1) * 8
	t:add(F.opt_nxt, tvb:range(off, 1))
	local hli = t:add(F.opt_len, tvb:range(off + 1, 1))
	t:append_text(string.format(" (%d bytes)", hlen))
	if hlen > len then
		malformed(hli, string.format(
			"Header of %d bytes, but %d arrived", hlen, len))
		return nil
	end
	t:set_len(hlen)
	local bad = false
	if nh == NH_DSTOPTS then
		malformed(t, "A second destination options header")
		bad = true
	end
	local i = 2
	while i < hlen do
		local otype = tvb:range(off + i, 1):uint()
		if otype == 0 then
			t:add(F.opt_type, tvb:range(off + i, 1))
			i = i + 1
		elseif i + 2 > hlen then
			malformed(t:add(F.opt_type, tvb:range(off + i, 1)),
				  "Option type without its length")
			return nil
		else
			local olen = tvb:range(off + i + 1, 1):uint()
			if i + 2 + olen > hlen then
				local oi = t:add(F.opt_type, tvb:range(off + i, 1))
				oi:add(F.opt_olen, tvb:range(off + i + 1, 1))
				malformed(oi, string.format(
					"Option of %d bytes runs past the header's end",
					olen))
				return nil
			end
			-- The option's type, its subtree over the whole option.
			local oi = t:add(F.opt_type, tvb:range(off + i, 1))
			oi:set_len(2 + olen)
			oi:add(F.opt_olen, tvb:range(off + i + 1, 1))
			if otype == NONCE_OPT then
				if olen ~= 4 and olen ~= 12 then
					malformed(oi, string.format(
						"Nonce option of %d bytes: 4 or 12", olen))
					bad = true
				else
					oi:add(F.nonce, tvb:range(off + i + 2, 4))
					if olen == 12 then
						oi:add(F.nonce_ext,
						       tvb:range(off + i + 6, 8))
					end
					ctx.nonce = tvb:range(off + i + 2, 4):uint()
				end
			elseif otype ~= 1 and otype >= 0x40 then
				oi:add_proto_expert_info(E.invalid, string.format(
					"Unknown option 0x%02x whose type says discard: the module drops the packet",
					otype))
			end
			i = i + 2 + olen
		end
	end
	if bad then
		return nil
	end
	return off + hlen, nh
end

function ilnp.dissector(tvb, pinfo, tree)
	local len = tvb:len()
	pinfo.cols.protocol = "ILNP"
	local t = len > 0 and tree:add(ilnp, tvb:range(0, len)) or tree:add(ilnp)
	if len < HDR_LEN then
		malformed(t, string.format(
			"%d bytes, shorter than the 40-byte ILNPv6 header", len))
		pinfo.cols.info = string.format("ILNPv6 [truncated: %d bytes]",
						len)
		return len
	end
	local ctx = { hdr = 0 }
	local vtc = tvb:range(0, 4)
	local vi = t:add(F.version, vtc)
	t:add(F.tclass, vtc)
	t:add(F.flow, vtc)
	local plen = tvb:range(4, 2):uint()
	local nh = tvb:range(6, 1):uint()
	local hlim = tvb:range(7, 1):uint()
	local pli = t:add(F.plen, tvb:range(4, 2))
	t:add(F.nxt, tvb:range(6, 1))
	local hli = t:add(F.hlim, tvb:range(7, 1))
	local sl, sn = id_text(tvb:range(8, 8)), id_text(tvb:range(16, 8))
	local dl, dn = id_text(tvb:range(24, 8)), id_text(tvb:range(32, 8))
	ctx.src_nid, ctx.dst_loc, ctx.dst_nid = sn, dl, dn
	ctx.hlim, ctx.hlim_item = hlim, hli
	local st = t:add(F.src, tvb:range(8, 16), sl .. ":" .. sn)
	st:add(F.src_loc, tvb:range(8, 8), sl)
	local sni = st:add(F.src_nid, tvb:range(16, 8), sn)
	local dt = t:add(F.dst, tvb:range(24, 16), dl .. ":" .. dn)
	dt:add(F.dst_loc, tvb:range(24, 8), dl)
	dt:add(F.dst_nid, tvb:range(32, 8), dn)
	ctx.dst_item = dt
	t:add(F.loc, tvb:range(8, 8), sl):set_hidden()
	t:add(F.loc, tvb:range(24, 8), dl):set_hidden()
	t:add(F.nid, tvb:range(16, 8), sn):set_hidden()
	t:add(F.nid, tvb:range(32, 8), dn):set_hidden()
	t:append_text(string.format(", Src: %s:%s, Dst: %s:%s", sl, sn, dl, dn))
	local net, gid = network()
	if net then
		t:add(F.net, net):set_generated()
		t:add(F.group_id, gid):set_generated()
		t:append_text(", on " .. net)
	end

	local info
	local version = tvb:range(0, 1):uint() / 16
	if math.floor(version) ~= 6 then
		malformed(vi, string.format("Version %d: must be 6",
					    math.floor(version)))
		pinfo.cols.info = "ILNPv6 [bad version]"
		return len
	end
	if plen ~= len - HDR_LEN then
		malformed(pli, string.format(
			"Payload length %d, but %d bytes follow the header",
			plen, len - HDR_LEN))
		pinfo.cols.info = "ILNPv6 [bad payload length]"
		return len
	end
	if hlim == 0 then
		hli:add_proto_expert_info(E.invalid, "Hop limit 0")
	end
	if sn == "0:0:0:0" then
		sni:add_proto_expert_info(E.invalid,
					  "Source NID 0 (all nodes): forged")
	end

	local off = HDR_LEN
	if nh == NH_DSTOPTS then
		local nxt
		off, nxt = dissect_dstopts(tvb, off, len - off, t, ctx)
		if not off then
			pinfo.cols.info = "ILNPv6 [bad destination options]"
			return len
		end
		nh = nxt
	end
	local rest = len - off
	if nh == NH_ICMP then
		info = dissect_icmp(tvb, off, rest, t, pinfo, ctx)
	elseif nh == NH_UDP then
		info = dissect_stp(tvb, off, rest, t, pinfo, ctx)
	elseif nh == NH_IDENTITY then
		info = dissect_identity(tvb, off, rest, t, pinfo, ctx)
	else
		t:add_proto_expert_info(E.invalid, string.format(
			"Next header %d: not understood", nh))
		info = string.format("ILNPv6 next header %d", nh)
	end
	if ctx.nonce then
		info = info .. string.format(" nonce=0x%08x", ctx.nonce)
	end
	if ctx.info_set_below then
		-- The IPv6 packet's own dissector wrote the Info column.
		pinfo.cols.info:prepend(info .. ": ")
	else
		pinfo.cols.info = info
	end
	return len
end

local udp_port = DissectorTable.get("udp.port")
local registered_port

local function register_port()
	if registered_port then
		udp_port:remove(registered_port, ilnp)
	end
	registered_port = ilnp.prefs.port
	if registered_port ~= 0 then
		udp_port:add(registered_port, ilnp)
	end
end

function ilnp.prefs_changed()
	if registered_port ~= ilnp.prefs.port then
		register_port()
	end
end

register_port()
-- "Decode As" ... ILNP on any other UDP port.
udp_port:add_for_decode_as(ilnp)
