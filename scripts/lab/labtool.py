#!/usr/bin/python3
"""Small helpers of scripts/lab.sh that would be awkward in bash. Standard library only.

  labtool.py tcp-server ADDR PORT READY_FILE TIMEOUT [COUNT]
                                                       accept COUNT connections (default 1), answer
                                                       each, exit (at the latest after TIMEOUT s)
  labtool.py tcp-client ADDR PORT TIMEOUT              connect, print the server's answer
  labtool.py udp-send ADDR PORT LENGTH COUNT           send COUNT datagrams of LENGTH bytes (a fixed
                                                       pattern) with DF clear (IP_PMTUDISC_DONT), 0.2 s apart
  labtool.py udp-receive ADDR PORT LENGTH READY_FILE TIMEOUT
                                                       wait for a datagram; print what arrived and exit 0
                                                       when it is LENGTH bytes equal to udp-send's pattern
  labtool.py iperf3 JSON_FILE                          print "MBPS RETRANSMITS BYTES" or fail
  labtool.py status-link JSON_FILE PORT                print ports.PORT.link of a status JSON
  labtool.py status-summary JSON_FILE [PORT...]        one-line summary; exit 1 if no traffic (on each
                                                       PORT given, else on every port)
  labtool.py kernel-status NAME NS PORT=IF...          status JSON of the --kernel-router stand-in
  labtool.py bgp-neighbors JSON NAME...                each neighbor's state; exit 1 unless all established
  labtool.py bgp-routes BEFORE AFTER NAME=FAMILY...    1 prefix accepted per NAME in FAMILY, and the
                                                       FIB (counters.fib_routes4/6) grew for each family
  labtool.py bird-route FILE PREFIX AS_PATH LARGE      a `birdc show route all PREFIX` output holds
                                                       PREFIX with that AS path and large community
  labtool.py arp-probe IFACE SRC TARGET COUNT          send COUNT ARP requests for TARGET from SRC on
                                                       IFACE (raw frames); print "REPLIES MAC,..."
                                                       ("-" for none), replies counted within 1 s
  labtool.py nd-probe IFACE SRC TARGET COUNT           the same with IPv6 neighbor solicitations
  labtool.py sniff IFACE SRC_MAC STOP_FILE TIMEOUT     count the frames from SRC_MAC that an
                                                       af_packet socket on IFACE receives, until
                                                       STOP_FILE exists (or TIMEOUT s); print it
  labtool.py vlan-relay PARENT TAP VID STOP_FILE TIMEOUT   a VLAN interface where the kernel has none: TAP
                                                       (made here) relayed to PARENT with an 802.1Q tag VID,
                                                       frames of VID on PARENT to TAP untagged
  labtool.py vlan-arp-probe IFACE VID SRC TARGET COUNT as arp-probe, the requests tagged VID
  labtool.py counter-delta BEFORE AFTER KEY MIN        counters.KEY grew by at least MIN between two
                                                       status JSONs; print "KEY A -> B (+D)" (KEY drops.R
                                                       or ports.PORT.C: that drop or port counter)
  labtool.py mcp-explain JUNCTION ROUTER WAIT PREFIX=NEIGHBOR=GATEWAY...
                                                       through `JUNCTION mcp --name ROUTER`: explain each
                                                       PREFIX (retried for WAIT s), want it installed from
                                                       BGP NEIGHBOR, next hop GATEWAY resolved
  labtool.py mcp-propose-commit JUNCTION ROUTER PREFIX VIA ADDRESS PING_NS
                                                       through MCP: running_config, propose_change with a
                                                       static route PREFIX via VIA, commit_proposal (2 min
                                                       window), lookup ADDRESS and ping it from PING_NS,
                                                       confirm, rollback, ADDRESS unrouted again
  labtool.py journal-why JUNCTION ROUTER BIRD_SOCKET PROTOCOL PREFIX NEIGHBOR=ADDRESS DESTINATION WAIT
                                                       the route journal through the `junction` CLI: BIRD
                                                       withdraws PREFIX (`birdc disable PROTOCOL`); --why names
                                                       NEIGHBOR's UPDATE and the route before, --history the
                                                       announce and the withdrawal, routes --at between them
                                                       has PREFIX, at the withdrawal not; BIRD announces it
                                                       again (`birdc enable`) and DESTINATION routes by it
  labtool.py copp-pcap FILE DST_MAC SRC_MAC SRC DST COUNT
                                                       write a pcap of COUNT 64-byte frames SRC -> DST, a third
                                                       each TCP SYN (to ports 1..1023 and 179, from ports that
                                                       change), UDP (ports that change), ICMP echo requests
  labtool.py dpdk-opackets PREFIX PORT                 a DPDK process's port PORT's opackets (its telemetry
                                                       socket, --file-prefix PREFIX), or nothing and status 1
  labtool.py copp-verdict SAMPLES BEFORE AFTER PORT MIN_PPS MAX_SILENCE_MS NAME...
                                                       copp-flood's verdict: the offered rate (the generator's TX
                                                       counter in SAMPLES), BIRD's sessions Established in every
                                                       sample with a silence under MAX_SILENCE_MS, Junction's NAMEs
                                                       not restarted, the router's per-class passes and drops and
                                                       its PORT's rx
"""
import calendar
import ipaddress
import json
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

GREETING = b"junction-lab-ok"


def tcp_server(addr, port, ready, timeout, count="1"):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, int(port)))
    s.listen(8)
    deadline = time.monotonic() + float(timeout)
    open(ready, "w").close()
    for _ in range(int(count)):
        left = deadline - time.monotonic()
        if left <= 0:
            print("no connection within %s s" % timeout, file=sys.stderr)
            return 1
        s.settimeout(left)
        try:
            c, peer = s.accept()
        except socket.timeout:
            print("no connection within %s s" % timeout, file=sys.stderr)
            return 1
        c.settimeout(5)
        try:
            c.recv(64)
        except socket.timeout:
            pass
        who = peer[0][7:] if peer[0].startswith("::ffff:") else peer[0]
        c.sendall(GREETING + b" " + who.encode() + b"\n")
        c.close()
    s.close()
    return 0


def tcp_client(addr, port, timeout):
    try:
        c = socket.create_connection((addr, int(port)), timeout=float(timeout))
        c.sendall(b"hello from the lab\n")
        data = c.recv(256)
        c.close()
    except OSError as e:
        print("connect/read failed: %s" % e)
        return 1
    text = data.decode(errors="replace").strip()
    print(text)
    return 0 if text.startswith(GREETING.decode()) else 1


def udp_pattern(length):
    return bytes((i * 7 + 11) & 0xFF for i in range(int(length)))


IP_MTU_DISCOVER = getattr(socket, "IP_MTU_DISCOVER", 10)
IP_PMTUDISC_DONT = getattr(socket, "IP_PMTUDISC_DONT", 0)


