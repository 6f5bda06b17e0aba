#!/usr/bin/python3
"""Inputs of `./junction bench fib`, written into one folder (a cache, never committed):

  routes4.txt   IPv4 routes, one per line, "a.b.c.d/len nexthop" (dpdk-test-fib -f format)
  routes6.txt   IPv6 routes, "2001:db8::/48 nexthop"
  lookup4.txt   IPv4 lookup addresses, one per line (dpdk-test-fib -t format), in test-fib's
                EFFECTIVE byte order: see "Byte order" below
  lookup6.txt   IPv6 lookup addresses, one per line, plain text
  meta.txt      key=value: counts per prefix length, hits expected, tbl8 sizing for DPDK

Deterministic: the same arguments (seed included) give byte-identical files.

Table shape ("today's DFZ", approximate): IPv4 about 60% /24, 22% /22-/23, 15% /16-/21, a few
thousand /8-/15, a few hundred /25-/32; about half of the routes are more-specifics of another
route in the table (deaggregation), the others do not overlap anything shorter. IPv6 inside
2000::/3 (the RIR blocks 2001::/16, 2400::/12, 2600::/12, 2800::/12, 2a00::/12, 2c00::/12):
/48 about 53%, /32-/47 35% (/32 12%), /29-/31 5.5%, /49-/64 5%, a few /19-/28; /48s mostly
inside an LIR /29-/47. Next hops: uniform 1..64. Routes are written in a shuffled order
(neither contender gets the table sorted).

Lookups: N addresses per family (N a multiple of 64: test-fib looks up in bursts of 64 and
reads past a shorter table); 90% are a random address inside a uniformly chosen route (a hit,
possibly of a more-specific), 10% uniformly random (IPv4: any 32-bit value; IPv6: inside
2000::/3), mostly misses.

Byte order: DPDK 22.11's dpdk-test-fib parses the IPv4 lookup file with inet_pton (network
order) but hands the words to rte_fib_lookup_bulk, which expects host order (its route parser
does convert). On x86 it therefore looks up "10.1.2.3" as 3.2.1.10. lookup4.txt is written so
that test-fib looks up the intended addresses: the line for address a.b.c.d reads "d.c.b.a".
FibBench reads the same file the same way (the bytes of inet_pton as a little-endian word).

Standard library only.
"""
import argparse
import ipaddress
import os
import random

# IPv4 routes per prefix length in a 1M table (the /24 count is what is left).
LEN4 = {8: 16, 9: 13, 10: 37, 11: 100, 12: 300, 13: 600, 14: 1100, 15: 1900, 16: 13500,
        17: 8000, 18: 13500, 19: 28000, 20: 45000, 21: 50000, 22: 120000, 23: 100000,
        25: 60, 26: 40, 27: 30, 28: 30, 29: 30, 30: 20, 31: 5, 32: 50}
# Probability that a route of this length is a more-specific of a shorter route in the table.
def cover4(length):
    if length == 8:
        return 0.0
    if length <= 15:
        return 0.3
    if length == 16:
        return 0.35
    if length <= 21:
        return 0.4
    if length <= 23:
        return 0.45
    if length == 24:
        return 0.5
    return 0.9

# Not routed on the Internet: no route is placed across these (first octets 0, 10, 127, 224+
# are excluded separately).
RESERVED4 = [(0x64400000, 10), (0xA9FE0000, 16), (0xAC100000, 12), (0xC0A80000, 16),
             (0xC6120000, 15), (0xC0000000, 24), (0xC0000200, 24), (0xC6336400, 24), (0xCB007100, 24)]

# IPv6 routes per prefix length in a 250k table, as fractions (the /48 share is what is left).
FRAC6 = {19: 0.0001, 20: 0.0002, 22: 0.0002, 23: 0.0005, 24: 0.002, 25: 0.0005, 26: 0.001,
         27: 0.001, 28: 0.004,
         29: 0.045, 30: 0.005, 31: 0.005,
         32: 0.12, 33: 0.01, 34: 0.01, 35: 0.01, 36: 0.025, 37: 0.005, 38: 0.01, 39: 0.005,
         40: 0.04, 41: 0.005, 42: 0.01, 43: 0.005, 44: 0.045, 45: 0.01, 46: 0.02, 47: 0.02,
         49: 0.003, 50: 0.002, 51: 0.001, 52: 0.005, 53: 0.001, 54: 0.002, 55: 0.001, 56: 0.02,
         57: 0.0005, 58: 0.0005, 59: 0.0005, 60: 0.0005, 61: 0.0005, 62: 0.0005, 63: 0.0005,
         64: 0.01}
