#!/bin/sh
# Kernel memory a user pins through /dev/vac is charged to its memory
# cgroup and bounded (docs/protocol.md, "Memory"):
#  - per file: an unprivileged process fills 16 files (full reply queues,
#    a dump each, subscribed) in a cgroup without limit; the cgroup's
#    memory grows by more than nothing (it is charged) and by at most the
#    documented bound per file;
#  - in a cgroup limited to 4 MiB, a process asking for 100 such files
#    pins no more than that host-wide: requests then fail (answered
#    ENOMEM, or an answer that could not be allocated at all is reported
#    by read() as ENOBUFS, at once, instead of leaving a blocking reader
#    waiting forever), and nothing invokes the OOM killer;
#  - when the files are closed, memory.current goes back down.
# vac-memhog does the filling.
. /vac/tests/lib.sh

BOUND_KIB=480		# per open file, docs/protocol.md
LIMIT_KIB=4096
SLACK_KIB=4096		# unrelated host activity, per-CPU caches
STOCK_KIB=1024		# charges cached per CPU after the files are closed

vac_load
cgr=/sys/fs/cgroup
hog=
# A failed check must not leave vac-memhog holding vac.ko.
trap '[ -z "$hog" ] || kill "$hog" 2>/dev/null' EXIT
grep -q " $cgr cgroup2 " /proc/mounts || run mount -t cgroup2 none $cgr
echo +memory >$cgr/cgroup.subtree_control || fail "no memory controller"

# Entries for the dumps to snapshot.
i=0
while [ $i -lt 64 ]; do
	vacmsg set "mh$i" svm_asid=0 >/dev/null || fail "vacmsg set mh$i"
	i=$((i + 1))
done

memfree() {
	awk '$1 == "MemFree:" { print $2 }' /proc/meminfo
}

# hog CGROUP NFILES: start vac-memhog as vmm (group kvm) in CGROUP and wait
# until it holds everything; its output goes to $out, its pid to $hog.
hog() {
	out=/tmp/hog-$1.out
	sh -c "echo \$\$ >$cgr/$1/cgroup.procs && exec su -s /bin/sh vmm \
		-c 'exec /vac/bin/vac-memhog $2'" >"$out" 2>&1 &
	hog=$!
	until grep -q READY "$out" 2>/dev/null; do
		kill -0 $hog 2>/dev/null || { cat "$out"; fail "vac-memhog died"; }
		sleep 0.2
	done
	echo "# $(grep READY "$out")"
}

# unhog: make vac-memhog close its files, then end it.
unhog() {
	kill -USR1 $hog
	_i=0
	until grep -q CLOSED "$out"; do
		_i=$((_i + 1))
		[ $_i -lt 50 ] || { cat "$out"; fail "vac-memhog did not close"; }
		sleep 0.2
	done
}

endhog() {
	kill $hog
	wait $hog 2>/dev/null
}

field() {
	sed -n "s/.*READY.* $1=\([^ ]*\).*/\1/p" "$out"
}

# settle CGROUP MAX_BYTES: wait until memory.current <= MAX_BYTES (files
# are freed after close() returns: task work, RCU); print it.
settle() {
	_i=0
	while [ "$(cat "$cgr/$1/memory.current")" -gt "$2" ] && [ $_i -lt 25 ]; do
		_i=$((_i + 1))
		sleep 0.2
	done
	cat "$cgr/$1/memory.current"
}

note "per file, no limit"
mkdir -p $cgr/vacfile
hog vacfile 0
base=$(cat $cgr/vacfile/memory.current)
unhog
endhog
hog vacfile 16
cur=$(cat $cgr/vacfile/memory.current)
expect_eq "files" "$(field files)" 16
expect_eq "full reply queues" "$(field full)" 16
expect_eq "dumps" "$(field dumps)" 16
expect_eq "subscribed" "$(field subs)" 16
per=$(((cur - base) / 16 / 1024))
note "charged per file: $per KiB (bound $BOUND_KIB KiB)"
[ $per -ge 64 ] || fail "only $per KiB per file charged to the cgroup"
[ $per -le $BOUND_KIB ] || fail "$per KiB per file, above the bound"
unhog
after=$(settle vacfile $((base + STOCK_KIB * 1024)))
note "memory.current: $((base / 1024)) KiB without files," \
	"$((cur / 1024)) KiB with, $((after / 1024)) KiB once closed"
[ "$after" -le $((base + STOCK_KIB * 1024)) ] ||
	fail "memory.current stays at $after after the files were closed"
endhog

note "100 files in a cgroup limited to $LIMIT_KIB KiB"
mkdir -p $cgr/vachog
echo $((LIMIT_KIB * 1024)) >$cgr/vachog/memory.max
free0=$(memfree)
hog vachog 100
free1=$(memfree)
peak=$(cat $cgr/vachog/memory.peak 2>/dev/null || echo ?)
events=$(tr '\n' ' ' <$cgr/vachog/memory.events)
drop=$((free0 - free1))
note "host memory pinned: $drop KiB; cgroup peak $peak; events: $events"
expect_eq "reached the limit" "$(field at_limit)" 1
expect_eq "lost answer: blocking read()" "$(field probe)" ENOBUFS
[ $drop -le $((LIMIT_KIB + SLACK_KIB)) ] ||
	fail "$drop KiB pinned, more than the cgroup's $LIMIT_KIB KiB"
expect_match "no OOM kill" "$events" 'oom_kill 0'
run vacmsg version
unhog
after=$(settle vachog $((STOCK_KIB * 1024 + 1024 * 1024)))
note "memory.current once closed: $((after / 1024)) KiB"
[ "$after" -le $((STOCK_KIB * 1024 + 1024 * 1024)) ] ||
	fail "memory.current stays at $after after the files were closed"
endhog

rmdir $cgr/vachog $cgr/vacfile
i=0
while [ $i -lt 64 ]; do
	vacmsg del "mh$i" >/dev/null || fail "vacmsg del mh$i"
	i=$((i + 1))
done
