#!/bin/bash
# ./junction image [--out DIR] [--cache DIR] [--config FILE] [--hostname NAME] [--authorized-keys FILE] [--deb FILE | --version-suffix S]
#
# The Junction appliance: a GPT disk image (raw, and qcow2 beside it) built from Debian 12 packages, no Docker,
# no loop device, no mount: mmdebstrap into a folder, filesystems filled from folders (mkfs.ext4 -d, mcopy into a
# FAT image), the partitions written into the disk at their offsets (sgdisk, dd). docs/appliance.md.
#
#   1  ESP            256 MiB  FAT32, systemd-boot; kernels and initrds per slot in /junction-a (later /junction-b)
#   2  JN-SEED    16 MiB  FAT, the seed: hostname, authorized_keys, junction.yaml (images/seed.sh writes it)
#   3  junction-root-a         ext4, the system (slot A), mounted read-write
#   4  junction-root-b         not in the image (it would double it past 1 GiB): slot B, made by `junction upgrade`
#                              in the free space after slot A on the box's disk, with ROOT_B_UUID below
# Slots A/B (images/rootfs/usr/lib/junction-appliance/upgrade): the ESP has room for a second kernel (/junction-b);
# each slot's folder there holds `release`, the junction package's version in it.
#
# --config, --hostname, --authorized-keys: written into the seed partition (images/seed.sh does the same later,
# on the image or on the disk it was written to). --deb: a package made before (default: images/build-deb.sh, its
# version suffixed with --version-suffix: a second image to upgrade to, told apart by its version).
# --cache: where the Debian system is cached (DIR/cache).
# JUNCTION_IMAGE_CACHE_DAYS: how old the cached Debian system may be (7). Prints the image's size and the versions of the packages in it; keeps them in DIR/junction.packages.
set -euo pipefail
JUNCTION_HOME=${JUNCTION_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export JUNCTION_HOME
# shellcheck source=../scripts/lib.sh
source "$JUNCTION_HOME/scripts/lib.sh"
images="$JUNCTION_HOME/images"

out=/var/tmp/junction-image deb="" seed_args=() cache="" suffix=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    --deb) deb=${2:?--deb needs a .deb}; shift 2 ;;
    --cache) cache=${2:?--cache needs a folder}; shift 2 ;;
    --version-suffix) suffix=(--version-suffix "${2:?--version-suffix needs a suffix}"); shift 2 ;;
    --config|--hostname|--authorized-keys) seed_args+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    *) die "image: unknown argument '$1' (usage: ./junction image [--out DIR] [--cache DIR] [--config FILE] [--hostname NAME] [--authorized-keys FILE] [--deb FILE | --version-suffix S])" ;;
  esac
done
[ "$(id -u)" = 0 ] || die "image: mmdebstrap needs root here (it installs packages into a folder as root)"
for tool in mmdebstrap mkfs.ext4 mkfs.vfat mcopy sgdisk qemu-img; do
  command -v "$tool" >/dev/null || die "image: '$tool' is missing (./junction setup installs the image packages)"
done

# Fixed partition GUIDs: the kernel command line names root by PARTUUID; a disk written from this image has
# these too, and `junction upgrade` will know slot B by its own.
ROOT_A_UUID=6a756e63-7469-6f6e-0000-726f6f742d61   # "junction" "root-a" in hex, GPT type 8304 (x86-64 root)
ROOT_B_UUID=6a756e63-7469-6f6e-0000-726f6f742d62   # slot B, when `junction upgrade` makes it
ESP_MB=256 CFG_MB=16
# The packages of the system; the kernel's and DPDK's come with linux-image-amd64 and junction's Depends; fdisk
# (sfdisk) and e2fsprogs for `junction upgrade` (slot B's partition, the written slot's check and resize).
IMAGE_PACKAGES=(linux-image-amd64 systemd systemd-sysv systemd-boot initramfs-tools udev kmod iproute2
  openssh-server iputils-ping procps pciutils less fdisk e2fsprogs)