def udp_send(addr, port, length, count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # Linux sets DF on UDP by default (IP_PMTUDISC_WANT): clear it, so a router may fragment.
    s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
    data = udp_pattern(length)
    for i in range(int(count)):
        if i:
            time.sleep(0.2)
        s.sendto(data, (addr, int(port)))
    s.close()
    return 0


def udp_receive(addr, port, length, ready, timeout):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, int(port)))
    want = udp_pattern(length)
    deadline = time.monotonic() + float(timeout)
    open(ready, "w").close()
    seen = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            print("no datagram of %s bytes equal to the pattern within %s s (got: %s)"
                  % (length, timeout, ", ".join(seen) or "nothing"))
            return 1
        s.settimeout(left)
        try:
            data, peer = s.recvfrom(65536)
        except socket.timeout:
            continue
        if data == want:
            print("%d bytes from %s, equal byte for byte to what was sent" % (len(data), peer[0]))
            return 0
        seen.append("%d bytes from %s, different" % (len(data), peer[0]))


def iperf3(path):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("no iperf3 JSON (%s)" % e)
        return 1
    if doc.get("error"):
        print(doc["error"])
        return 1
    end = doc.get("end", {})
    recv = end.get("sum_received", {})
    sent = end.get("sum_sent", {})
    mbps = recv.get("bits_per_second", 0) / 1e6
    got = int(recv.get("bytes", 0))
    print("%.1f %s %d" % (mbps, sent.get("retransmits", "?"), got))
    return 0 if got > 0 else 1


def load(path):
    """The JSON object in a status output, skipping anything printed before it (a build's
    terminal escapes, say)."""
    with open(path) as f:
        text = f.read()
    start = text.find("{")
    if start < 0:
        raise ValueError("no JSON object in %r" % text[:80])
    return json.JSONDecoder().raw_decode(text, start)[0]


def status_link(path, port):
    try:
        print(load(path)["ports"][port]["link"])
        return 0
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("unreadable status (%s)" % e)
        return 1


def status_summary(path, *only):
    try:
        doc = load(path)
        ports = doc["ports"]
        counters = doc.get("counters", {})
        drops = doc.get("drops", {})
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("unreadable status JSON (%s)" % e)
        return 1
    parts, ok = [], True
    for name in sorted(ports):
        p = ports[name]
        parts.append("%s %s rx=%s tx=%s" % (name, p.get("link", "?"), p.get("rx", "?"), p.get("tx", "?")))
        # a VLAN sub-interface (p0.100) receives only its VLAN's frames: the vlan check's, not every check's
        if (not only or name in only) and "." not in name and (not isinstance(p.get("rx"), int) or p["rx"] <= 0):
            ok = False
    fwd = counters.get("forwarded")
    parts.append("forwarded=%s" % fwd)
    if not isinstance(fwd, int) or fwd <= 0:
        ok = False
    for key in ("punted", "no_route"):
        if key in counters:
            parts.append("%s=%s" % (key, counters[key]))
        elif key in drops:
            parts.append("drops.%s=%s" % (key, drops[key]))
    if not ports:
        ok = False
    print(", ".join(parts))
    return 0 if ok else 1


def snmp(ns, path):
    out = subprocess.run(["ip", "netns", "exec", ns, "cat", path],
                         capture_output=True, text=True, check=True).stdout
    return out


def kernel_status(name, ns, pairs):
    """The same JSON shape as `junction status --json`, read from the router namespace's kernel."""
    links = json.loads(subprocess.run(["ip", "-n", ns, "-j", "-s", "link", "show"],
                                      capture_output=True, text=True, check=True).stdout)
    by_if = {link["ifname"]: link for link in links}
    ports = {}
    for pair in pairs:
        port, ifname = pair.split("=", 1)
        link = by_if[ifname]
        st = link.get("stats64", link.get("stats", {}))
        ports[port] = {
            "link": "up" if link.get("operstate") == "UP" else "down",
            "rx": st["rx"]["packets"], "tx": st["tx"]["packets"],
            "rx_bytes": st["rx"]["bytes"], "tx_bytes": st["tx"]["bytes"],
        }
    lines = snmp(ns, "/proc/net/snmp").splitlines()
    ip_keys = [ln.split()[1:] for ln in lines if ln.startswith("Ip:")]
    ip = dict(zip(ip_keys[0], map(int, ip_keys[1]))) if len(ip_keys) == 2 else {}
    ip6 = {}
    for ln in snmp(ns, "/proc/net/snmp6").splitlines():
        k, _, v = ln.partition(" ")
        if v.strip().isdigit():
            ip6[k] = int(v)
    doc = {
        "name": name,
        "stand_in": "kernel-router",
        "ports": ports,
        "drops": {"no_route": ip.get("OutNoRoutes", 0) + ip6.get("Ip6InNoRoutes", 0)},
        "counters": {"forwarded": ip.get("ForwDatagrams", 0) + ip6.get("Ip6OutForwDatagrams", 0)},
    }
    print(json.dumps(doc))
    return 0


def bgp_neighbors(path, names):
    try:
        neighbors = load(path)["bgp"]["neighbors"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("no bgp.neighbors in the status (%s)" % e)
        return 1
    parts, ok = [], True
    for name in names:
        n = neighbors.get(name)
        if n is None:
            parts.append("%s missing" % name)
            ok = False
            continue
        state = n.get("state")
        part = "%s (%s) %s" % (name, n.get("address"), state)
        if state == "established":
            part += " %ss" % n.get("uptime_s", "?")
        else:
            ok = False
            if n.get("last_error"):
                part += " (last error: %s)" % n["last_error"]
        parts.append(part)
    print(", ".join(parts))
    return 0 if ok else 1


FIB_COUNTER = {"ipv4-unicast": "fib_routes4", "ipv6-unicast": "fib_routes6"}


def bgp_routes(before_path, after_path, pairs):
    try:
        before = load(before_path).get("counters", {})
        after = load(after_path)
        neighbors = after["bgp"]["neighbors"]
        counters = after.get("counters", {})
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("unreadable status (%s)" % e)
        return 1
    parts, ok = [], True
    for pair in pairs:
        name, family = pair.split("=", 1)
        n = neighbors.get(name, {})
        accepted = n.get("prefixes_accepted", {}).get(family, 0)
        received = n.get("prefixes_received", {}).get(family, 0)
        parts.append("%s %s: %s received, %s accepted" % (name, family, received, accepted))
        if accepted != 1:
            ok = False
        key = FIB_COUNTER[family]
        was, now = before.get(key), counters.get(key)
        parts.append("%s %s -> %s" % (key, was, now))
        if not isinstance(was, int) or not isinstance(now, int) or now <= was:
            ok = False
    print(", ".join(parts))
    return 0 if ok else 1


def bird_route(path, prefix, as_path, large):
    """BIRD has no JSON: read the route's block in `show route all` (net on its first line,
    attributes indented below it)."""
    with open(path) as f:
        lines = f.read().splitlines()
    found, attrs = False, {}
    for ln in lines:
        if ln.startswith(prefix + " ") or ln.startswith(prefix + "\t"):
            found = True
            continue
        if found and ln[:1] in (" ", "\t") and ":" in ln:
            k, _, v = ln.strip().partition(":")
            attrs.setdefault(k.strip(), v.strip())
        elif found and ln.strip() and ln[:1] not in (" ", "\t"):
            break
    if not found:
        print("%s not in BIRD's table" % prefix)
        return 1
    got_path = attrs.get("BGP.as_path", "")
    got_large = attrs.get("BGP.large_community", "")
    want_large = "(%s)" % ", ".join(large.split(":"))
    print("%s as_path [%s] large_community %s next_hop %s" % (prefix, got_path, got_large or "none",
                                                               attrs.get("BGP.next_hop", "?")))
    return 0 if got_path.split() == as_path.split() and want_large in got_large else 1


# ---------------------------------------------------------------- raw ARP / ND probes
ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86DD
ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def mac_text(raw):
    return ":".join("%02x" % b for b in raw)


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(":"))


