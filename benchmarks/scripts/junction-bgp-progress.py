#!/usr/bin/python3
# Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
"""bench bgp's poll of a running Junction router, without starting a JVM per poll.

    junction-bgp-progress.py RUN_DIR NEIGHBOR [NEIGHBOR...]
    junction-bgp-progress.py --counters RUN_DIR NAME [NAME...]

The second form (bench nsf) prints the named counters of RUN_DIR/counters.dat on one line, in order (summed
over workers, gauges latest; -1 for one it cannot read), e.g. fib_resyncs_ended fib_epoch.

Prints one line: ACC4 ACC6 FIB4 FIB6 CONTROL_MTIME_MS FIB_BYTES
  ACC4/ACC6  prefixes_accepted per family, summed over the NEIGHBORs (bench bgp --peers: one per
             peer; a neighbor not listed yet counts 0), from RUN_DIR/control.json (the control
             plane rewrites it each second; CONTROL_MTIME_MS says when, epoch ms); -1 when none
             of them is listed
  FIB4/FIB6  counters.fib_routes4/6 as `junction status --json` reports them, read from
             RUN_DIR/counters.dat (CountersFile: a 4096-byte header, then Agrona's CountersManager
             metadata and values; counters summed over workers, gauges latest)
  FIB_BYTES  counters.fib_bytes4 + fib_bytes6: the bytes the FIB's lookup tables hold
A field it cannot read is -1.
"""
import json, mmap, os, struct, sys

counters_only = len(sys.argv) > 1 and sys.argv[1] == "--counters"
if counters_only:
    sys.argv.pop(1)
run_dir, neighbors = sys.argv[1], sys.argv[2:]
acc4 = acc6 = fib4 = fib6 = mtime_ms = fib_bytes = -1
sums = {}
try:
    if counters_only:
        raise OSError("counters only")
    path = os.path.join(run_dir, "control.json")
    mtime_ms = int(os.stat(path).st_mtime * 1000)
    with open(path) as f:
        listed = json.load(f)["bgp"]["neighbors"]
    for name in neighbors:
        if name in listed:
            n = listed[name].get("prefixes_accepted") or {}
            acc4, acc6 = max(acc4, 0) + n.get("ipv4-unicast", 0), max(acc6, 0) + n.get("ipv6-unicast", 0)
except (OSError, ValueError, KeyError, TypeError):
    pass
try:
    with open(os.path.join(run_dir, "counters.dat"), "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    HEADER, META_REC, VALUE_REC = 4096, 512, 128         # CountersFile.HEADER_LENGTH, Agrona's records
    if m[0:8] == b"JNCTNCTR":
        meta_len, values_len = struct.unpack_from("<ii", m, 12)
        for i in range(meta_len // META_REC):
            rec = HEADER + i * META_REC
            state, type_id = struct.unpack_from("<ii", m, rec)
            if state == 0:                                 # RECORD_UNUSED: the end of the allocated ones
                break
            if state != 1:                                 # RECORD_ALLOCATED only
                continue
            label_len = struct.unpack_from("<i", m, rec + 128)[0]
            label = m[rec + 132:rec + 132 + label_len].decode("ascii", "replace")
            value = struct.unpack_from("<q", m, HEADER + meta_len + i * VALUE_REC)[0]
            sums[label] = value if type_id == 2 else sums.get(label, 0) + value
        fib4 = next((v for k, v in sums.items() if k.endswith("fib_routes4")), -1)
        fib6 = next((v for k, v in sums.items() if k.endswith("fib_routes6")), -1)
        parts = [v for k, v in sums.items() if k.endswith("fib_bytes4") or k.endswith("fib_bytes6")]
        fib_bytes = sum(parts) if len(parts) == 2 else -1
except (OSError, ValueError, struct.error):
    pass
if counters_only:
    print(*(next((v for k, v in sums.items() if k.endswith(name)), -1) for name in neighbors))
else:
    print(acc4, acc6, fib4, fib6, mtime_ms, fib_bytes)