# Kernel modules of no use on a router, removed before the initrd is made (the image must stay under 1 GiB
# with two root slots): graphics, sound, video capture, radio, and drivers of buses a server does not have.
PRUNE_MODULES=(drivers/gpu drivers/media sound drivers/net/wireless net/wireless net/mac80211 net/bluetooth
  drivers/bluetooth drivers/staging drivers/infiniband drivers/iio drivers/isdn drivers/input/touchscreen
  drivers/input/joystick drivers/input/tablet drivers/hid/amd-sfh-hid drivers/platform/chrome
  drivers/memstick drivers/nfc net/nfc drivers/net/can net/can drivers/net/ieee802154 net/ieee802154
  drivers/net/wwan drivers/net/usb drivers/usb/gadget drivers/usb/serial drivers/usb/misc
  drivers/w1 drivers/hwmon/pmbus drivers/leds drivers/thunderbolt drivers/net/ethernet/mellanox/mlxsw
  fs/ocfs2 fs/gfs2 fs/btrfs fs/xfs fs/nfs fs/nfsd fs/ceph fs/cifs fs/smb fs/f2fs fs/reiserfs fs/jfs fs/nilfs2)

# Debian's own tools only: mmdebstrap's helpers run `python3` from PATH, and a pyenv shim there (these machines
# have one) costs a few processes per package and cannot see Debian's Python modules.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
started=$(date +%s)
mkdir -p "$out"
work=$(mktemp -d "$out/build.XXXXXX")
# --one-file-system: never into a /proc or /dev mmdebstrap may have left mounted in the folder when it failed
trap 'rm -rf --one-file-system "$work"' EXIT
if [ -z "$deb" ]; then
  deb=$("$images/build-deb.sh" --out "$work" "${suffix[@]}")
fi
[ -f "$deb" ] || die "image: no package at $deb"
deb=$(realpath "$deb")

# ---------------------------------------------------------------- the system, in a folder
# mmdebstrap installs Debian's packages, the junction package's dependencies among them, into a folder kept as a
# cache under DIR/cache, named by a hash of what went into it (a CI job keeps DIR/cache between runs); it is made
# again when older than JUNCTION_IMAGE_CACHE_DAYS (7: security updates). Then a copy of it gets the junction
# package (dpkg, offline), the files of images/rootfs and images/customize-rootfs.sh's changes.
depends=$(dpkg-deb -f "$deb" Depends | sed 's/([^)]*)//g; s/[[:space:]]//g')
cache_key=$(printf '%s\n' v1 "${IMAGE_PACKAGES[*]}" "$depends" | sha256sum | cut -c1-16)
cache=${cache:-$out/cache}
base="$cache/rootfs-$cache_key"
if [ -f "$base.made" ] && [ -n "$(find "$base.made" -mtime -"${JUNCTION_IMAGE_CACHE_DAYS:-7}" 2>/dev/null)" ]; then
  log "image: Debian's packages from the cache ($base)"
else
  rm -rf --one-file-system "$base" "$base.new" "$base.made"
  mkdir -p "$cache"
  log "image: mmdebstrap bookworm into $base"
  mmdebstrap --variant=minbase --include="$(IFS=,; echo "${IMAGE_PACKAGES[*]}"),$depends" \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    bookworm "$base.new" http://deb.debian.org/debian "deb http://deb.debian.org/debian-security bookworm-security main" \
    >"$work/mmdebstrap.log" 2>&1 || { tail -30 "$work/mmdebstrap.log" >&2; rm -rf --one-file-system "$base.new"; die "image: mmdebstrap failed (log above)"; }
  mv "$base.new" "$base"
  touch "$base.made"
