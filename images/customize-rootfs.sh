#!/bin/bash
# images/customize-rootfs.sh ROOTFS ROOT_PARTUUID MODULE-DIR...: mmdebstrap's customize hook (images/build-image.sh).
# Turns the installed folder into the appliance: mounts, serial console, the units of the seed and the NICs, no
# SSH host keys (each box makes its own on first boot), no root password (SSH keys from the seed), the kernel
# modules a router never loads removed.
set -euo pipefail
root=$1 partuuid=$2; shift 2

cat >"$root/etc/fstab" <<FSTAB
# The appliance's disk (docs/appliance.md): slot A is the root; the ESP carries the kernels of both slots.
PARTUUID=$partuuid  /          ext4  rw,noatime,errors=remount-ro  0 1
PARTLABEL=ESP       /boot/efi  vfat  umask=0077,noauto,x-systemd.automount  0 2
FSTAB
mkdir -p "$root/boot/efi"
echo junction >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 junction\n::1 localhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
: >"$root/etc/machine-id"           # systemd makes one on first boot: each box its own
rm -f "$root"/etc/ssh/ssh_host_*    # junction-seed.service makes them on first boot
mkdir -p "$root/etc/ssh/sshd_config.d"
printf '# The appliance: root by key only (keys from the seed, docs/appliance.md).\nPermitRootLogin prohibit-password\nPasswordAuthentication no\nUseDNS no\n' \
  >"$root/etc/ssh/sshd_config.d/junction.conf"
passwd -R "$root" -l root >/dev/null
# Serial console: the kernel's console=ttyS0 starts serial-getty@ttyS0 by itself; the journal is kept in RAM and
# on disk, bounded.
mkdir -p "$root/etc/systemd/journald.conf.d"
printf '[Journal]\nSystemMaxUse=64M\n' >"$root/etc/systemd/journald.conf.d/junction.conf"
chroot "$root" systemctl enable -q junction-seed.service junction-nics.service
# A/B upgrades (docs/appliance.md "Upgrade"): the health check and the commit of a slot on trial hang off
# boot-complete.target, which only a boot-counted boot pulls in.
chroot "$root" systemctl enable -q junction-health.service junction-slot-commit.service
# The API asks for upgrades through junction-upgrade.socket (its control plane, user junction, may not write disks).
chroot "$root" systemctl enable -q junction-upgrade.socket
# An empty machine-id makes this boot a first boot, where systemd-firstboot would ask on the console for a
# locale, a time zone and a root password: the seed answers what the appliance needs, nothing may wait for a key.
chroot "$root" systemctl mask -q systemd-firstboot.service
# Nothing of systemd's that waits for a network the kernel does not manage (the ports belong to DPDK).
chroot "$root" systemctl mask -q systemd-networkd-wait-online.service 2>/dev/null || true

for kdir in "$root"/lib/modules/*/; do
  for m in "$@"; do rm -rf "${kdir}kernel/$m"; done
  chroot "$root" depmod "$(basename "$kdir")"
done
rm -rf "$root"/usr/lib/firmware/* "$root"/lib/firmware/* 2>/dev/null || true
# The initrd (made when the kernel was installed, MODULES=most: the drivers to find the root on any disk
# controller) is not made again: none of the pruned folders holds a storage driver, and a second mkinitramfs
# costs minutes.
rm -rf "$root"/var/cache/apt/* "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/tmp/*
