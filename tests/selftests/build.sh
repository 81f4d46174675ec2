#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Build the upstream KVM selftests (x86_64) of the distribution's kernel
# source, statically linked, and stage the listed ones for the test VM.
#
#   build.sh build OUT TARBALL
#	Extract what the selftests need from TARBALL (Makefile, scripts,
#	include, arch/x86, tools, usr) into OUT/src, generate the uAPI
#	headers (make headers: OUT/src/usr/include, where the selftests look
#	for them) and build tools/testing/selftests/kvm with make -k
#	LDFLAGS=-static.  A test that does not build (6.1: dirty_log_test,
#	steal_time) is left out; every one that did is copied to OUT/bin,
#	and OUT/built lists them.  The project's own tests,
#	tests/selftests/x86_64/*.c (named vac_*), are added to the
#	Makefile's x86_64 tests first.  Starts from scratch each time.
#   build.sh stage OUT LIST DEST
#	Copy the tests LIST names from OUT/bin to DEST, stripped (static
#	binaries with debug info are 1.5 MB each), and LIST itself; DEST is
#	emptied first.  Fails if a listed test did not build.
#
# LIST: one test a line, "[solo] [retry] NAME [ARG]...", '#' starts a comment
# (tests/selftests/x86.list).  Environment: JOBS (default: nproc).
set -eu

here=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "selftests: error: $*" >&2
	exit 1
}

# What the selftests build needs (paths inside the tarball's top dir).
SRC_PATHS="Makefile scripts include arch/x86 tools usr"

# Tests named by LIST, one a line (after the markers solo and retry).
list_tests() {
	sed -e 's/#.*//' "$1" | awk '{
		n = 1
		while (n <= NF && ($n == "solo" || $n == "retry"))
			n++
		if (n <= NF)
			print $n
	}'
}

build() {
	out=$1 tarball=$2
	jobs=${JOBS:-$(nproc)}

	[ -r "$tarball" ] || die "kernel source $tarball not found (apt-get install linux-source-6.1)"
	rm -rf "${out:?}/src" "${out:?}/obj" "${out:?}/bin" "${out:?}/built"
	mkdir -p "$out/src" "$out/obj" "$out/bin"

	top=$(tar -tJf "$tarball" 2>/dev/null | head -n 1 | cut -d/ -f1) || true
	[ -n "$top" ] || die "cannot read $tarball"
	members=
	for p in $SRC_PATHS; do
		members="$members $top/$p"
	done
	echo "selftests: extracting $tarball"
	# shellcheck disable=SC2086
	tar -xJf "$tarball" -C "$out/src" --strip-components=1 $members ||
		die "extracting $tarball failed"

	# The project's own tests, built by the same Makefile and library.
	kvmdir="$out/src/tools/testing/selftests/kvm"
	for c in "$here"/x86_64/vac_*.c; do
		[ -f "$c" ] || continue
		cp "$c" "$kvmdir/x86_64/"
		t=x86_64/$(basename "$c" .c)
		sed -i "/^TEST_GEN_PROGS_x86_64 = /a TEST_GEN_PROGS_x86_64 += $t" \
			"$kvmdir/Makefile"
		grep -q "+= $t\$" "$kvmdir/Makefile" ||
			die "cannot add $t to the selftests Makefile"
	done

	# Our own -j: the caller's jobserver (CMake's make) is not passed on.
	echo "selftests: make headers"
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -C "$out/src" -j"$jobs" headers >"$out/headers.log" 2>&1 ||
		{ tail -n 30 "$out/headers.log" >&2; die "make headers failed"; }

	echo "selftests: make -C tools/testing/selftests/kvm (log: $out/build.log)"
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
		make -C "$out/src/tools/testing/selftests/kvm" -j"$jobs" -k \
		ARCH=x86_64 OUTPUT="$out/obj" LDFLAGS=-static \
		>"$out/build.log" 2>&1 || true

	# Every test the Makefile knows, built or not.
	names=$(env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s \
		--no-print-directory -C "$out/src/tools/testing/selftests/kvm" \
		ARCH=x86_64 -f Makefile -f - print-tests <<'EOF' 2>/dev/null
print-tests:
	@echo $(TEST_GEN_PROGS_x86_64)
EOF
	) || die "cannot list the tests of the selftests Makefile"
	missing=
	for t in $names; do
		if [ -x "$out/obj/$t" ]; then
			cp "$out/obj/$t" "$out/bin/"
			echo "${t##*/}" >>"$out/built"
		else
			missing="$missing ${t##*/}"
		fi
	done
	[ -s "$out/built" ] || { tail -n 30 "$out/build.log" >&2; die "no test built"; }
	echo "selftests: $(wc -l <"$out/built") tests built;" \
		"did not build:${missing:- none}"
}

stage() {
	out=$1 list=$2 dest=$3

	[ -f "$list" ] || die "no list $list"
	rm -rf "$dest"
	mkdir -p "$dest"
	n=0
	for t in $(list_tests "$list"); do
		[ -x "$out/bin/$t" ] ||
			die "$list names $t, which did not build (see $out/build.log)"
		strip -o "$dest/$t" "$out/bin/$t"
		n=$((n + 1))
	done
	cp "$list" "$dest/${list##*/}"
	echo "selftests: $n tests staged in $dest"
}

case ${1:-} in
build) [ $# = 3 ] || die "usage: build.sh build OUT TARBALL"; build "$2" "$3" ;;
stage) [ $# = 4 ] || die "usage: build.sh stage OUT LIST DEST"; stage "$2" "$3" "$4" ;;
*) die "usage: build.sh build OUT TARBALL | stage OUT LIST DEST" ;;
esac