def collect(sock, count, send, match, spacing=0.1, linger=1.0):
    """Send COUNT probes SPACING s apart and read replies until LINGER s after the last one.
    Returns the source MAC of every reply that MATCH accepts (one entry per reply)."""
    replies = []
    sent = 0
    next_send = time.monotonic()
    deadline = None
    while True:
        now = time.monotonic()
        if sent < count and now >= next_send:
            send()
            sent += 1
            next_send = now + spacing
            if sent == count:
                deadline = now + linger
        if deadline is not None and now >= deadline:
            return replies
        wait = (next_send if sent < count else deadline) - now
        r, _, _ = select.select([sock], [], [], max(0.0, wait))
        if r:
            frame, meta = sock.recvfrom(2048)
            if meta[2] != PACKET_OUTGOING and match(frame):
                replies.append(mac_text(frame[6:12]))


def print_replies(replies):
    macs = sorted(set(replies))
    print("%d %s" % (len(replies), ",".join(macs) if macs else "-"))
    return 0


def arp_probe(iface, src, target, count):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ARP))
    sock.bind((iface, ETH_P_ARP))
    mac = sock.getsockname()[4][:6]
    spa, tpa = socket.inet_aton(src), socket.inet_aton(target)
    request = (b"\xff" * 6 + mac + struct.pack("!H", ETH_P_ARP) +
               struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + spa + b"\x00" * 6 + tpa)

    def is_reply(f):
        # op 2, sender TARGET, target SRC
        return (len(f) >= 42 and f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x02" and
                f[28:32] == tpa and f[38:42] == spa)
    replies = collect(sock, int(count), lambda: sock.send(request), is_reply)
    sock.close()
    return print_replies(replies)


def icmp6_checksum(src, dst, payload):
    pseudo = src + dst + struct.pack("!I", len(payload)) + b"\x00\x00\x00" + bytes([58])
    data = pseudo + payload
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return (~total) & 0xFFFF


def nd_probe(iface, src, target, count):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IPV6))
    sock.bind((iface, ETH_P_IPV6))
    mac = sock.getsockname()[4][:6]
    s6, t6 = ipaddress.IPv6Address(src).packed, ipaddress.IPv6Address(target).packed
    d6 = ipaddress.IPv6Address("ff02::1:ff00:0").packed[:13] + t6[13:]   # solicited-node group
    # RFC 4861 §4.3: type 135, code 0, checksum, reserved, target, source link-layer option.
    body = struct.pack("!BBHI", 135, 0, 0, 0) + t6 + struct.pack("!BB", 1, 1) + mac
    body = body[:2] + struct.pack("!H", icmp6_checksum(s6, d6, body)) + body[4:]
    ip6 = struct.pack("!IHBB", 0x60000000, len(body), 58, 255) + s6 + d6
    frame = b"\x33\x33" + d6[12:] + mac + struct.pack("!H", ETH_P_IPV6) + ip6 + body

    def is_advert(f):
        # IPv6, next header ICMPv6, type 136 (neighbor advertisement) for TARGET
        return (len(f) >= 78 and f[12:14] == b"\x86\xdd" and f[20] == 58 and f[54] == 136 and
                f[62:78] == t6)
    replies = collect(sock, int(count), lambda: sock.send(frame), is_advert)
    sock.close()
    return print_replies(replies)


def sniff(iface, src_mac, stop_file, timeout):
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.bind((iface, ETH_P_ALL))
    want = mac_bytes(src_mac)
    seen = 0
    deadline = time.monotonic() + float(timeout)
    while time.monotonic() < deadline and not os.path.exists(stop_file):
        r, _, _ = select.select([sock], [], [], 0.1)
        while r:
            frame, meta = sock.recvfrom(65536)
            if meta[2] != PACKET_OUTGOING and frame[6:12] == want:
                seen += 1
            r, _, _ = select.select([sock], [], [], 0)
    sock.close()
    print(seen)
    return 0


# 802.1Q on the hosts' side, when the kernel has no VLAN support (CONFIG_VLAN_8021Q unset: `ip link add ...
# type vlan` fails with "Unknown device type"; no bridge VLAN filtering nor act_vlan either): a TAP carries the
# VLAN interface's addresses in the kernel, and this relay pushes the tag onto what the kernel sends on it and
# pops it off what arrives on the parent in that VLAN, as the kernel's own VLAN device would.
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
ETH_P_8021Q = 0x8100
TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000


def vlan_relay(parent, tap_name, vid, stop_file, timeout):
    """Relay TAP_NAME <-> PARENT tagged VID until STOP_FILE exists or TIMEOUT s pass; prints the frames relayed."""
    import fcntl
    vid = int(vid)
    tap = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(tap, TUNSETIFF, struct.pack("16sH", tap_name.encode(), IFF_TAP | IFF_NO_PI))
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
    sock.bind((parent, ETH_P_ALL))
    print("ready", flush=True)
    tagged = untagged = 0
    deadline = time.monotonic() + float(timeout)
    while time.monotonic() < deadline and not os.path.exists(stop_file):
        r, _, _ = select.select([sock, tap], [], [], 0.1)
        if tap in r:
            frame = os.read(tap, 65536)
            if len(frame) >= 14:
                sock.send(frame[:12] + struct.pack("!HH", ETH_P_8021Q, vid) + frame[12:])
                tagged += 1
        if sock in r:
            frame, anc, _, meta = sock.recvmsg(65536, socket.CMSG_SPACE(20))
            if meta[2] == PACKET_OUTGOING or len(frame) < 14:
                continue
            tci = None
            for level, kind, data in anc:
                if level == SOL_PACKET and kind == PACKET_AUXDATA and len(data) >= 20:
                    status, _, _, _, _, aux_tci, _ = struct.unpack("IIIHHHH", data[:20])
                    if status & TP_STATUS_VLAN_VALID:
                        tci = aux_tci
            if tci is None and frame[12:14] == struct.pack("!H", ETH_P_8021Q) and len(frame) >= 18:
                tci = struct.unpack("!H", frame[14:16])[0]   # a tag the kernel left in the frame
                frame = frame[:12] + frame[16:]
            if tci is not None and (tci & 0x0FFF) == vid:
                os.write(tap, frame)
                untagged += 1
    sock.close()
    os.close(tap)
    print("relayed %d frames tagged out, %d untagged in" % (tagged, untagged), flush=True)
    return 0


