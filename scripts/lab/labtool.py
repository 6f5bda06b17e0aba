#!/usr/bin/python3
"""Small helpers of scripts/lab.sh that would be awkward in bash. Standard library only.

  labtool.py tcp-server ADDR PORT READY_FILE TIMEOUT [COUNT]
                                                       accept COUNT connections (default 1), answer
                                                       each, exit (at the latest after TIMEOUT s)
  labtool.py tcp-client ADDR PORT TIMEOUT              connect, print the server's answer
  labtool.py iperf3 JSON_FILE                          print "MBPS RETRANSMITS BYTES" or fail
  labtool.py status-link JSON_FILE PORT                print ports.PORT.link of a status JSON
  labtool.py status-summary JSON_FILE                  one-line summary; exit 1 if no traffic
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
  labtool.py counter-delta BEFORE AFTER KEY MIN        counters.KEY grew by at least MIN between two
                                                       status JSONs; print "KEY A -> B (+D)"
"""
import ipaddress
import json
import os
import select
import socket
import struct
import subprocess
import sys
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


def status_summary(path):
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
        if not isinstance(p.get("rx"), int) or p["rx"] <= 0:
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


def counter_delta(before_path, after_path, key, minimum):
    try:
        was = load(before_path).get("counters", {}).get(key)
        now = load(after_path).get("counters", {}).get(key)
    except (OSError, ValueError, TypeError) as e:
        print("unreadable status (%s)" % e)
        return 1
    if not isinstance(was, int) or not isinstance(now, int):
        print("counters.%s %s -> %s (missing)" % (key, was, now))
        return 1
    print("%s %d -> %d (+%d)" % (key, was, now, now - was))
    return 0 if now - was >= int(minimum) else 1


def main(argv):
    cmd, args = argv[1], argv[2:]
    if cmd == "tcp-server":
        return tcp_server(*args)
    if cmd == "tcp-client":
        return tcp_client(*args)
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
    if cmd == "counter-delta":
        return counter_delta(*args)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
