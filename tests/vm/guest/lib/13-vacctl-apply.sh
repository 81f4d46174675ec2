#!/bin/sh
# vacctl save / apply: round trip; a bad file is reported as FILE:LINE and
# nothing is applied; a quota the kernel refuses midway rolls back the
# ones already applied.
. /vac/tests/lib/common.inc
lib_setup

vc 0 -j resource show
cap=$(jqv .resources.svm_asid.capacity)

vc 0 set-quota s1 svm_asid 2
vc 0 set-quota s2 svm_asid 1
vc 0 -j quota show
before=$(jqv -c .)
vc 0 save
printf '%s\n' "$OUT" >/tmp/saved.conf
vc 0 quota del s1
vc 0 quota del s2
vc 0 apply /tmp/saved.conf
vc 0 -j quota show
expect_eq "after save + del + apply" "$(jqv -c .)" "$before"

# A bad line: reported with its line number, nothing applied.
cat >/tmp/bad.conf <<'CONF'
# two good lines, then a typo
quota n1 svm_asid 1
quota n2 svm_asid 1

quota n3 svm_asid x
CONF
vc 1 apply /tmp/bad.conf
one_line_error
expect_eq "message" "$ERR" \
	"vacctl: /tmp/bad.conf:5: bad number 'x' for svm_asid (0 to 4294967295)"
vc 0 -j quota show
expect_eq "nothing applied" "$(jqv -c .)" "$before"

# Refused midway: s1 changed and n1 created, then n2 asks for more
# svm_asid than are left: both are rolled back.
cat >/tmp/over.conf <<CONF
quota s1 svm_asid 1
quota n1 svm_asid 1
quota n2 svm_asid $cap
CONF
vc 2 apply /tmp/over.conf
expect_match "refusal" "$ERR" "^vacctl: /tmp/over.conf:3: quota n2 refused: "
expect_match "rollback" "$ERR" "nothing applied \(2 quotas rolled back\)"
vc 0 -j quota show
expect_eq "rolled back" "$(jqv -c .)" "$before"

# stdin
echo "quota n4 svm_asid 1" | vacctl apply - || fail "apply -"
vc 0 -j quota show n4
expect_eq "n4 from stdin" "$(jqv .quotas.n4.svm_asid.quota)" 1
for n in s1 s2 n4; do vc 0 quota del $n; done