def vlan_arp_probe(iface, vid, src, target, count):
    """COUNT ARP requests for TARGET from SRC tagged VID on IFACE; prints the replies as arp-probe does."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    sock.bind((iface, ETH_P_ALL))
    mac = sock.getsockname()[4][:6]
    spa, tpa = socket.inet_aton(src), socket.inet_aton(target)
    request = (b"\xff" * 6 + mac + struct.pack("!HH", ETH_P_8021Q, int(vid)) + struct.pack("!H", ETH_P_ARP) +
               struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + mac + spa + b"\x00" * 6 + tpa)

    def is_reply(f):
        return len(f) >= 42 and f[12:14] == b"\x08\x06" and f[20:22] == b"\x00\x02" and f[28:32] == tpa
    replies = collect(sock, int(count), lambda: sock.send(request), is_reply)
    sock.close()
    return print_replies(replies)


def status_value(doc, key):
    """counters.KEY, or drops.REASON / ports.PORT.COUNTER when KEY starts so (a port name may hold a dot)."""
    if key.startswith("drops."):
        return doc.get("drops", {}).get(key[len("drops."):])
    if key.startswith("ports."):
        port, _, counter = key[len("ports."):].rpartition(".")
        return doc.get("ports", {}).get(port, {}).get(counter)
    return doc.get("counters", {}).get(key)


def inet_checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def copp_pcap(path, dst_mac, src_mac, src, dst, count):
    """A flood for control-plane policing: TCP SYN, UDP and ICMP echo in turn, 64-byte frames (with FCS)."""
    src_ip, dst_ip = socket.inet_aton(src), socket.inet_aton(dst)
    ether = mac_bytes(dst_mac) + mac_bytes(src_mac) + struct.pack("!H", 0x0800)
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(int(count)):
            kind = i % 3
            sport = 1024 + (i * 7919) % 60000
            if kind == 0:
                dport = 179 if i % 9 == 0 else 1 + (i * 31) % 1023
                l4 = struct.pack("!HHIIBBHHH", sport, dport, i * 2654435761 & 0xFFFFFFFF, 0, 0x50, 0x02, 64240, 0, 0)
                proto = 6
            elif kind == 1:
                l4 = struct.pack("!HHHH", sport, 1 + (i * 131) % 65535, 8 + 18, 0) + bytes(18)
                proto = 17
            else:
                l4 = struct.pack("!BBHHH", 8, 0, 0, 0x4A43, i & 0xFFFF) + bytes(18)
                proto = 1
            if proto == 1:
                l4 = l4[:2] + struct.pack("!H", inet_checksum(l4)) + l4[4:]
            else:
                pseudo = src_ip + dst_ip + struct.pack("!BBH", 0, proto, len(l4))
                at = 16 if proto == 6 else 6
                l4 = l4[:at] + struct.pack("!H", inet_checksum(pseudo + l4)) + l4[at + 2:]
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), i & 0xFFFF, 0, 64, proto, 0, src_ip, dst_ip)
            ip = ip[:10] + struct.pack("!H", inet_checksum(ip)) + ip[12:]
            frame = ether + ip + l4
            frame += bytes(max(0, 60 - len(frame)))
            out.write(struct.pack("<IIII", 0, i, len(frame), len(frame)) + frame)
    print("%d frames" % int(count))
    return 0


def dpdk_opackets(prefix, port):
    """The opackets of a DPDK process's port, through its telemetry socket (DPDK 22.11: dpdk_telemetry.v2)."""
    path = "/var/run/dpdk/%s/dpdk_telemetry.v2" % prefix
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as s:
            s.settimeout(1.0)
            s.connect(path)
            s.recv(1024)   # its greeting: version, pid, max_output_len
            s.send(("/ethdev/stats,%d" % int(port)).encode())
            print(json.loads(s.recv(65536).decode())["/ethdev/stats"]["opackets"])
            return 0
    except (OSError, ValueError, KeyError, TypeError):
        return 1


