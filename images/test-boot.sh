#!/bin/bash
# ./junction image test [--image FILE] [--upgrade] [--timeout SECONDS] [--keep-log DIR]
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
#   user       the control plane runs as the user junction with CAP_NET_BIND_SERVICE alone, the data plane as root
#   watchdog   systemd feeds the box's hardware watchdog (qemu's i6300esb here)
# With --upgrade, then the A/B upgrades (docs/appliance.md "Upgrade"), on a disk grown so slot B fits after slot A,
# from a second disk holding two images built here from the same cached Debian system: v2 (the junction package's
# version suffixed +up2) and a broken copy of it (its Java runtime removed: the planes cannot start):
#   api        the router's API (GET /v1/system/upgrade, on the box's loopback listener with a token) shows the
#              slots: the control plane, not root, reaches the tool through its root side (junction-upgrade.socket)
#   upgrade    `junction upgrade v2.raw` over SSH writes slot B (partition 4, made now) and reports it
#   newslot    after a reboot, slot B boots (its one try), passes its health check, becomes the default; BIRD's
#              session is Established again and h1 reaches BIRD's route through it
#   rollback   POST /v1/system/upgrade {"rollback": true} through the API: the box reboots by itself 3 s later,
#              slot A (v1) boots again, the default, the session back
#   fallback   `junction upgrade broken.raw` into slot B, reboot: its health check fails within its time limit, the
#              box reboots and comes back on slot A by itself (systemd-boot's one-shot spent, loader.conf's default),
#              slot B marked bad, the session back
# qemu runs with -no-reboot: a reboot of the box ends qemu, and the test starts it again on the same disk and UEFI
# variables (the reset of a real box); which slot boots is systemd-boot's choice alone.
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

image=/var/tmp/junction-image/junction.raw timeout_s=1200 keep="" upgrade=0
while [ $# -gt 0 ]; do
  case $1 in
    --image) image=${2:?--image needs a file}; shift 2 ;;
    --timeout) timeout_s=${2:?--timeout needs seconds}; shift 2 ;;
    --keep-log) keep=${2:?--keep-log needs a folder}; shift 2 ;;
    --upgrade) upgrade=1; shift ;;
    *) die "image test: unknown argument '$1' (usage: ./junction image test [--image FILE] [--upgrade] [--timeout SECONDS] [--keep-log DIR])" ;;
  esac
done
jn_require_root || exit 1
[ -f "$image" ] || die "image test: no image at $image (./junction image builds it)"
for tool in qemu-system-x86_64 bird birdc ssh ssh-keygen mcopy sgdisk; do
  command -v "$tool" >/dev/null || die "image test: '$tool' is missing (./junction setup installs it)"
done
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.fd OVMF_VARS=/usr/share/OVMF/OVMF_VARS_4M.fd
[ -f "$OVMF_CODE" ] || die "image test: no UEFI firmware at $OVMF_CODE (apt-get install ovmf)"

# JUNCTION_IMAGE_TEST_NS: the namespaces' prefix (jn-img); two image tests on one machine must differ in it (the
# second waits for the first otherwise: a test that made jn-img-vm again would end the other's qemu).
ns_prefix=${JUNCTION_IMAGE_TEST_NS:-jn-img}
[[ $ns_prefix =~ ^[a-z0-9-]{1,10}$ ]] || die "image test: JUNCTION_IMAGE_TEST_NS '$ns_prefix' is not 1 to 10 of a-z 0-9 -"
exec {test_lock}>"/run/lock/junction-image-test-$ns_prefix.lock"
flock -w 3600 "$test_lock" || die "image test: another image test held /run/lock/junction-image-test-$ns_prefix.lock for an hour"
NS_H1=$ns_prefix-h1 NS_H2=$ns_prefix-h2 NS_VM=$ns_prefix-vm
H1=198.18.41.2 R1=198.18.41.1 H2=198.18.42.2 R2=198.18.42.1 H2_LO=198.19.41.1 H2_NET=198.19.41.0/24
R_AS=4200000001 H2_AS=64512 NAME=edge API_PORT=8443

