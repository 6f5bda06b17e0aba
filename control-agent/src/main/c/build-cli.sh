#!/bin/sh
# Builds junction-show, the thin client of `junction show` (junction-show.c; docs/cli.md "How show
# runs"), into the given directory, normally control-agent/target, where the launcher looks for it.
# Run by Maven (exec-maven-plugin, generate-resources), so `./junction build` and `setup` make it;
# usable by hand:
#   control-agent/src/main/c/build-cli.sh control-agent/target
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out_dir=${1:?usage: build-cli.sh OUTPUT_DIR}
src="$here/junction-show.c"
out="$out_dir/junction-show"
cc=${CC:-gcc}

command -v "$cc" >/dev/null || { echo "build-cli.sh: no C compiler ($cc): apt-get install -y gcc" >&2; exit 1; }
mkdir -p "$out_dir"
if [ -f "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$0" ]; then
    exit 0
fi
"$cc" -std=c11 -O2 -Wall -Wextra -Werror -Wshadow -Wconversion -D_FORTIFY_SOURCE=2 -fstack-protector-strong \
    -o "$out.tmp" "$src"
mv -f "$out.tmp" "$out"
