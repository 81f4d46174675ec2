#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build (once) a debug kernel from Debian's linux-source-6.1 for the test
# VM, and print the directory that holds it.
#
#   scripts/debug-kernel.sh [TARBALL]      (default /usr/src/linux-source-6.1.tar.xz)
#
# The kernel is x86_64_defconfig plus scripts/debug-kernel.config: KASAN,
# lockdep (PROVE_LOCKING, PROVE_RCU), DEBUG_ATOMIC_SLEEP, KMEMLEAK,
# DEBUG_OBJECTS, the lockup and hung-task detectors, and what the VM tests
# need (KVM as modules, SEV for the instance build, msr, devtmpfs).  It is
# built outside any build directory, in a cache keyed by the tarball (name,
# size, mtime), the config fragment and this script:
#
#   $VAC_CACHE_DIR, else $XDG_CACHE_HOME/vac, else /var/cache/vac (root) or
#   ~/.cache/vac, then debug-kernel/KEY/ with
#     linux/                      the configured and built tree (VAC_KDIR)
#     vmlinuz-RELEASE             the image (run-vm.sh -k)
#     root/lib/modules/RELEASE/   its modules (run-vm.sh --modroot root)
#     release                     RELEASE
#
# An entry is complete once its file "release" exists (written last; an
# entry without it is rebuilt from scratch); concurrent callers wait for
# each other (flock).  Old entries are
# not removed: delete debug-kernel/ to reclaim the space (about 3 GB each).
# A build takes about 12 minutes on 2 cores.  JOBS sets make -j (nproc).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
tarball=${1:-/usr/src/linux-source-6.1.tar.xz}
frag=$here/debug-kernel.config
[ -r "$tarball" ] || { echo "debug-kernel: no $tarball (apt-get install linux-source-6.1)" >&2; exit 1; }

if [ -n "${VAC_CACHE_DIR:-}" ]; then
	cache=$VAC_CACHE_DIR
elif [ -n "${XDG_CACHE_HOME:-}" ]; then
	cache=$XDG_CACHE_HOME/vac
elif [ "$(id -u)" = 0 ]; then
	cache=/var/cache/vac
else
	cache=$HOME/.cache/vac
fi
key=$( (stat -L -c '%n %s %Y' "$tarball"; cat "$frag" "$0") | sha256sum |
	cut -c1-16)
top=$cache/debug-kernel
dir=$top/$key
mkdir -p "$top"

exec 9>"$top/.lock"
flock 9
if [ -f "$dir/release" ]; then
	echo "$dir"
	exit 0
fi

log=$top/$key.log
echo "debug-kernel: building $tarball into $dir (log: $log)" >&2
rm -rf "$dir"
mkdir -p "$dir"
start=$(date +%s)
{
	tar -xJf "$tarball" -C "$dir"
	mv "$dir"/linux-source-* "$dir/linux"
	cd "$dir/linux"
	make -s x86_64_defconfig
	# One option per line: NAME=VALUE (y, m, n, a number or a string).
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$frag" | while IFS='=' read -r n v; do
		case $v in
		y) scripts/config --enable "$n" ;;
		m) scripts/config --module "$n" ;;
		n) scripts/config --disable "$n" ;;
		\"*) scripts/config --set-str "$n" "$(echo "$v" | tr -d '"')" ;;
		*) scripts/config --set-val "$n" "$v" ;;
		esac
	done
	make -s olddefconfig
	# Every option of the fragment must have survived olddefconfig.
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$frag" | while IFS='=' read -r n v; do
		got=$(scripts/config --state "$n")
		case $v in
		n) [ "$got" = undef ] || [ "$got" = n ] ;;
		*) [ "$got" = "$(echo "$v" | tr -d '"')" ] ;;
		esac || { echo "debug-kernel: $n=$v did not stick (got $got)"; exit 1; }
	done
	make -j"${JOBS:-$(nproc)}" bzImage modules
	rel=$(make -s kernelrelease)
	make -s INSTALL_MOD_PATH="$dir/root" INSTALL_MOD_STRIP=1 \
		modules_install
	cp arch/x86/boot/bzImage "$dir/vmlinuz-$rel"
	echo "$rel" >"$dir/release"
} >"$log" 2>&1 || {
	echo "debug-kernel: build failed; tail of $log:" >&2
	tail -n 30 "$log" >&2
	exit 1
}
echo "debug-kernel: built $(cat "$dir/release") in $(($(date +%s) - start))s" >&2
echo "$dir"