fi
rootfs="$work/rootfs"
cp -a "$base" "$rootfs"
cp "$deb" "$rootfs/tmp/"
chroot "$rootfs" dpkg -i "/tmp/$(basename "$deb")" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; die "image: the junction package did not install"; }
rm -f "$rootfs"/tmp/*.deb
cp -a "$images/rootfs/." "$rootfs/"
"$images/customize-rootfs.sh" "$rootfs" "$ROOT_A_UUID" "${PRUNE_MODULES[@]}"
chroot "$rootfs" dpkg-query -W -f='${Package} ${Version}\n' >"$work/junction.packages"

# ---------------------------------------------------------------- the ESP: systemd-boot, the kernel of slot A
esp="$work/esp"
mkdir -p "$esp/EFI/BOOT" "$esp/EFI/systemd" "$esp/loader/entries" "$esp/junction-a"
cp "$rootfs/usr/lib/systemd/boot/efi/systemd-bootx64.efi" "$esp/EFI/BOOT/BOOTX64.EFI"
cp "$rootfs/usr/lib/systemd/boot/efi/systemd-bootx64.efi" "$esp/EFI/systemd/systemd-bootx64.efi"
kernel=$(cd "$rootfs/boot" && ls vmlinuz-* | sort -V | tail -1)
kversion=${kernel#vmlinuz-}
mv "$rootfs/boot/vmlinuz-$kversion" "$esp/junction-a/vmlinuz"
mv "$rootfs/boot/initrd.img-$kversion" "$esp/junction-a/initrd.img"
awk '$1 == "junction" {print $2}' "$work/junction.packages" >"$esp/junction-a/release"
rm -f "$rootfs"/boot/System.map-* "$rootfs"/vmlinuz* "$rootfs"/initrd.img*
cmdline="root=PARTUUID=$ROOT_A_UUID rw console=tty0 console=ttyS0,115200n8 panic=10"
printf 'default junction-a.conf\ntimeout 2\nconsole-mode keep\neditor no\n' >"$esp/loader/loader.conf"
printf 'title   Junction (slot A)\nversion %s\nlinux   /junction-a/vmlinuz\ninitrd  /junction-a/initrd.img\noptions %s\n' \
  "$kversion" "$cmdline" >"$esp/loader/entries/junction-a.conf"
fat_image() {  # fat_image FILE SIZE_MB LABEL FOLDER: a FAT filesystem image holding FOLDER's files
  local file=$1 mb=$2 label=$3 dir=$4 fat=()
  [ "$mb" -ge 64 ] && fat=(-F 32)
  mkfs.vfat "${fat[@]}" -n "$label" -i 4a4e4354 -C "$file" $((mb * 1024)) >/dev/null
  if [ -n "$(ls -A "$dir")" ]; then MTOOLS_SKIP_CHECK=1 mcopy -s -p -m -i "$file" "$dir"/* ::/; fi
}
fat_image "$work/esp.img" $ESP_MB ESP "$esp"

# ---------------------------------------------------------------- the seed partition
mkdir -p "$work/seed"
fat_image "$work/cfg.img" $CFG_MB JN-SEED "$work/seed"
if [ ${#seed_args[@]} -gt 0 ]; then "$images/seed.sh" "$work/cfg.img" "${seed_args[@]}"; fi

# ---------------------------------------------------------------- slot A: ext4 filled from the folder
used_kb=$(du -sk --apparent-size "$rootfs" | cut -f1)
# a quarter free for logs, the journal and state until they get a partition of their own; whole MiB
root_mb=$(( (used_kb * 5 / 4 / 1024 / 16 + 1) * 16 ))
mkfs.ext4 -q -L junction-root-a -U "$ROOT_A_UUID" -d "$rootfs" -E root_owner=0:0 "$work/root-a.img" "${root_mb}M" >/dev/null

# ---------------------------------------------------------------- the disk
total_mb=$((1 + ESP_MB + CFG_MB + root_mb + 1))
disk="$work/junction.raw"
truncate -s "${total_mb}M" "$disk"
sgdisk -o \
  -n 1:1M:+${ESP_MB}M -t 1:ef00 -c 1:ESP \
  -n 2:0:+${CFG_MB}M -t 2:0700 -c 2:JN-SEED \
  -n 3:0:+${root_mb}M -t 3:8304 -c 3:junction-root-a -u 3:$ROOT_A_UUID \
  "$disk" >/dev/null
put() {  # put PARTITION IMAGE: dd IMAGE into the disk at the partition's offset
  local start; start=$(sgdisk -i "$1" "$disk" | awk '/^First sector/ {print $3}')
  dd if="$2" of="$disk" bs=1M seek=$((start * 512 / 1048576)) conv=notrunc,sparse status=none
}
put 1 "$work/esp.img"; put 2 "$work/cfg.img"; put 3 "$work/root-a.img"
sgdisk -v "$disk" | grep -q 'No problems found' || die "image: sgdisk finds problems in $disk"

# ---------------------------------------------------------------- results
qemu-img convert -c -O qcow2 "$disk" "$work/junction.qcow2"
mv -f "$disk" "$work/junction.qcow2" "$work/junction.packages" "$out/"
size_mb=$(( $(stat -c %s "$out/junction.raw") / 1048576 ))
[ "$size_mb" -lt 1024 ] || die "image: $out/junction.raw is $size_mb MiB, over the 1 GiB bound"
log "image: packages in it ($out/junction.packages):"
grep -E '^(junction|linux-image-[0-9][^ ]*|librte-eal23|systemd|openssh-server|libc6|base-files) ' "$out/junction.packages" | sed 's/^/  /' >&2
log "image: $out/junction.raw: $size_mb MiB (root slot $root_mb MiB, $((used_kb / 1024)) MiB used), $out/junction.qcow2: $(( $(stat -c %s "$out/junction.qcow2") / 1048576 )) MiB; kernel $kversion; built in $(( $(date +%s) - started )) s"
echo "$out/junction.raw"
