#!/bin/sh
# vacctl's devlink-style conventions against the real /dev/vac:
# -s statistics, unique-prefix abbreviations (an ambiguous or unknown one is one error
# line, exit 1), -b FILE batches (stop at the first failure, which names
# the file and line; the commands before it took effect, the ones after
# did not), and monitor's object filter and -t timestamps.
. /vac/tests/lib/common.inc
lib_setup

# --- abbreviations ---------------------------------------------------------
vc 0 q se ab svm_asid 2
vc 0 -j q sh ab
expect_eq "quota set by 'q se'" "$(jqv .quotas.ab.svm_asid.quota)" 2
vc 0 -j quota list
expect_eq "quota list" "$(jqv '.quotas | keys | join(",")')" ab
vc 0 -j res s
expect_match "resource show by 'res s'" "$(jqv '.resources | keys | join(",")')" svm_asid
vc 0 i
# -s: the counters, as ip -s (text and JSON); without it, none.
vc 0 q sh ab
case $OUT in *exhausted*) fail "exhausted shown without -s" ;; esac
vc 0 -s q sh ab
expect_match "-s quota show" "$OUT" "svm_asid +quota 2 .*exhausted 0"
vc 0 -j q sh ab
expect_eq "JSON exhausted without -s" "$(jqv .quotas.ab.svm_asid.exhausted)" null
vc 0 -s -j q sh ab
expect_eq "JSON exhausted with -s" "$(jqv .quotas.ab.svm_asid.exhausted)" 0
vc 1 s
one_line_error
expect_eq "message" "$ERR" "vacctl: 's' is ambiguous (set-quota, save)"
vc 1 q s ab
one_line_error
expect_eq "message" "$ERR" "vacctl: quota: 's' is ambiguous (show, set)"
# "de" is del and delete, one command.
vc 0 q de ab
vc 0 -j quota show
expect_eq "entries after 'q de'" "$(jqv '.quotas | keys | length')" 0
# "dr" is drain, which needs a NAME: its usage.
vc 1 instance dr
expect_match "usage of instance drain" "$ERR" "vacctl instance drain NAME"
vc 1 quota frob
expect_eq "message" "$ERR" "vacctl: quota: unknown command 'frob' (try vacctl --help)"
echo "ok: abbreviations"

# --- batch -----------------------------------------------------------------
cat >/tmp/batch1 <<'B'
# two quotas, then a look at them
quota set b1 svm_asid 1
set-quota b2 svm_asid 1   # the old form still works

q sh b1
B
vc 0 -b /tmp/batch1
expect_match "batch output" "$OUT" "^b1: state configured"
vc 0 -j quota show
expect_eq "entries after the batch" "$(jqv '.quotas | keys | join(",")')" "b1,b2"

cat >/tmp/batch2 <<'B'
quota del b1
quota set b3 svm_asid 1000000
quota del b2
B
vc 2 -b /tmp/batch2
one_line_error
expect_match "message" "$ERR" "^vacctl: /tmp/batch2:2: "
vc 0 -j quota show
expect_eq "entries after the failed batch" "$(jqv '.quotas | keys | join(",")')" b2

printf 'quota del b2\nexec b2 -- true\nquota set b4 svm_asid 1\n' >/tmp/batch3
vc 1 -b /tmp/batch3
expect_eq "message" "$ERR" "vacctl: /tmp/batch3:2: exec does not run in a batch"
printf 'quota set b5 svm_asid 1\n' | vacctl -b - || fail "batch from stdin"
vc 0 -j quota show
expect_eq "entries after batches 3 and stdin" "$(jqv '.quotas | keys | join(",")')" b5
vc 1 -b /nonexistent
one_line_error
vc 1 -b /tmp/batch1 quota show
one_line_error
vc 0 q del b5
echo "ok: batches"

# --- monitor: object filter and timestamps ----------------------------------

# Only instance events: the quota changes must not show, the test
# instance's registration must.
have_module vac_test_instance || fail "vac_test_instance.ko missing"
vacctl -j monitor -t instance count 2 >/tmp/mon.json 2>/tmp/mon.err &
pid=$!
wait_ready /tmp/mon.err
vc 0 quota set t1 svm_asid 1
vc 0 quota del t1
vc 0 quota set vt svm_asid 1
load_module vac_test_instance name=vt
unload_module vac_test_instance
wait $pid
expect_eq "monitor exit" "$?" 0
OUT=$(cat /tmp/mon.json)
expect_eq "events" "$(jqv .event | tr '\n' ' ')" "instance-up instance-down "
expect_eq "names" "$(jqv .name | sort -u)" vt
expect_match "timestamp" "$(jqv .timestamp | head -n 1)" \
	'^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{6}Z$'

vacctl monitor -t quota count 1 >/tmp/mon.txt 2>/tmp/mon2.err &
pid=$!
wait_ready /tmp/mon2.err
load_module vac_test_instance name=vt
unload_module vac_test_instance
vc 0 quota del vt
wait $pid
cat /tmp/mon.txt
expect_match "text event with its time" "$(cat /tmp/mon.txt)" \
	'^\[20[0-9-]+T[0-9:.]+Z\] quota-del vt$'
echo "ok: monitor filter and timestamps"
