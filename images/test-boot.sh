#!/bin/bash
# ./junction image test [--image FILE] [--timeout SECONDS] [--keep-log DIR]
#
# The appliance's boot test: qemu boots the image (UEFI, OVMF; KVM when /dev/kvm exists, TCG otherwise) with two
# virtio-net NICs whose host ends are TAPs bridged to two host namespaces, and the router in it must:
#   boot       systemd-boot, the kernel, the seed applied (hostname, SSH key, router config), the NICs bound to
#              uio_pci_generic (Debian 12's kernel has no vfio no-IOMMU; qemu's q35 has no IOMMU here) and driven
#              by DPDK's virtio PMD, huge pages;
#              both planes ready (their lines on the serial console)
#   ping       answer ping on both ports, from h1 and from h2
#   bgp        BIRD in h2 establishes an eBGP session with it and announces 198.19.41.0/24
#   forward    h1 pings 198.19.41.1 (h2's loopback, in BIRD's route) through the router
#   show       `junction show neighbors` over SSH (a key the test puts in the seed, through the exception path)
#              shows the session Established
# One line per check, the durations of each phase, and non-zero if any check fails. Everything it makes (a copy of
# the image, namespaces, TAPs, qemu, BIRD) is removed on exit, failure or Ctrl-C.
#
#   h1 (jn-img-h1)                  jn-img-vm: qemu, bridges                        h2 (jn-img-h2): BIRD, AS 64512
#   eth0 198.18.41.2 --- ji-v0 -[ji-br0]- ji-t0 == p0 0000:00:03.0 198.18.41.1
#                                         ji-t1 == p1 0000:00:04.0 198.18.42.1 -[ji-br1]- ji-v1 --- eth0 198.18.42.2
#                                                     (Junction, AS 4200000001)                   lo 198.19.41.1
set -euo pipefail
JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export JUNCTION_HOME
# shellcheck source=../scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"
# shellcheck source=../scripts/netns.sh
source "$JUNCTION_HOME/scripts/netns.sh"
export PATH=/usr/sbin:/usr/bin:/sbin:/bin

image=/var/tmp/junction-image/junction.raw timeout_s=1200 keep=""
while [ $# -gt 0 ]; do
  case $1 in
    --image) image=${2:?--image needs a file}; shift 2 ;;
    --timeout) timeout_s=${2:?--timeout needs seconds}; shift 2 ;;
    --keep-log) keep=${2:?--keep-log needs a folder}; shift 2 ;;
    *) die "image test: unknown argument '$1' (usage: ./junction image test [--image FILE] [--timeout SECONDS] [--keep-log DIR])" ;;
  esac
done
jn_require_root || exit 1
[ -f "$image" ] || die "image test: no image at $image (./junction image builds it)"
for tool in qemu-system-x86_64 bird birdc ssh ssh-keygen mcopy sgdisk; do
  command -v "$tool" >/dev/null || die "image test: '$tool' is missing (./junction setup installs it)"
done
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
[ -f "$OVMF_CODE" ] || die "image test: no UEFI firmware at $OVMF_CODE (apt-get install ovmf)"

NS_H1=jn-img-h1 NS_H2=jn-img-h2 NS_VM=jn-img-vm
H1=198.18.41.2 R1=198.18.41.1 H2=198.18.42.2 R2=198.18.42.1 H2_LO=198.19.41.1 H2_NET=198.19.41.0/24
R_AS=4200000001 H2_AS=64512 NAME=edge

t0=$(date +%s)
mkdir -p /var/tmp/junction-image
work=$(mktemp -d /var/tmp/junction-image/test.XXXXXX)
jn_cleanup_trap
jn_cleanup_push rm -rf "$work"
if [ -n "$keep" ]; then mkdir -p "$keep"; jn_cleanup_push cp -f "$work/serial.log" "$work/bird.log" "$keep/"; fi

failed=0
pass() { printf 'PASS %-8s %s\n' "$1" "$2"; }
fail() { printf 'FAIL %-8s %s\n' "$1" "$2"; failed=1; }
since() { echo $(( $(date +%s) - $1 )); }
serial_tail() { tr -d '\r' <"$work/serial.log" | grep -v '^\s*$' | tail -"${1:-15}" | sed 's/^/  serial: /'; }
abort() { fail "$1" "$2"; serial_tail 25; echo "image test: failed after $(since "$t0") s"; exit 1; }

# ---------------------------------------------------------------- the disk: a copy of the image, its seed written
cp --sparse=always "$image" "$work/disk.raw"
ssh-keygen -q -t ed25519 -N '' -C junction-image-test -f "$work/id"
cat >"$work/junction.yaml" <<YAML
# The boot test's router (images/test-boot.sh): two virtio-net NICs by PCI address, driven by DPDK's virtio PMD.
name: $NAME
dpdk:
  memory-mb: 256
  hugepages: true
