#!/usr/bin/python3
"""Inputs of `./junction bench forward`, written into one folder (never committed):

  forward.pcap      64-byte IPv4 UDP frames (60 bytes + FCS on the wire) to Junction's p0 MAC,
                    TTL 64, valid IPv4 and UDP checksums, sources 198.18.0.x, destinations
                    spread over the routes (198.19.K.x for route K), in a fixed shuffled order
  l3fwd-v4.rules    the same routes for DPDK l3fwd --rule_ipv4 ("R198.19.K.0/24 1")
  routes.txt        with --table: the table as a Junction routes-file ("PREFIX via NEXT_HOP")
  l3fwd-v6.rules    one unused IPv6 route: l3fwd reads --rule_ipv4 only together with --rule_ipv6
  junction.yaml     the equivalent Junction config (docs/contracts.md); with --huge-dir DIR its EAL
                    runs on hugetlbfs pages (dpdk.hugepages true, --huge-dir=DIR), without it on
                    4 KiB pages (hugepages false: --no-huge), as the bench runs l3fwd and testpmd

With --table FILE (routes4.txt of benchmarks/fib/gen-inputs.py: a realistic full IPv4 table), the
routes are that table instead of /24s in 198.19.0.0/16, minus prefixes that overlap the bench's own
networks (198.18.0.0/15) or special-use space a router drops anyway (0/8, 127/8, 224/3); every
route leaves through port 1 on both sides, and each packet goes to a random address inside a
random route (so lookups walk the whole table, as in a real full-table router).

Standard library only (writes pcap bytes directly): runs under any python3.
"""
import argparse
import os
import random
import struct

P0_MAC = "02:00:00:00:00:01"      # Junction's p0 (configured), the frames' destination
SRC_MAC = "02:00:00:00:00:10"      # the "traffic generator"
NH_MAC = "02:00:00:00:00:02"       # the next hop behind p1 (static neighbor)
NEXT_HOP = "198.18.255.2"          # in p1's connected subnet 198.18.255.0/24


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def ip4(s):
    return bytes(int(x) for x in s.split("."))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def frame(src, dst, sport, dport):
    payload = bytes(18)                       # 14 + 20 + 8 + 18 = 60 bytes (+ 4 FCS = 64)
    udp_len = 8 + len(payload)
    pseudo = ip4(src) + ip4(dst) + struct.pack("!BBH", 0, 17, udp_len)
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
    uc = csum(pseudo + udp) or 0xFFFF
    udp = struct.pack("!HHHH", sport, dport, udp_len, uc) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, 0, 0x4000, 64, 17, 0, ip4(src), ip4(dst))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = mac(P0_MAC) + mac(SRC_MAC) + struct.pack("!H", 0x0800)
    f = eth + ip + udp
    assert len(f) == 60, len(f)
    return f


# Prefixes a bench table must not hold: the bench's own networks, and space no router forwards.
EXCLUDED = [(0x00000000, 8), (0x7F000000, 8), (0xC6120000, 15), (0xE0000000, 3)]


def overlaps(net, length, other, other_length):
    shortest = min(length, other_length)
    mask = (0xFFFFFFFF << (32 - shortest)) & 0xFFFFFFFF if shortest else 0
    return (net & mask) == (other & mask)


