#!/bin/sh
# Every file under /sys/kernel/vac/resources and /instances holds one value
# and agrees with the /dev/vac answers, for configured entries and for a
# live instance (tests/vm/modules/vac_test_instance.ko) with a carved
# svm_asid range.
. /vac/tests/lib.sh

unload_module vac_test_instance
vac_unload
vac_load

# compare DIR OUT: every SPACE.FIELD=V word of the vacmsg line OUT names the
# file DIR/SPACE/FIELD, which must hold V (one awk for all the files:
# processes are slow under TCG).  Also state, draining, vms, vcpus,
# version and srcversion against the files of that name in DIR.
compare() {
	echo "$2" | tr ' ' '\n' | awk -F= -v d="$1" '
		$1 ~ /^[a-z_]+\.[a-z_]+$/ ||
		$1 ~ /^(state|draining|vms|vcpus|version|srcversion)$/ {
			split($1, k, ".")
			p = k[2] == "" ? d "/" $1 : d "/" k[1] "/" k[2]
			got = "(missing)"
			if ((getline got < p) <= 0)
				got = "(missing)"
			close(p)
			if (got != $2) {
				print "FAIL: " p ": sysfs " got ", protocol " $2
				bad++
			} else {
				n++
			}
		}
		END {
			print "compared " n + bad " files with the protocol"
			exit bad != 0 || n == 0
		}' || fail "sysfs and protocol disagree under $1"
}

# agree NAME: instances/NAME/* against GET_QUOTA NAME, and the file set.
agree() {
	out=$(vacmsg get "$1") || fail "get $1: $out"
	echo "$out"
	d=$VAC_SYSFS/instances/$1
	compare $d "$out"
	for s in vpid svm_asid sev_asid sev_es_asid ga_vm_id; do
		files="exhausted quota used"
		[ $s = svm_asid ] || [ $s = ga_vm_id ] &&
			files="exhausted pending quota range_first range_last used"
		expect_eq "files of $d/$s" "$(echo $(ls $d/$s))" "$files"
	done
}

# resources_agree: resources/* against GET_RESOURCES.
resources_agree() {
	out=$(vacmsg resources) || fail "resources: $out"
	echo "$out"
	compare $VAC_SYSFS/resources "$out"
}

run vacmsg set sa svm_asid=4
run vacmsg set sb svm_asid=2
run vacmsg set sb svm_asid=3
agree sa
agree sb
resources_agree

# One value per file: a single line, a number or a state word (version
# and srcversion: a word, empty unless live).
awk '{ n[FILENAME]++ }
     FILENAME ~ /\/(src)?version$/ && /^[^ ]*$/ { next }
     !/^([0-9]+|configured|live)$/ { print "FAIL: " FILENAME ": " $0; bad++ }
     END {
	for (i = 1; i < ARGC; i++)
		if (n[ARGV[i]] != 1) {
			print "FAIL: " ARGV[i] ": " n[ARGV[i]] + 0 " lines"
			bad++
		}
	print ARGC - 1 " files checked"
	exit bad != 0
     }' $(find $VAC_SYSFS/resources $VAC_SYSFS/instances -type f) ||
	fail "sysfs files with other than one value"

# A live instance: state, used and the carved range.
ko=$VAC_MODULES/vac_test_instance.ko
[ -f $ko ] || fail "no $ko (built by tests/vm/modules)"
run insmod $ko name=sa
expect_file_eq $VAC_SYSFS/instances/sa/state live
# What the module is: its MODULE_VERSION and srcversion.
expect_file_eq $VAC_SYSFS/instances/sa/version \
	"$(cat /sys/module/vac_test_instance/version)"
expect_file_eq $VAC_SYSFS/instances/sa/srcversion \
	"$(cat /sys/module/vac_test_instance/srcversion)"
expect_match "GET_QUOTA sa" "$(vacmsg get sa)" \
	" version=$(cat /sys/module/vac_test_instance/version) srcversion=[0-9A-F]+ "
agree sa
out=$(vacmsg inst sa)
expect_match "GET_INSTANCE sa" "$out" '^GET_INSTANCE .*name=sa state=live'
first=$(cat $VAC_SYSFS/instances/sa/svm_asid/range_first)
last=$(cat $VAC_SYSFS/instances/sa/svm_asid/range_last)
expect_eq "range size" $((last - first + 1)) 4
resources_agree
# The live instance's range size changes only at its next registration.
run vacmsg set sa svm_asid=5
expect_file_eq $VAC_SYSFS/instances/sa/svm_asid/quota 4
expect_file_eq $VAC_SYSFS/instances/sa/svm_asid/pending 5
agree sa
run rmmod vac_test_instance
expect_file_eq $VAC_SYSFS/instances/sa/state configured
expect_file_eq $VAC_SYSFS/instances/sa/version ""
expect_file_eq $VAC_SYSFS/instances/sa/srcversion ""
agree sa
resources_agree

run vacmsg del sa
run vacmsg del sb
[ -e $VAC_SYSFS/instances/sa ] && fail "instances/sa left"
expect_eq "instances left" "$(ls $VAC_SYSFS/instances | wc -l)" 0
true