t0=$(date +%s)
mkdir -p /var/tmp/junction-image
work=$(mktemp -d /var/tmp/junction-image/test.XXXXXX)
jn_cleanup_trap
jn_cleanup_push rm -rf "$work"
if [ -n "$keep" ]; then mkdir -p "$keep"; jn_cleanup_push sh -c 'cp -f "$1"/serial*.log "$1/bird.log" "$2/"' - "$work" "$keep"; fi

failed=0
pass() { printf 'PASS %-8s %s\n' "$1" "$2"; }
fail() { printf 'FAIL %-8s %s\n' "$1" "$2"; failed=1; }
since() { echo $(( $(date +%s) - $1 )); }
serial=$work/serial.log   # the console of the boot under way (one file per boot)
serial_tail() { tr -d '\r' <"$serial" | grep -v '^\s*$' | tail -"${1:-15}" | sed 's/^/  serial: /'; }
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
api:
  listen: 127.0.0.1:$API_PORT
YAML
"$JUNCTION_HOME/images/seed.sh" "$work/disk.raw" --config "$work/junction.yaml" --hostname junction-test \
  --authorized-keys "$work/id.pub"
cp "$OVMF_VARS" "$work/vars.fd"

# ---------------------------------------------------------------- --upgrade: the images to upgrade to, room for slot B
updates_drive=()
if [ $upgrade = 1 ]; then
  t_build=$(date +%s)
  # v2: the same system from the same cache, the junction package's version suffixed (told apart in --status)
  "$JUNCTION_HOME/images/build-image.sh" --out "$work/v2" --cache "$(dirname "$image")/cache" --version-suffix +up2 \
    >"$work/v2.log" 2>&1 || { tail -20 "$work/v2.log"; die "image test: the second image (v2) did not build"; }
  V2=$(awk '$1 == "junction" {print $2}' "$work/v2/junction.packages")
  mkdir -p "$work/updates"
  mv "$work/v2/junction.raw" "$work/updates/v2.raw"
  rm -rf "$work/v2"
  # broken: v2 without its Java runtime (both planes fail to start); `junction upgrade` takes it (a well-formed
  # Junction image), its health check cannot pass
  cp --sparse=always "$work/updates/v2.raw" "$work/updates/broken.raw"
  start3=$(sgdisk -i 3 "$work/updates/broken.raw" | awk '/^First sector/ {print $3}')
  size3=$(( $(sgdisk -i 3 "$work/updates/broken.raw" | awk '/^Last sector/ {print $3}') - start3 + 1 ))
  dd if="$work/updates/broken.raw" of="$work/root3.img" bs=512 skip="$start3" count="$size3" conv=sparse status=none
  debugfs -w -R "rm /opt/junction/runtime/bin/java" "$work/root3.img" >/dev/null 2>&1
  debugfs -R "stat /opt/junction/runtime/bin/java" "$work/root3.img" 2>&1 | grep -q 'File not found' \
    || die "image test: could not remove the Java runtime from the broken image"
  dd if="$work/root3.img" of="$work/updates/broken.raw" bs=512 seek="$start3" conv=notrunc,sparse status=none
  rm -f "$work/root3.img"
  # the second disk: an ext4 filesystem labelled JN-UPDATES with both images (sparse files stay sparse)
  mkfs.ext4 -q -L JN-UPDATES -d "$work/updates" "$work/updates.img" 2200M >/dev/null
  rm -rf "$work/updates"
  updates_drive=(-device virtio-blk-pci,drive=upd,addr=0x6 -drive if=none,id=upd,format=raw,readonly=on,file="$work/updates.img")
  # the box's disk larger than the image, as a real one is: slot B goes after slot A (the backup GPT stays where
  # the image put it, mid-disk; `junction upgrade` moves it to the end)
  truncate -s +1200M "$work/disk.raw"
  echo "image test: v2 ($V2) and a broken copy built in $(since "$t_build") s; the disk grown to $(( $(stat -c %s "$work/disk.raw") / 1048576 )) MiB"