def cover6(length):
    if length <= 28:
        return 0.1
    if length <= 31:
        return 0.1
    if length <= 47:
        return 0.4
    if length == 48:
        return 0.65
    return 0.9

# RIR blocks (network, length, weight) where routes not covered by another are placed.
BLOCKS6 = [(0x2001 << 112, 16, 0.15), (0x240 << 116, 12, 0.25), (0x260 << 116, 12, 0.20),
           (0x280 << 116, 12, 0.12), (0x2A0 << 116, 12, 0.25), (0x2C0 << 116, 12, 0.03)]
DOC6 = (0x20010DB8 << 96, 32)       # 2001:db8::/32, documentation


def counts(table, n, scale, leftover_len, fractions=False):
    """Routes per length for a table of n routes; leftover_len gets the rest."""
    out = {}
    for length, c in table.items():
        out[length] = round(c * n) if fractions else round(c * n / scale)
    rest = n - sum(out.values())
    if rest < 0:
        raise SystemExit(f"table too small for the length mix: {n}")
    out[leftover_len] = rest
    return dict(sorted((k, v) for k, v in out.items() if v > 0))


def overlaps4(net, length):
    first = net << (32 - length)
    last = first | ((1 << (32 - length)) - 1)
    lo, hi = first >> 24, last >> 24
    if lo == 0 or hi >= 224 or lo <= 10 <= hi or lo <= 127 <= hi:
        return True
    for rnet, rlen in RESERVED4:
        rlast = rnet | ((1 << (32 - rlen)) - 1)
        if first <= rlast and rnet <= last:
            return True
    return False


def make_table(rng, per_len, cover, place, parent_span):
    """Routes as (net, length) with net = the top `length` bits. Shorter lengths first, so a
    route placed "uncovered" has no shorter route above it; a "covered" one is placed inside a
    route 1..parent_span bits shorter."""
    sets = {}          # length -> set of nets
    lists = {}         # length -> list of nets (random choice of a parent)
    routes = []
    present = []       # lengths with routes, ascending
    for length, count in per_len.items():
        s, lst = set(), []
        p = cover(length)
        parents = [k for k in present if length - parent_span <= k < length]
        weights = [len(lists[k]) for k in parents]
        shorter = list(present)
        made = tries = 0
        covered = None     # the kind of the route being placed, drawn once per route
        while made < count:
            tries += 1
            if tries > 200 * count + 10000:
                raise SystemExit(f"cannot place {count} unique /{length} routes (made {made})")
            if covered is None:
                covered = bool(parents) and rng.random() < p
            if covered:
                k = rng.choices(parents, weights)[0]
                pnet = rng.choice(lists[k])
                net = (pnet << (length - k)) | rng.getrandbits(length - k)
                if net in s:
                    continue
            else:
                net = place(length)
                if net is None or net in s:
                    continue
                if any((net >> (length - k)) in sets[k] for k in shorter):
                    continue
            covered = None
            s.add(net)
            lst.append(net)
            made += 1
        sets[length], lists[length] = s, lst
        present.append(length)
        routes.extend((net, length) for net in lst)
    return routes, sets


