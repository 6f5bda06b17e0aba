#!/bin/bash
# ./junction image seed TARGET [--config FILE] [--hostname NAME] [--authorized-keys FILE]
# Writes the seed the appliance applies at boot (docs/appliance.md "The seed") into the JN-SEED partition of
# TARGET: an image (junction.raw), a disk it was written to (/dev/sdX), or that partition itself (/dev/sdX2, or a
# FAT image). No mount: mtools at the partition's offset. Files given replace those in the seed; others stay.
# The partition is plain FAT: any machine can also mount it and edit the three files by hand.
set -euo pipefail
die() { echo "junction image seed: $*" >&2; exit 1; }
usage="usage: ./junction image seed TARGET [--config FILE] [--hostname NAME] [--authorized-keys FILE]"
target=${1:?$usage}; shift
config="" hostname="" keys=""
while [ $# -gt 0 ]; do
  case $1 in
    --config) config=${2:?--config needs a file}; shift 2 ;;
    --hostname) hostname=${2:?--hostname needs a name}; shift 2 ;;
    --authorized-keys) keys=${2:?--authorized-keys needs a file}; shift 2 ;;
    *) die "unknown argument '$1' ($usage)" ;;
  esac
done
[ -e "$target" ] || die "$target does not exist"
[ -z "$config" ] || [ -f "$config" ] || die "no configuration at $config"
[ -z "$keys" ] || [ -f "$keys" ] || die "no keys at $keys"
if [ -n "$hostname" ] && ! [[ $hostname =~ ^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$ ]]; then
  die "'$hostname' is not a valid host name"
fi
if [ -n "$config" ] && ! grep -qE '^name:[[:space:]]*["'"'"']?[a-z0-9-]{1,32}' "$config"; then
  die "$config has no 'name:' line: the router's name names its units (junction-dataplane@NAME)"
fi

# The partition: the one named JN-SEED in TARGET's GPT, else TARGET is the FAT filesystem itself.
fs=$target
number=$(sgdisk -p "$target" 2>/dev/null | awk '$NF == "JN-SEED" {print $1; exit}') || true
if [ -n "$number" ]; then
  start=$(sgdisk -i "$number" "$target" | awk '/^First sector/ {print $3}')
  fs="$target@@$((start * 512))"
fi
export MTOOLS_SKIP_CHECK=1
label=$(mlabel -s -i "$fs" :: 2>/dev/null | sed 's/.*is //; s/[[:space:]]*$//') || true
[ "$label" = JN-SEED ] || die "$target holds no FAT filesystem labelled JN-SEED (found '${label:-none}')"

put() { mcopy -o -i "$fs" "$1" "::/$2"; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
[ -z "$config" ] || put "$config" junction.yaml
[ -z "$keys" ] || put "$keys" authorized_keys
if [ -n "$hostname" ]; then echo "$hostname" >"$tmp/hostname"; put "$tmp/hostname" hostname; fi
echo "junction image seed: $target's JN-SEED now holds: $(mdir -b -i "$fs" :: | sed 's|^::/||' | paste -sd' ')" >&2