fi

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
start_qemu() {  # start_qemu SERIAL-LOG: the box (powered on, or reset after a reboot: same disk, same UEFI variables)
  serial=$1
  jn_bg "$NS_VM" "$work/qemu.log" qemu-system-x86_64 -machine q35 -accel "$accel" -cpu "$cpu" -smp 2 -m 3072 \
    -drive if=pflash,format=raw,readonly=on,file="$OVMF_CODE" -drive if=pflash,format=raw,file="$work/vars.fd" \
    -device virtio-blk-pci,drive=disk,addr=0x5 -drive if=none,id=disk,format=raw,file="$work/disk.raw" \
    "${updates_drive[@]}" \
    -netdev tap,id=n0,ifname=ji-t0,script=no,downscript=no -device virtio-net-pci,netdev=n0,addr=0x3,mac=52:54:00:4a:00:01 \
    -netdev tap,id=n1,ifname=ji-t1,script=no,downscript=no -device virtio-net-pci,netdev=n1,addr=0x4,mac=52:54:00:4a:00:02 \
    -device i6300esb -display none -vga none -monitor none -serial file:"$serial" -no-reboot
  qemu=$JN_LAST_PID
  boot_start=$(date +%s)
  deadline=$((boot_start + timeout_s))
}
echo "image test: booting $image under $accel_name (serial console: $work/serial.log)"
start_qemu "$work/serial.log"
left() { local l=$((deadline - $(date +%s))); [ $l -gt 0 ] && echo $l || echo 1; }

# Each milestone of the boot, from the serial console; the phase's duration printed as it is reached.
phase=boot   # the check a boot that fails its milestones fails
milestone() {  # milestone NAME REGEX
  local rc=0
  jn_wait_for_line "$(left)" "$serial" "$2" "$qemu" || rc=$?
  case $rc in
    0) echo "image test: $1 after $(since "$boot_start") s" ;;
    2) abort "$phase" "qemu ended before $1 ($(tail -3 "$work/qemu.log" | tr '\n' ' '))" ;;
    *) abort "$phase" "no $1 within $timeout_s s of boot" ;;
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

ssh_r() {  # ssh_r COMMAND...: on the box, bounded (ssh_timeout, 120 s)
  timeout "${ssh_timeout:-120}" ip netns exec "$NS_H1" ssh -i "$work/id" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o ConnectTimeout=10 -o BatchMode=yes -o LogLevel=ERROR "root@$R1" "$@"
}
show_ok() { ssh_r junction show neighbors >"$work/neighbors.txt" 2>&1 && grep -q -i established "$work/neighbors.txt"; }
if jn_wait_for 90 show_ok; then
  pass show "over SSH to $R1 ($(ssh_r hostname)): $(grep -i established "$work/neighbors.txt" | tr -s ' ' | head -1)"
  sed 's/^/  /' "$work/neighbors.txt"
else
  fail show "junction show neighbors over SSH: $(tr '\n' ' ' <"$work/neighbors.txt" 2>/dev/null | cut -c1-300)"
fi

# the control plane as junction with port 179 as its only privilege; the data plane as root; the run directory
# sticky and the group's, the Aeron driver's directory the data plane's alone; tmpfiles.d gives a configuration
# left root's (an earlier version's) back to the group
pid_of() { echo "\$(systemctl show -p MainPID --value junction-$1@$NAME.service)"; }
if ssh_r "ps -o user=,comm= -p $(pid_of control); ps -o user=,comm= -p $(pid_of dataplane); grep ^CapEff: /proc/$(pid_of control)/status;
          stat -c '%a %U:%G %n' /run/junction/$NAME /run/junction/$NAME/aeron;
          chgrp root /etc/junction/$NAME.yaml && systemd-tmpfiles --create junction.conf && stat -c '%a %U:%G %n' /etc/junction/$NAME.yaml" \
     >"$work/user.txt" 2>&1 && [ "$(sed -n 1p "$work/user.txt" | awk '{print $1}')" = junction ] \
     && [ "$(sed -n 2p "$work/user.txt" | awk '{print $1}')" = root ] && grep -q 'CapEff:[[:space:]]*0000000000000400$' "$work/user.txt" \
     && grep -qx "1770 root:junction /run/junction/$NAME" "$work/user.txt" && grep -qx "750 root:junction /run/junction/$NAME/aeron" "$work/user.txt" \
     && grep -qx "640 root:junction /etc/junction/$NAME.yaml" "$work/user.txt"; then
  pass user "control plane: $(sed -n 1p "$work/user.txt" | awk '{print $1}'), CAP_NET_BIND_SERVICE only; data plane: root; $(sed -n 4,6p "$work/user.txt" | paste -sd,)"