def copp_verdict(samples_path, before_path, after_path, port, min_pps, max_silence_ms, names):
    rows = []
    with open(samples_path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 7 and parts[1].isdigit() and parts[2].isdigit():
                rows.append((int(parts[0]), int(parts[1]), int(parts[2]), parts[3], parts[4], parts[5], parts[6]))
    problems = []
    if len(rows) < 4:
        print("only %d monitor samples" % len(rows))
        return 1
    # The flood's window: from the sample before the TX counter first jumped to the last sample it still grew by much.
    steps = [(rows[i - 1], rows[i]) for i in range(1, len(rows))]
    busy = [i for i, (a, b) in enumerate(steps) if (b[1] - a[1]) * 1000 > 10000 * max(1, b[0] - a[0])]
    if not busy:
        print("no flood seen: the generator sent at most %d packets a sample" % max(b[1] - a[1] for a, b in steps))
        return 1
    first, last = steps[busy[0]][0], steps[busy[-1]][1]
    ms = max(1, last[0] - first[0])
    offered = (last[1] - first[1]) * 1000.0 / ms
    arrived = (last[2] - first[2]) * 1000.0 / ms
    peak = 0.0
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if rows[j][0] - rows[i][0] >= 900:
                peak = max(peak, (rows[j][1] - rows[i][1]) * 1000.0 / (rows[j][0] - rows[i][0]))
                break
    silence, quiet = {}, {}
    for r in rows:
        for proto, state, hold in (("r4", r[3], r[4]), ("r6", r[5], r[6])):
            if state != "Established":
                problems.append("BIRD's %s was %s at +%d ms" % (proto, state, r[0] - first[0]))
            try:
                left, total = hold.split("/")
                gap = (float(total) - float(left)) * 1000
            except ValueError:
                problems.append("BIRD's %s hold timer unreadable (%r)" % (proto, hold))
                continue
            if r[0] < first[0]:
                quiet[proto] = max(quiet.get(proto, 0), gap)   # before the flood, for comparison
            else:
                silence[proto] = max(silence.get(proto, 0), gap)
    for proto, gap in sorted(silence.items()):
        if gap > float(max_silence_ms):
            problems.append("BIRD heard nothing from Junction on %s for %.1f s (keepalives every 3 s, at most %.1f s "
                            "allowed)" % (proto, gap / 1000, float(max_silence_ms) / 1000))
    try:
        before, after = load(before_path), load(after_path)
    except (OSError, ValueError) as e:
        print("unreadable status (%s)" % e)
        return 1
    for name in names:
        n0 = before.get("bgp", {}).get("neighbors", {}).get(name, {})
        n1 = after.get("bgp", {}).get("neighbors", {}).get(name, {})
        if n1.get("state") != "established":
            problems.append("Junction's %s is %s" % (name, n1.get("state")))
        elif not isinstance(n1.get("uptime_s"), int) or n1["uptime_s"] < n0.get("uptime_s", 0):
            problems.append("Junction's %s restarted (uptime %s -> %s s)" % (name, n0.get("uptime_s"), n1.get("uptime_s")))

    def delta(section, key):
        return after.get(section, {}).get(key, 0) - before.get(section, {}).get(key, 0)
    classes = []
    for cls in ("bgp", "icmp_nd_arp", "other"):
        classes.append("%s %d passed/%d dropped" % (cls.replace("_", "-"), delta("counters", "copp_%s_passed" % cls),
                                                   delta("drops", "copp_" + cls)))
    rx = after.get("ports", {}).get(port, {}).get("rx", 0) - before.get("ports", {}).get(port, {}).get("rx", 0)
    if delta("drops", "copp_other") + delta("drops", "copp_icmp_nd_arp") <= 0:
        problems.append("the router policed nothing")
    if delta("drops", "copp_bgp") > 0:
        problems.append("the router dropped BGP packets")
    if delta("drops", "punt_queue_full") > 0:
        problems.append("%d punts found the punt ring full (BGP's packets wait in it)" % delta("drops", "punt_queue_full"))
    if offered < float(min_pps):
        problems.append("offered %.0f pps, below the %d asked" % (offered, int(min_pps)))
    text = ("h1's generator offered %.0f pps for %.1f s (peak %.0f), the router received %.0f pps, its %s rx %d (%.0f pps); "
            "copp: %s; punt ring never full; BGP r4/r6 Established throughout, longest silence from Junction during and after the flood "
            "r4 %.1f s, r6 %.1f s (before it %.1f s, %.1f s)" %
            (offered, ms / 1000.0, peak, arrived, port, rx, rx * 1000.0 / ms, ", ".join(classes),
             silence.get("r4", -1) / 1000, silence.get("r6", -1) / 1000, quiet.get("r4", -1) / 1000,
             quiet.get("r6", -1) / 1000))
    if problems:
        print("; ".join(problems[:5]) + " -- " + text)
        return 1
    print(text)
    return 0


def counter_delta(before_path, after_path, key, minimum):
    try:
        was = status_value(load(before_path), key)
        now = status_value(load(after_path), key)
    except (OSError, ValueError, TypeError) as e:
        print("unreadable status (%s)" % e)
        return 1
    if not isinstance(was, int) or not isinstance(now, int):
        print("%s %s -> %s (missing)" % (key, was, now))
        return 1
    print("%s %d -> %d (+%d)" % (key, was, now, now - was))
    return 0 if now - was >= int(minimum) else 1


# ---------------------------------------------------------------- MCP client (stdio)
# The protocol revision asked for at initialize: one the MCP Java SDK (2.2.0) of `junction mcp`
# accepts; the server answers the revision it speaks, which is used from then on.
MCP_PROTOCOL_VERSION = "2025-06-18"
MCP_KNOWN_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")


class McpError(Exception):
    """A failed MCP exchange, or a tool that answered isError: the message says which and why."""


class McpClient:
    """An MCP client over stdio (JSON-RPC 2.0, one message per line), as an agent's client is:
    starts the server as a child, initializes, calls tools. Every read is bounded by a deadline;
    close() always ends the child (stdin closed, then SIGTERM, then SIGKILL)."""

    def __init__(self, command, timeout=30.0):
        self.timeout = float(timeout)
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.stderr, start_new_session=True)
        self.buffer = b""
        self.next_id = 1
        self.server = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def stderr_tail(self, limit=300):
        self.stderr.seek(0)
        text = self.stderr.read().decode(errors="replace")
        return " ".join(text.split())[-limit:]

    def send(self, message):
        try:
            self.proc.stdin.write(json.dumps(message).encode() + b"\n")
            self.proc.stdin.flush()
        except OSError as e:
            raise McpError("junction mcp is gone (%s); stderr: %s" % (e, self.stderr_tail()))

    def receive(self, deadline):
        """The next message from the server, or McpError at the deadline or at its exit."""
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise McpError("no answer from junction mcp within %.0f s; stderr: %s" % (self.timeout, self.stderr_tail()))
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    try:
                        code = self.proc.wait(2)
                    except subprocess.TimeoutExpired:
                        code = "still running, stdout closed"
                    raise McpError("junction mcp exited (%s) before answering; stderr: %s" % (code, self.stderr_tail()))
                self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        try:
            return json.loads(line)
        except ValueError:
            raise McpError("not JSON-RPC on junction mcp's stdout: %r" % line[:200])

    def request(self, method, params=None):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params or {}})
        deadline = time.monotonic() + self.timeout
        while True:
            msg = self.receive(deadline)
            if "method" in msg:
                if "id" in msg:   # a request of the server's own (ping, roots/list...): answer it
                    if msg["method"] == "ping":
                        self.send({"jsonrpc": "2.0", "id": msg["id"], "result": {}})
                    else:
                        self.send({"jsonrpc": "2.0", "id": msg["id"],
                                   "error": {"code": -32601, "message": "not supported by the lab's client"}})
                continue          # a notification (logging, progress): not ours to act on
            if msg.get("id") != rid:
                continue
            if "error" in msg:
                err = msg["error"]
                raise McpError("%s: JSON-RPC error %s: %s" % (method, err.get("code"), err.get("message")))
            return msg.get("result", {})

    def initialize(self):
        result = self.request("initialize", {
            "protocolVersion": MCP_PROTOCOL_VERSION, "capabilities": {},
            "clientInfo": {"name": "junction-lab", "version": "1.0"}})
        version = result.get("protocolVersion")
        if version not in MCP_KNOWN_VERSIONS:
            raise McpError("initialize: the server answered protocolVersion %r" % version)
        if "tools" not in result.get("capabilities", {}):
            raise McpError("initialize: the server offers no tools: %s" % json.dumps(result)[:200])
        self.server = result
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return result

    def tools(self):
        return [t["name"] for t in self.request("tools/list").get("tools", [])]

    def call(self, tool, arguments=None, expect_error=False):
        """structuredContent of a tool's answer; McpError when isError differs from expect_error
        (for an expected error: the error's text)."""
        result = self.request("tools/call", {"name": tool, "arguments": arguments or {}})
        text = " ".join(c.get("text", "") for c in result.get("content", []) if c.get("type") == "text")
        if bool(result.get("isError")) != expect_error:
            if expect_error:
                raise McpError("%s %s: want a tool error, got %s" % (tool, json.dumps(arguments), text[:200]))
            raise McpError("%s %s: tool error: %s" % (tool, json.dumps(arguments), text[:300]))
        if expect_error:
            return text
        if not isinstance(result.get("structuredContent"), dict):
            raise McpError("%s: no structuredContent in %s" % (tool, json.dumps(result)[:200]))
        return result["structuredContent"]

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()   # end of input: the server exits by itself
            except OSError:
                pass
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                    try:
                        os.killpg(self.proc.pid, sig)   # its own session: the launcher and the JVM
                        self.proc.wait(wait)
                        break
                    except (ProcessLookupError, subprocess.TimeoutExpired):
                        continue
        self.stderr.close()