def read_table(path):
    """(network, length) of each distinct usable route in a "a.b.c.d/len nexthop" file, in file order."""
    seen = set()
    prefixes = []
    with open(path) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            text, length = line.split()[0].split("/")
            length = int(length)
            b = [int(x) for x in text.split(".")]
            net = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
            if (net, length) in seen or any(overlaps(net, length, n, l) for n, l in EXCLUDED):
                continue
            seen.add((net, length))
            prefixes.append((net, length))
    if not prefixes:
        raise SystemExit("gen-inputs: no usable route in %s" % path)
    return prefixes


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--routes", type=int, default=256, help="number of /24 routes in 198.19.0.0/16 (1..256)")
    ap.add_argument("--packets", type=int, default=4096, help="distinct packets in the pcap")
    ap.add_argument("--name", default="bench-fwd", help="Junction instance name")
    ap.add_argument("--memory-mb", type=int, default=512, help="Junction dpdk.memory-mb")
    ap.add_argument("--core", type=int, default=1, help="Junction worker core")
    ap.add_argument("--huge-dir", help="hugetlbfs mount for Junction's EAL (default: --no-huge, 4 KiB pages)")
    ap.add_argument("--table", help="routes4.txt of benchmarks/fib/gen-inputs.py (a full table) instead of --routes")
    ap.add_argument("--ports", help="IN,OUT: PCI addresses of real ports for Junction's p0 and p1 (default: "
                    "net_pcap replaying the pcap into p0, net_null behind p1)")
    ap.add_argument("--l3fwd-out-port", type=int, default=1, help="the DPDK port id of OUT in l3fwd's rules")
    a = ap.parse_args()
    if not 1 <= a.routes <= 256:
        ap.error("--routes must be 1..256 (/24 routes inside 198.19.0.0/16)")
    if not 1 <= a.packets <= 1_000_000:
        ap.error("--packets must be 1..1000000")
    os.makedirs(a.out, exist_ok=True)

    rnd = random.Random(20240601)              # fixed seed: the same pcap on every run
    if a.table:
        prefixes = read_table(a.table)
    else:
        prefixes = [(0xC6130000 | k << 8, 24) for k in range(a.routes)]   # 198.19.K.0/24
    pkts = []
    for i in range(a.packets):
        if a.table:
            net, length = prefixes[rnd.randrange(len(prefixes))]
            d = net | rnd.randrange(1 << (32 - length))
            dst = "%d.%d.%d.%d" % (d >> 24, d >> 16 & 255, d >> 8 & 255, d & 255)
        else:
            k = i % a.routes                   # every route gets packets, evenly
            dst = "198.19.%d.%d" % (k, 1 + (i // a.routes) % 254)
        src = "198.18.0.%d" % (2 + i % 253)
        pkts.append(frame(src, dst, 1024 + i % 60000, 9))
    rnd.shuffle(pkts)

    with open(os.path.join(a.out, "forward.pcap"), "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))   # LINKTYPE_ETHERNET
        for n, p in enumerate(pkts):
            f.write(struct.pack("<IIII", n // 1000000, n % 1000000, len(p), len(p)))
            f.write(p)

    texts = ["%d.%d.%d.%d/%d" % (n >> 24, n >> 16 & 255, n >> 8 & 255, n & 255, length) for n, length in prefixes]
    with open(os.path.join(a.out, "l3fwd-v4.rules"), "w") as f:
        f.write("# %d routes, all out of port %d (OUT)\n" % (len(texts), a.l3fwd_out_port))
        for t in texts:
            f.write("R%s %d\n" % (t, a.l3fwd_out_port))
    if a.table:
        with open(os.path.join(a.out, "routes.txt"), "w") as f:
            f.write("# %d routes of %s, all via %s on p1\n" % (len(texts), a.table, NEXT_HOP))
            for t in texts:
                f.write("%s via %s\n" % (t, NEXT_HOP))
    with open(os.path.join(a.out, "l3fwd-v6.rules"), "w") as f:
        f.write("# unused: l3fwd reads --rule_ipv4 only when --rule_ipv6 is given too\n")
        f.write("R2001:db8:ffff::/48 %d\n" % a.l3fwd_out_port)

    pcap = os.path.abspath(os.path.join(a.out, "forward.pcap"))
    if a.ports:
        in_dev, out_dev = a.ports.split(",")
        no_pci = ""                            # the EAL probes the PCI bus (Junction passes -a per port)
    else:
        in_dev, out_dev = "net_pcap0,rx_pcap=%s,infinite_rx=1" % pcap, "net_null0,no-rx=1"
        no_pci = "--no-pci"
    y = []
    y.append("# generated by benchmarks/forward/gen-inputs.py for ./junction bench forward")
    y.append("name: %s" % a.name)
    y.append("dpdk:")
    y.append("  memory-mb: %d" % a.memory_mb)
    extra = [x for x in (no_pci, "--huge-dir=%s" % a.huge_dir if a.huge_dir else "") if x]
    y.append("  hugepages: %s" % ("true" if a.huge_dir else "false"))
    y.append("  extra-args: [%s]" % ", ".join(extra))
    y.append("  mbufs: %d" % (a.packets + 16384))       # net_pcap infinite_rx holds one per pcap packet
    y.append("  poll: busy")                             # l3fwd and testpmd busy-poll too
    y.append("cores: [%d]" % a.core)
    y.append("ports:")
    y.append("  - name: p0")
    y.append("    device: %s" % in_dev)
    y.append("    queues: 1")
    y.append("    mac: %s" % P0_MAC)
    y.append("    addresses: [198.18.0.1/24]")
    y.append("    exception-path: false")
    y.append("  - name: p1")
    y.append("    device: %s" % out_dev)
    y.append("    queues: 1")
    y.append("    addresses: [198.18.255.1/24]")
    y.append("    exception-path: false")
    if a.table:
        y.append("routes-file: routes.txt")
    else:
        y.append("routes:")
        for t in texts:
            y.append("  - {prefix: %s, via: %s}" % (t, NEXT_HOP))
    y.append("neighbors:")
    y.append("  - {address: %s, port: p1, mac: %s}" % (NEXT_HOP, NH_MAC))
    with open(os.path.join(a.out, "junction.yaml"), "w") as f:
        f.write("\n".join(y) + "\n")
    print("gen-inputs: %d packets over %d routes in %s" % (a.packets, len(texts), a.out))


if __name__ == "__main__":
    main()