def covered_by_shorter(sets, net, length):
    for k in sorted(sets):
        if k >= length:
            return False
        if (net >> (length - k)) in sets[k]:
            return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--v4-routes", type=int, default=1_000_000)
    ap.add_argument("--v6-routes", type=int, default=250_000)
    ap.add_argument("--lookups", type=int, default=1 << 20, help="addresses per family, a multiple of 64")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.lookups <= 0 or a.lookups % 64:
        raise SystemExit("--lookups must be a positive multiple of 64 (test-fib looks up in bursts of 64)")
    if a.v4_routes < 1000 or a.v6_routes < 1000:
        raise SystemExit("--v4-routes and --v6-routes must be >= 1000")
    os.makedirs(a.out, exist_ok=True)
    rng = random.Random(a.seed)
    meta = [f"seed={a.seed}", f"lookups={a.lookups}"]

    # ---- IPv4
    per4 = counts(LEN4, a.v4_routes, 1_000_000, 24)

    def place4(length):
        net = rng.getrandbits(length)
        return None if overlaps4(net, length) else net

    routes4, sets4 = make_table(rng, per4, cover4, place4, 8)
    nh4 = [rng.randint(1, 64) for _ in routes4]
    order = list(range(len(routes4)))
    rng.shuffle(order)
    with open(os.path.join(a.out, "routes4.txt"), "w") as f:
        for i in order:
            net, length = routes4[i]
            addr = net << (32 - length)
            f.write(f"{addr >> 24}.{(addr >> 16) & 255}.{(addr >> 8) & 255}.{addr & 255}/{length} {nh4[i]}\n")
    more4 = sum(1 for net, length in routes4 if covered_by_shorter(sets4, net, length))
    tbl8_4 = len({net >> (length - 24) for net, length in routes4 if length > 24})
    meta += [f"v4_routes={len(routes4)}", "v4_lengths=" + ",".join(f"{k}:{v}" for k, v in per4.items()),
             f"v4_more_specifics={more4}", f"v4_tbl8_needed={tbl8_4}"]

    with open(os.path.join(a.out, "lookup4.txt"), "w") as f:
        hits = 0
        for _ in range(a.lookups):
            if rng.random() < 0.9:
                net, length = routes4[rng.randrange(len(routes4))]
                addr = (net << (32 - length)) | rng.getrandbits(32 - length) if length < 32 else net
                hits += 1
            else:
                addr = rng.getrandbits(32)
            # test-fib's effective order (see Byte order above): the line "d.c.b.a" for a.b.c.d
            f.write(f"{addr & 255}.{(addr >> 8) & 255}.{(addr >> 16) & 255}.{addr >> 24}\n")
    meta.append(f"v4_lookups_inside_a_route={hits}")

    # ---- IPv6
    per6 = counts(FRAC6, a.v6_routes, 1, 48, fractions=True)
    bnets = [b for b in BLOCKS6]
    bweights = [b[2] for b in bnets]

    def place6(length):
        bnet, blen, _ = rng.choices(bnets, bweights)[0]
        if length < blen:
            return None
        net = (bnet >> (128 - length)) | rng.getrandbits(length - blen)
        dnet, dlen = DOC6
        if length >= dlen and (net >> (length - dlen)) == (dnet >> (128 - dlen)):
            return None
        return net

    routes6, sets6 = make_table(rng, per6, cover6, place6, 20)
    nh6 = [rng.randint(1, 64) for _ in routes6]
    order = list(range(len(routes6)))
    rng.shuffle(order)
    with open(os.path.join(a.out, "routes6.txt"), "w") as f:
        for i in order:
            net, length = routes6[i]
            f.write(f"{ipaddress.IPv6Address(net << (128 - length))}/{length} {nh6[i]}\n")
    more6 = sum(1 for net, length in routes6 if covered_by_shorter(sets6, net, length))
    # DPDK's TRIE reserves, per route longer than /24, one tbl8 per byte between its covering
    # route (at least /24) and itself: (ceil8(len) - 24) / 8 at most. This bound sizes -g.
    tbl8_6 = sum((((length + 7) // 8) * 8 - 24) // 8 for _, length in routes6 if length > 24)
    meta += [f"v6_routes={len(routes6)}", "v6_lengths=" + ",".join(f"{k}:{v}" for k, v in per6.items()),
             f"v6_more_specifics={more6}", f"v6_tbl8_bound={tbl8_6}"]

    with open(os.path.join(a.out, "lookup6.txt"), "w") as f:
        hits = 0
        for _ in range(a.lookups):
            if rng.random() < 0.9:
                net, length = routes6[rng.randrange(len(routes6))]
                addr = (net << (128 - length)) | rng.getrandbits(128 - length)
                hits += 1
            else:
                addr = (1 << 125) | rng.getrandbits(125)
            f.write(f"{ipaddress.IPv6Address(addr)}\n")
    meta.append(f"v6_lookups_inside_a_route={hits}")

    with open(os.path.join(a.out, "meta.txt"), "w") as f:
        f.write("\n".join(meta) + "\n")
    print("gen-inputs: " + " ".join(m for m in meta if "lengths" not in m))


if __name__ == "__main__":
    main()