def mcp_session(junction, router):
    client = McpClient([junction, "mcp", "--name", router])
    try:
        client.initialize()
    except McpError:
        client.close()
        raise
    return client


def want(cond, message):
    if not cond:
        raise McpError(message)


def explain_mismatch(exp, prefix, neighbor, gateway):
    """Why an explanation is not the route from NEIGHBOR via GATEWAY installed and resolved, or None."""
    if not exp.get("found"):
        return "explain %s: found=false" % prefix
    e = exp.get("explanation", {})
    if e.get("prefix") != prefix:
        return "explain %s: explained %s" % (prefix, e.get("prefix"))
    best = [b for b in e.get("bgp", []) if b.get("best")]
    if len(best) != 1:
        return "explain %s: %d best BGP paths (candidates: %s)" % (
            prefix, len(best), [b.get("path", {}).get("neighbor") for b in e.get("bgp", [])])
    path = best[0].get("path", {})
    if path.get("neighbor") != neighbor:
        return "explain %s: the best path is from %s, want %s" % (prefix, path.get("neighbor"), neighbor)
    fib = e.get("fib")
    if not fib:
        return "explain %s: no FIB entry (rib: %s)" % (prefix, json.dumps(e.get("rib"))[:200])
    hops = fib.get("next_hops", [])
    if [h.get("address") for h in hops] != [gateway]:
        return "explain %s: FIB next hops %s, want [%s]" % (prefix, [h.get("address") for h in hops], gateway)
    if hops[0].get("resolved") is not True:
        return "explain %s: next hop %s not resolved (neighbor state %s)" % (prefix, gateway, hops[0].get("neighbor"))
    return None


def mcp_explain(junction, router, wait, specs):
    """explain of each PREFIX=NEIGHBOR=GATEWAY through MCP, retried until WAIT s have passed
    (the routes may still be arriving); prints one summary line."""
    parts = []
    try:
        with mcp_session(junction, router) as mcp:
            tools = mcp.tools()
            want("explain" in tools, "tools/list has no explain: %s" % tools)
            for spec in specs:
                prefix, neighbor, gateway = spec.split("=", 2)
                deadline = time.monotonic() + float(wait)
                while True:
                    exp = mcp.call("explain", {"prefix": prefix})
                    problem = explain_mismatch(exp, prefix, neighbor, gateway)
                    if problem is None or time.monotonic() >= deadline:
                        break
                    time.sleep(1)
                want(problem is None, problem)
                e = exp["explanation"]
                best = [b for b in e["bgp"] if b.get("best")][0]
                hop = e["fib"]["next_hops"][0]
                parts.append("%s: %s best from %s (AS path %s, %s/%s), FIB %s via %s %s (%s)" % (
                    prefix, e["fib"].get("protocol"), neighbor, best["path"].get("as_path"),
                    best.get("import_policy", "-"), best.get("import_term", "otherwise"),
                    e["fib"].get("prefix"), hop.get("address"), hop.get("port"), hop.get("neighbor")))
    except McpError as e:
        print(e)
        return 1
    print("; ".join(parts))
    return 0


def ping_ok(ns, address):
    return subprocess.run(["ip", "netns", "exec", ns, "ping", "-c1", "-W1", address],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0


def wait_ping(ns, address, seconds):
    deadline = time.monotonic() + seconds
    while not ping_ok(ns, address):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.5)
    return True


def lookup_static(mcp, address, prefix):
    """lookup ADDRESS: the static route for PREFIX when that is what matches, else None."""
    answer = mcp.call("lookup", {"address": address})
    want(answer.get("address") == address, "lookup %s answered for %s" % (address, answer.get("address")))
    route = answer.get("route") if answer.get("found") else None
    if route and route.get("prefix") == prefix and route.get("protocol") == "static":
        return route
    return None


def flaps(mcp):
    return sorted("%s=%s" % (n["name"], n.get("flaps")) for n in mcp.call("neighbors")["neighbors"])


def mcp_propose_commit(junction, router, prefix, via, address, ping_ns):
    """An agent's change through MCP, start to end; prints one summary line. A failure after the
    commit rolls back to the version before it, so the checks after this one find the lab as it was."""
    base = None
    committed = False
    try:
        with mcp_session(junction, router) as mcp:
            try:
                tools = mcp.tools()
                for t in ("running_config", "propose_change", "commit_proposal", "confirm", "rollback", "lookup"):
                    want(t in tools, "tools/list has no %s: %s" % (t, tools))
                want(lookup_static(mcp, address, prefix) is None, "a static route for %s is there before" % prefix)
                want(not ping_ok(ping_ns, address), "%s answers before any route to it" % address)
                flaps0 = flaps(mcp)

                running = mcp.call("running_config")
                base, document = running.get("version"), running.get("document", "")
                want(isinstance(base, int) and base > 0, "running_config: version %r" % base)
                want("\nroutes:" not in "\n" + document, "the running config has static routes of its own")
                want("\nbgp:" in document, "no 'bgp:' section in the running config to insert before")
                route = "routes:\n  - {prefix: %s, via: %s}\n" % (prefix, via)
                candidate = document.replace("\nbgp:", "\n" + route + "bgp:", 1)

                message = "lab: static route %s through MCP" % prefix
                proposal = mcp.call("propose_change", {"document": candidate, "message": message})
                pid = proposal.get("id", "")
                want(pid.startswith("p-"), "propose_change: id %r" % pid)
                want(proposal.get("base_version") == base, "propose_change: base_version %s, running %s" % (
                    proposal.get("base_version"), base))
                want(proposal.get("valid") is True, "propose_change: not valid: %s" % proposal.get("problems"))
                objects = proposal.get("diff", {}).get("objects", [])
                want([(o.get("kind"), o.get("type")) for o in objects] == [("route", "added")]
                     and prefix in objects[0].get("key", "") + objects[0].get("summary", ""),
                     "propose_change: want one route added, diff %s" % [o.get("summary") for o in objects])
                want(lookup_static(mcp, address, prefix) is None, "the route is there after propose_change alone")

                commit = mcp.call("commit_proposal", {"proposal_id": pid, "message": message, "confirm_minutes": 2})
                committed = True
                number = commit.get("number")
                want(isinstance(number, int) and number > base, "commit_proposal: number %r after %s" % (number, base))
                want(commit.get("confirm_by"), "commit_proposal: no confirm_by with a 2-minute window")
                mcp.call("commit_proposal", {"proposal_id": pid}, expect_error=True)   # committed once only

                got = lookup_static(mcp, address, prefix)
                want(got is not None, "lookup %s after the commit: not the static route %s" % (address, prefix))
                hops = [h.get("address") for h in got.get("next_hops", [])]
                want(hops == [via], "lookup %s: next hops %s, want [%s]" % (address, hops, via))
                want(wait_ping(ping_ns, address, 10), "%s -> %s: no reply after the commit" % (ping_ns, address))
                want(mcp.call("status").get("pending_confirm"), "status: no pending_confirm after the commit")

                confirmed = mcp.call("confirm")
                want(confirmed.get("number") == number, "confirm: number %s, want %s" % (confirmed.get("number"), number))
                want(not mcp.call("status").get("pending_confirm"), "status: pending_confirm after confirm")

                back = mcp.call("rollback", {"number": base, "message": "lab: undo the MCP check's route"})
                committed = False
                want(isinstance(back.get("number"), int) and back["number"] > number,
                     "rollback: number %r after %s" % (back.get("number"), number))
                want(lookup_static(mcp, address, prefix) is None, "the static route %s is there after the rollback" % prefix)
                want(not ping_ok(ping_ns, address), "%s still answers after the rollback" % address)
                flaps1 = flaps(mcp)
                want(flaps0 == flaps1, "BGP sessions flapped: %s -> %s" % (flaps0, flaps1))
            finally:
                if committed and base is not None:
                    try:
                        mcp.call("rollback", {"number": base, "message": "lab: undo a failed MCP check"})
                    except McpError as e:
                        print("(rollback after the failure: %s)" % e, file=sys.stderr)
    except McpError as e:
        print(e)
        return 1
    print("proposal %s on version %s: + route %s; commit %s (2-min window), %s via %s, %s answers; "
          "confirmed; rollback to %s as commit %s, %s unrouted; BGP untouched (%s)" % (
              pid, base, prefix, number, address, via, address, base, back["number"], address, " ".join(flaps1)))
    return 0


