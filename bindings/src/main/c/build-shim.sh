#!/bin/sh
# Builds libjunction_shim.so (the exported wrappers of DPDK's static-inline fast path) into
# the given output directory, normally target/classes/native so the library ships in the jar.
# Run by Maven (exec-maven-plugin, generate-resources); usable by hand:
#   bindings/src/main/c/build-shim.sh bindings/target/classes/native
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out_dir=${1:?usage: build-shim.sh OUTPUT_DIR}
src="$here/junction_shim.c"
out="$out_dir/libjunction_shim.so"
cc=${CC:-gcc}

if ! pkg-config --exists libdpdk; then
    echo "build-shim.sh: pkg-config cannot find libdpdk; install DPDK 22.11 (apt-get install -y dpdk libdpdk-dev)" >&2
    exit 1
fi

mkdir -p "$out_dir"
if [ -f "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$0" ]; then
    exit 0
fi

# pkg-config's --libs starts with -Wl,--as-needed, which would drop the DPDK libraries whose
# exported functions the shim does not call itself (rte_eal_init, rte_eth_dev_configure...).
# The trailing --no-as-needed list keeps them as DT_NEEDED so dlsym(shim) finds them all.
# shellcheck disable=SC2046
"$cc" -O3 -fPIC -shared -Wall -Wextra -Werror -fvisibility=hidden \
    $(pkg-config --cflags libdpdk) \
    -o "$out.tmp" "$src" \
    $(pkg-config --libs libdpdk) \
    -Wl,--no-as-needed -lrte_ethdev -lrte_mbuf -lrte_mempool -lrte_ring -lrte_eal -lrte_net -lrte_net_bond \
    -Wl,-soname,libjunction_shim.so
mv -f "$out.tmp" "$out"