else
  fail user "the planes' users, capabilities and files: $(tr '\n' ' ' <"$work/user.txt" | cut -c1-400)"
fi
# the hardware watchdog, fed by systemd (qemu's i6300esb; a real box's own)
if ssh_r "journalctl -b -o cat _PID=1 | grep -i -m2 'hardware watchdog\|watchdog running'" >"$work/watchdog.txt" 2>&1 \
     && grep -qi 'watchdog running' "$work/watchdog.txt"; then
  pass watchdog "$(tr '\n' ' ' <"$work/watchdog.txt" | tr -s ' ')"
else
  fail watchdog "systemd does not feed a hardware watchdog: $(ssh_r 'ls /dev/watchdog*; journalctl -b -o cat | grep -i watchdog | tail -3' 2>&1 | tr '\n' ' ' | cut -c1-300)"
fi

# ---------------------------------------------------------------- --upgrade: A/B slots
if [ $upgrade = 1 ]; then
  [ $failed = 0 ] || abort upgrade "the boot checks failed: no upgrade on a box that is not healthy"
  status_r() { ssh_r junction upgrade --status >"$work/status.txt" 2>&1; }
  slot_line() { awk -v s="$1" '$1 == s' "$work/status.txt"; }   # SLOT PARTITION VERSION ENTRY STATE ROLE
  reboot_box() {  # reboot_box WHY: ask the box to reboot, wait until qemu ends (-no-reboot), start it again
    ssh_r systemctl reboot >/dev/null 2>&1 || true
    wait_off 180 "$1"
  }
  wait_off() {  # wait_off SECONDS WHY: the box reboots by itself; qemu ends; the box is reset (qemu again)
    local n=$(( $(ls "$work"/serial*.log | wc -l) + 1 ))
    if ! jn_wait_for "$1" sh -c "! kill -0 $qemu"; then abort "$2" "the box did not reboot within $1 s"; fi
    echo "image test: the box rebooted ($2); powered on again (serial console: $work/serial-$n.log)"
    start_qemu "$work/serial-$n.log"
  }
  up_again() {  # up_again CHECK: this boot to both planes ready, BGP with BIRD back, h1 through the router again
    milestone "the kernel started" 'Linux version [0-9]'
    milestone "the control plane ready" 'junction: ready'
    jn_wait_for 180 bird_established || { fail "$1" "BIRD's session not back within 180 s"; return 1; }
    jn_wait_for 60 fwd_ok || { fail "$1" "h1 cannot reach $H2_LO through the router within 60 s"; return 1; }
    jn_wait_for 90 status_r || { fail "$1" "junction upgrade --status over SSH: $(head -c 300 "$work/status.txt")"; return 1; }
    sed 's/^/  /' "$work/status.txt"
  }
  # The router's API on the box's loopback listener, with a token made over SSH; HTTP from bash's /dev/tcp (the box
  # has no HTTP client: a tool on the box would be one more thing to install; this is the API itself).
  token=$(ssh_r junction token create image-test --role admin 2>/dev/null | sed -n 2p) || token=""
  api_r() {  # api_r METHOD PATH [JSON]: the answer's status line, headers and body
    local body=${3:-}
    ssh_r "exec 3<>/dev/tcp/127.0.0.1/$API_PORT || exit 1
printf '%s %s HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %s\r\nConnection: close\r\n\r\n%s' '$1' '$2' '$token' '${#body}' '$body' >&3
timeout 60 cat <&3"
  }
  phase=api
  if [ -n "$token" ] && api_r GET /v1/system/upgrade >"$work/api.txt" 2>&1 && head -1 "$work/api.txt" | grep -q ' 200 ' \
     && grep -q '"booted" *: *"a"' "$work/api.txt"; then
    pass api "GET /v1/system/upgrade (control plane as junction, the tool as root through junction-upgrade.socket): $(grep -o '"slots".*' "$work/api.txt" | cut -c1-160)"
  else
    fail api "GET /v1/system/upgrade: $(tr -d '\r' <"$work/api.txt" | tr '\n' ' ' | cut -c1-400)"
  fi

  mount_updates='mkdir -p /run/updates && { mountpoint -q /run/updates || mount -o ro,noload /dev/disk/by-label/JN-UPDATES /run/updates; }'

  # upgrade: v2 into slot B
  t=$(date +%s)
  if ssh_timeout=900 ssh_r "$mount_updates && junction upgrade /run/updates/v2.raw --no-reboot --health-timeout 900" >"$work/upgrade.txt" 2>&1 \
     && status_r && slot_line b | grep -q "$V2 .*trying"; then
    pass upgrade "slot b written with $V2 in $(since "$t") s: $(grep -o 'slot b: partition 4.*made' "$work/upgrade.txt" || true)"
    sed 's/^/  /' "$work/status.txt"
  else
    sed 's/^/  /' "$work/upgrade.txt" "$work/status.txt" 2>/dev/null
    abort upgrade "junction upgrade v2.raw failed after $(since "$t") s"
  fi

  # newslot: slot B on its one try, healthy, blessed, the default
  phase=newslot
  reboot_box newslot
  t=$boot_start
  if up_again newslot; then
    # the commit (junction-slot-commit.service) runs right after the health check: wait for it
    commit_done() { status_r && slot_line b | grep -q "good *booted,default"; }
    if jn_wait_for 120 commit_done; then
      pass newslot "slot b ($V2) booted, healthy, the default, BGP back after $(since "$t") s: $(grep -o 'junction-health: slot b healthy.*' "$serial" | tr -d '\r' | head -1)"
    else
      fail newslot "slot b not booted+default+good: $(slot_line b); $(grep -o 'junction-health:.*' "$serial" | tr -d '\r' | tail -1)"
    fi
  fi

  # rollback: back to slot A on purpose, through the API, with its default reboot (3 s after the answer)
  phase=rollback
  t=$(date +%s)
  api_r POST /v1/system/upgrade '{"rollback": true}' >"$work/rollback.txt" 2>&1 || true
  head -1 "$work/rollback.txt" | grep -q ' 202 ' || { sed 's/^/  /' "$work/rollback.txt"; abort rollback "POST /v1/system/upgrade {rollback} was not accepted"; }
  wait_off 300 rollback
  if up_again rollback; then
    if slot_line a | grep -q "good *booted,default" && slot_line b | grep -q "$V2 .*good"; then
      pass rollback "through the API: the box rebooted by itself, slot a ($(slot_line a | awk '{print $3}')) booted and the default again, BGP back, $(since "$t") s after the POST"
    else
      fail rollback "not on slot a as the default: $(slot_line a)"
    fi
  fi

  # fallback: a broken image into slot B; its health check fails; the box comes back on slot A by itself
  phase=fallback
  t=$(date +%s)
  if ! ssh_timeout=900 ssh_r "$mount_updates && junction upgrade /run/updates/broken.raw --no-reboot --health-timeout 90" >"$work/upgrade.txt" 2>&1; then
    sed 's/^/  /' "$work/upgrade.txt"; abort fallback "junction upgrade broken.raw failed"
  fi
  reboot_box fallback
  milestone "the broken slot's health check started" 'junction-health: slot b .* on trial'
  # the health check's 90 s, then the reboot it causes
  wait_off 420 fallback
  if up_again fallback; then
    if slot_line a | grep -q "good *booted,default" && slot_line b | grep -q ' bad ' \
       && grep -q 'last result, slot b: .*FAILED its health check' "$work/status.txt"; then
      pass fallback "slot b failed its health check ($(grep -o 'junction-health: slot b NOT healthy[^(]*([^)]*)' "$work"/serial-*.log | tail -1 | cut -d: -f2- | tr -d '\r')); back on slot a by itself, BGP back, $(since "$t") s in all"
    else
      fail fallback "after the failed slot: $(slot_line a) / $(slot_line b) / $(grep 'last result, slot b' "$work/status.txt")"
    fi
  fi
fi

echo "image test: $( [ $failed = 0 ] && echo passed || echo FAILED ) in $(since "$t0") s (boot to both planes ready: see above)"
exit $failed