# ---------------------------------------------------------------- route journal (through the CLI)
class LabError(Exception):
    """A failed step of a check: the message says which and what was seen."""


def need(cond, message):
    if not cond:
        raise LabError(message)


def cli_json(junction, router, *args, timeout=30):
    """(exit code, the JSON answer or None, stderr) of `JUNCTION ARGS --json --name ROUTER`."""
    try:
        done = subprocess.run([junction, *args, "--json", "--name", router], capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, None, "junction %s: no answer within %d s" % (" ".join(args), timeout)
    text = done.stdout
    start = min([i for i in (text.find("{"), text.find("[")) if i >= 0], default=-1)
    doc = None
    if start >= 0:
        try:
            doc = json.JSONDecoder().raw_decode(text, start)[0]
        except ValueError:
            doc = None
    return done.returncode, doc, " ".join(done.stderr.split())[-300:]


def cli_need(junction, router, *args):
    code, doc, err = cli_json(junction, router, *args)
    if code != 0 or doc is None:
        raise LabError("junction %s: exit %d %s" % (" ".join(args), code, err or json.dumps(doc)[:200]))
    return doc


def birdc(sock, *args):
    try:
        done = subprocess.run(["birdc", "-s", sock, *args], capture_output=True, text=True, timeout=10)
    except subprocess.TimeoutExpired:
        return "birdc %s: no answer within 10 s" % " ".join(args)
    return " ".join((done.stdout + done.stderr).split())


def ns_of(text):
    """Nanoseconds since the epoch of an API time (2026-12-06T09:00:08.000000000Z: UTC, 9 digits)."""
    whole, _, frac = text.rstrip("Z").partition(".")
    seconds = calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S"))
    return seconds * 1_000_000_000 + int((frac + "000000000")[:9])


def time_of(ns):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ns // 1_000_000_000)) + ".%09dZ" % (ns % 1_000_000_000)


def route_text(state):
    if not state:
        return "none"
    path = " ".join(("{%s}" if seg.get("type") == "set" else "%s") % " ".join(str(a) for a in seg.get("asns", []))
                    for seg in state.get("as_path", []))
    return "AS path %s via %s from %s" % (path or "(empty)", ",".join(state.get("next_hops", [])),
                                         state.get("neighbor", "local"))


def cause_text(cause):
    kind = cause.get("kind")
    if kind in ("update", "withdrawal"):
        return "%s #%s from %s" % (kind, cause.get("sequence", "?"), cause.get("neighbor"))
    return "%s %s" % (kind, cause.get("neighbor") or cause.get("commit") or cause.get("next_hop") or "")


def why_now(junction, router, prefix):
    """The prefix's last change from `show route PREFIX --why`, or None while the journal holds none."""
    code, doc, err = cli_json(junction, router, "show", "route", prefix, "--why")
    if code == 0 and isinstance(doc, dict) and "change" in doc:
        return doc
    if code == 1 and isinstance(doc, dict) and doc.get("reason") == "not-found":
        return None
    raise LabError("junction show route %s --why: exit %d %s" % (prefix, code, err or json.dumps(doc)[:200]))


def wait_why(junction, router, prefix, wait, accept, what):
    """Polls --why until ACCEPT(answer) holds; the last answer in the error otherwise."""
    deadline = time.monotonic() + wait
    while True:
        why = why_now(junction, router, prefix)
        if why is not None and accept(why):
            return why
        if time.monotonic() >= deadline:
            last = "nothing in the journal" if why is None else "%s at %s" % (
                cause_text(why["change"].get("cause", {})), why["change"].get("time"))
            raise LabError("%s: not within %d s (last change: %s)" % (what, wait, last))
        time.sleep(1)


def installed_from(why, prefix, address):
    after = why["change"].get("after")
    return why["change"].get("prefix") == prefix and bool(after) and after.get("neighbor") == address


def neighbor_flaps(junction, router, name):
    for n in cli_need(junction, router, "show", "neighbors"):
        if n.get("name") == name:
            return n.get("flaps")
    raise LabError("junction show neighbors: no neighbor %s" % name)


def journal_counters(junction, router):
    status = cli_need(junction, router, "show", "status")
    journal = status.get("journal")
    if not isinstance(journal, dict):
        raise LabError("junction show status: no journal block (is the router's journal off?): %s" % json.dumps(status)[:200])
    return journal


def lookup_prefix(junction, router, destination):
    code, doc, _ = cli_json(junction, router, "show", "route", destination)
    return doc.get("prefix") if code == 0 and isinstance(doc, dict) else None


def journal_why(junction, router, sock, protocol, prefix, neighbor, destination, wait):
    """A BGP peer's withdrawal as the route journal tells it, start to end; prints one summary line. BIRD
    announces the prefix again at the end (also after a failure), so the lab is left as it was found."""
    name, _, address = neighbor.partition("=")
    wait = float(wait)
    disabled = False
    try:
        # The peer's route is installed, by an UPDATE of the current session (with --only the session
        # may still be coming up).
        need("up" in birdc(sock, "show", "protocols", protocol).split(), "BIRD's %s is not up: %s" % (
            protocol, birdc(sock, "show", "protocols", protocol)))
        announced = wait_why(junction, router, prefix, wait, lambda w: installed_from(w, prefix, address),
                             "%s installed from %s" % (prefix, address))
        flaps0 = neighbor_flaps(junction, router, name)
        counters0 = journal_counters(junction, router)

        # The peer withdraws it, through its own control.
        out = birdc(sock, "disable", protocol)
        need("disabled" in out, "birdc disable %s: %s" % (protocol, out))
        disabled = True
        why = wait_why(junction, router, prefix, wait, lambda w: ns_of(w["change"]["time"]) > ns_of(
            announced["change"]["time"]) and not w["change"].get("after"), "the withdrawal of %s in --why" % prefix)
        change, previous, event = why["change"], why.get("previous") or {}, why.get("cause_event") or {}
        cause = change.get("cause", {})
        need(cause.get("kind") == "withdrawal" and cause.get("neighbor") == address and isinstance(
            cause.get("sequence"), int) and cause["sequence"] >= 1,
            "--why: cause %s, want a withdrawal by an UPDATE from %s" % (json.dumps(cause), address))
        before = change.get("before") or {}
        need(before.get("neighbor") == address and before.get("next_hops") == [address],
             "--why: before %s, want the route from %s" % (json.dumps(before), address))
        need(before == announced["change"].get("after"),
             "--why: before %s is not what the announce installed (%s)" % (before, announced["change"].get("after")))
        pcause = previous.get("cause", {})
        need(previous.get("time") == announced["change"]["time"] and pcause.get("kind") == "update" and
             pcause.get("neighbor") == address and pcause.get("sequence", 0) < cause["sequence"],
             "--why: previous %s, want the announce (update from %s at %s) with a lower sequence" % (
                 json.dumps(previous)[:300], address, announced["change"]["time"]))
        need(event.get("type") == "session" and event.get("neighbor") == address and
             str(event.get("to", "")).lower() == "established",
             "--why: cause_event %s, want %s's session coming up" % (json.dumps(event), address))

        # --history: the withdrawal, then the announce.
        history = cli_need(junction, router, "show", "route", prefix, "--history", "--limit", "10")
        changes = history.get("changes", [])
        need(len(changes) >= 2 and changes[0] == change and changes[1] == previous,
             "--history: want the withdrawal then the announce first, got %s" % [
                 (c.get("time"), cause_text(c.get("cause", {}))) for c in changes[:4]])

        # The table at a time between them has the prefix, at the withdrawal's time not.
        t_announce, t_withdraw = ns_of(previous["time"]), ns_of(change["time"])
        between = time_of((t_announce + t_withdraw) // 2)
        table = cli_need(junction, router, "show", "routes", "--at", between, prefix)
        got = [r for r in table.get("routes", []) if r.get("prefix") == prefix]
        need(len(got) == 1 and got[0].get("neighbor") == address,
             "routes --at %s %s: want it from %s, got %s" % (between, prefix, address, json.dumps(table)[:300]))
        after = cli_need(junction, router, "show", "routes", "--at", change["time"], prefix)
        need(not [r for r in after.get("routes", []) if r.get("prefix") == prefix],
             "routes --at %s %s (the withdrawal): still there: %s" % (change["time"], prefix, json.dumps(after)[:300]))

        # The peer announces it again: the lab as it was.
        out = birdc(sock, "enable", protocol)
        need("enabled" in out, "birdc enable %s: %s" % (protocol, out))
        disabled = False
        again = wait_why(junction, router, prefix, wait, lambda w: ns_of(w["change"]["time"]) > t_withdraw and
                         installed_from(w, prefix, address), "%s announced again" % prefix)
        deadline = time.monotonic() + wait
        while lookup_prefix(junction, router, destination) != prefix:
            need(time.monotonic() < deadline, "%s: not routed by %s again within %d s" % (destination, prefix, wait))
            time.sleep(1)
        flaps1 = neighbor_flaps(junction, router, name)
        need(flaps0 == flaps1, "%s flapped during the check: flaps %s -> %s" % (name, flaps0, flaps1))
        counters1 = journal_counters(junction, router)
        need(counters1.get("dropped") == counters0.get("dropped"), "the journal dropped records: %s -> %s" % (
            counters0, counters1))
    except LabError as e:
        print(e)
        return 1
    finally:
        if disabled:
            print("(birdc enable %s after the failure: %s)" % (protocol, birdc(sock, "enable", protocol)), file=sys.stderr)
    print("BIRD withdrew %s (birdc disable %s): --why %s at %s, before %s, after an %s at %s, %s's session %s -> %s; "
          "--history withdrawal then announce; routes --at %s has it, --at the withdrawal not; announced again "
          "(%s), %s routed by it; %s flaps %s; journal %s appended, %s dropped" % (
              prefix, protocol, cause_text(cause), change["time"], route_text(before), cause_text(pcause),
              previous["time"], address, event.get("from"), event.get("to"), between,
              cause_text(again["change"]["cause"]), destination, name, flaps1, counters1.get("appended"),
              counters1.get("dropped")))
    return 0


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "tcp-server":
        return tcp_server(*args)
    if cmd == "tcp-client":
        return tcp_client(*args)
    if cmd == "udp-send":
        return udp_send(*args)
    if cmd == "udp-receive":
        return udp_receive(*args)
    if cmd == "iperf3":
        return iperf3(*args)
    if cmd == "status-link":
        return status_link(*args)
    if cmd == "status-summary":
        return status_summary(*args)
    if cmd == "kernel-status":
        return kernel_status(args[0], args[1], args[2:])
    if cmd == "bgp-neighbors":
        return bgp_neighbors(args[0], args[1:])
    if cmd == "bgp-routes":
        return bgp_routes(args[0], args[1], args[2:])
    if cmd == "bird-route":
        return bird_route(*args)
    if cmd == "arp-probe":
        return arp_probe(*args)
    if cmd == "nd-probe":
        return nd_probe(*args)
    if cmd == "sniff":
        return sniff(*args)
    if cmd == "vlan-relay":
        return vlan_relay(*args)
    if cmd == "vlan-arp-probe":
        return vlan_arp_probe(*args)
    if cmd == "copp-pcap":
        return copp_pcap(*args)
    if cmd == "copp-verdict":
        return copp_verdict(args[0], args[1], args[2], args[3], args[4], args[5], args[6:])
    if cmd == "dpdk-opackets":
        return dpdk_opackets(*args)
    if cmd == "counter-delta":
        return counter_delta(*args)
    if cmd == "mcp-explain":
        return mcp_explain(args[0], args[1], args[2], args[3:])
    if cmd == "mcp-propose-commit":
        return mcp_propose_commit(*args)
    if cmd == "journal-why":
        return journal_why(*args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