cores: [1]
ports:
  - {name: p0, device: '0000:00:03.0', addresses: [$R1/24]}
  - {name: p1, device: '0000:00:04.0', addresses: [$R2/24]}
bgp:
  local-as: $R_AS
  router-id: $R1
  neighbors:
    - {name: bird, address: $H2, remote-as: $H2_AS, hold-time: 30, connect-retry: 2, import: from-bird, export: to-bird}
  policies:
    from-bird:
      terms:
        - {name: h2, match: {prefixes: ["198.19.41.0/24"]}, then: accept}
      otherwise: reject
    to-bird:
      terms: []
      otherwise: reject
YAML
"$JUNCTION_HOME/images/seed.sh" "$work/disk.raw" --config "$work/junction.yaml" --hostname junction-test \
  --authorized-keys "$work/id.pub"
cp "$OVMF_VARS" "$work/vars.fd"

# ---------------------------------------------------------------- the host side: namespaces, bridges, TAPs
for ns in "$NS_VM" "$NS_H1" "$NS_H2"; do jn_ns_add "$ns"; jn_cleanup_push jn_ns_del "$ns"; done
for i in 0 1; do
  ip -n "$NS_VM" link add "ji-br$i" type bridge
  ip -n "$NS_VM" tuntap add dev "ji-t$i" mode tap
  ip -n "$NS_VM" link set "ji-t$i" master "ji-br$i" up
  ip -n "$NS_VM" link set "ji-br$i" up
  jn_sysctl "$NS_VM" "net.ipv6.conf.ji-br$i.disable_ipv6=1"
done
jn_veth "$NS_H1" eth0 "$NS_VM" ji-v0
jn_veth "$NS_H2" eth0 "$NS_VM" ji-v1
ip -n "$NS_VM" link set ji-v0 master ji-br0
ip -n "$NS_VM" link set ji-v1 master ji-br1
ip -n "$NS_H1" addr add "$H1/24" dev eth0
ip -n "$NS_H1" route add default via "$R1"
ip -n "$NS_H2" addr add "$H2/24" dev eth0
ip -n "$NS_H2" addr add "$H2_LO/32" dev lo
ip -n "$NS_H2" route add default via "$R2"

# ---------------------------------------------------------------- qemu
accel=tcg,thread=multi accel_name="TCG (software emulation)" cpu=max
# KVM when it works. Where /dev/kvm is a nested one (these machines, since 2026-12-06) it may not: `-cpu max` (and
# `host`) makes qemu 7.2 abort ("failed to set MSR 0x10a": IA32_ARCH_CAPABILITIES), and without that feature OVMF
# stops in its first instructions ("KVM internal error. Suberror: 1", emulation failure) with qemu still running.
# So the probe runs the firmware itself for 6 s: KVM only when qemu is still up then and said nothing of an error.
if [ -w /dev/kvm ]; then
  cp "$OVMF_VARS" "$work/probe-vars.fd"
  rc=0
  timeout 6 qemu-system-x86_64 -machine q35 -accel kvm -cpu max,-arch-capabilities -m 256 -display none -nodefaults \
    -drive if=pflash,format=raw,readonly=on,file="$OVMF_CODE" -drive if=pflash,format=raw,file="$work/probe-vars.fd" \
    -serial none -monitor none >"$work/kvm-probe.log" 2>&1 || rc=$?
  if [ $rc = 124 ] && ! grep -qi 'error\|failure' "$work/kvm-probe.log"; then
    accel=kvm accel_name=KVM cpu=max,-arch-capabilities
  else
    echo "image test: /dev/kvm is there but qemu cannot run the firmware on it ($(grep -i -m1 'error\|failure' "$work/kvm-probe.log" || echo "exit $rc")): TCG"
  fi
fi
echo "image test: booting $image under $accel_name (serial console: $work/serial.log)"
jn_bg "$NS_VM" "$work/qemu.log" qemu-system-x86_64 -machine q35 -accel "$accel" -cpu "$cpu" -smp 2 -m 3072 \
  -drive if=pflash,format=raw,readonly=on,file="$OVMF_CODE" -drive if=pflash,format=raw,file="$work/vars.fd" \
  -device virtio-blk-pci,drive=disk,addr=0x5 -drive if=none,id=disk,format=raw,file="$work/disk.raw" \
  -netdev tap,id=n0,ifname=ji-t0,script=no,downscript=no -device virtio-net-pci,netdev=n0,addr=0x3,mac=52:54:00:4a:00:01 \
  -netdev tap,id=n1,ifname=ji-t1,script=no,downscript=no -device virtio-net-pci,netdev=n1,addr=0x4,mac=52:54:00:4a:00:02 \
  -display none -vga none -monitor none -serial file:"$work/serial.log" -no-reboot
qemu=$JN_LAST_PID
boot_start=$(date +%s)
deadline=$((boot_start + timeout_s))
left() { local l=$((deadline - $(date +%s))); [ $l -gt 0 ] && echo $l || echo 1; }

# Each milestone of the boot, from the serial console; the phase's duration printed as it is reached.
milestone() {  # milestone NAME REGEX
  local rc=0
  jn_wait_for_line "$(left)" "$work/serial.log" "$2" "$qemu" || rc=$?
  case $rc in
    0) echo "image test: $1 after $(since "$boot_start") s" ;;
    2) abort boot "qemu ended before $1 ($(tail -3 "$work/qemu.log" | tr '\n' ' '))" ;;
    *) abort boot "no $1 within $timeout_s s of boot" ;;
  esac
}
milestone "the kernel started" 'Linux version [0-9]'
milestone "systemd started" 'systemd\[1\]: .*running in system mode|Welcome to .*Debian'
milestone "the seed applied" 'junction-seed: router '"$NAME"
milestone "the NICs bound" 'junction-nics: 0000:00:04.0 .*now (vfio-pci|uio_pci_generic)'
milestone "the data plane ready" 'junction: data plane ready'
milestone "the control plane ready" 'junction: ready'
if grep -q 'FAIL\|Failed to start' "$work/serial.log"; then
  grep 'Failed to start' "$work/serial.log" | tr -d '\r' | sed 's/^/  serial: /' | head -5
fi
pass boot "$(grep -o 'junction-nics: 0000:00:03.0.*' "$work/serial.log" | tr -d '\r' | head -1); both planes ready after $(since "$boot_start") s"

# ---------------------------------------------------------------- checks
ping_ok() { ip netns exec "$1" ping -c 1 -W 2 "$2"; }
for pair in "$NS_H1:$R1:p0" "$NS_H2:$R2:p1"; do
  IFS=: read -r ns addr port <<<"$pair"
  if jn_wait_for 60 ping_ok "$ns" "$addr"; then
    pass ping "$addr ($port) answers $ns: $(ip netns exec "$ns" ping -c 3 -i 0.3 -W 2 "$addr" | grep -o '[0-9]* received')"
  else
    fail ping "$addr ($port) does not answer ping from $ns within 60 s"
  fi
done

cat >"$work/bird.conf" <<BIRD
# The boot test's BGP peer (images/test-boot.sh), in namespace $NS_H2: it announces h2's loopback network.
log "$work/bird.log" all;
router id $H2;
protocol device { scan time 10; }
protocol static s4 { ipv4; route $H2_NET blackhole; }
protocol bgp junction {
  local as $H2_AS;
  neighbor $R2 as $R_AS;
  hold time 30;
  connect retry time 2;
  connect delay time 1;
  error wait time 1, 5;
  ipv4 { import all; export where source = RTS_STATIC; };
}
BIRD
jn_bg "$NS_H2" "$work/bird.out" bird -f -c "$work/bird.conf" -s "$work/bird.ctl" -P "$work/bird.pid"
birdc_t() { timeout 10 birdc -s "$work/bird.ctl" "$@"; }
bird_established() { [ "$(birdc_t show protocols junction 2>/dev/null | awk '$1 == "junction" {print $NF}')" = Established ]; }
bgp_start=$(date +%s)
if jn_wait_for 180 bird_established; then
  pass bgp "BIRD (AS $H2_AS) Established with Junction (AS $R_AS) after $(since "$bgp_start") s"
else
  fail bgp "no session within 180 s: $(birdc_t show protocols all junction 2>&1 | grep -E 'BGP state|Last error' | tr -s ' ' | paste -sd' ')"
fi

fwd_ok() { ip netns exec "$NS_H1" ping -c 1 -W 2 "$H2_LO"; }
if jn_wait_for 60 fwd_ok; then
  pass forward "h1 reaches $H2_LO (BIRD's $H2_NET) through the router: $(ip netns exec "$NS_H1" ping -c 5 -i 0.3 -W 2 "$H2_LO" | grep -o '[0-9]* received')"
else
  fail forward "h1 cannot reach $H2_LO (BIRD's $H2_NET) through the router within 60 s"
fi

ssh_r() {
  ip netns exec "$NS_H1" ssh -i "$work/id" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o ConnectTimeout=10 -o BatchMode=yes -o LogLevel=ERROR "root@$R1" "$@"
}
show_ok() { ssh_r junction show neighbors >"$work/neighbors.txt" 2>&1 && grep -q -i established "$work/neighbors.txt"; }
if jn_wait_for 90 show_ok; then
  pass show "over SSH to $R1 ($(ssh_r hostname)): $(grep -i established "$work/neighbors.txt" | tr -s ' ' | head -1)"
  sed 's/^/  /' "$work/neighbors.txt"
else
  fail show "junction show neighbors over SSH: $(tr '\n' ' ' <"$work/neighbors.txt" 2>/dev/null | cut -c1-300)"
fi

echo "image test: $( [ $failed = 0 ] && echo passed || echo FAILED ) in $(since "$t0") s (boot to both planes ready: see above)"
exit $failed
