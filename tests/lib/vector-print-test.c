// SPDX-License-Identifier: GPL-2.0
/*
 * vector-print-test: vacctl vector show's printing (tools/vacctl/
 * show_vector.c) of canned vectors, as vac.ko reports them with two test
 * instances, for test_vector_print.sh (text exact, JSON through jq).
 *   vector-print-test text|json|pretty [stats]
 */
#include <string.h>

#include "print.h"
#include "show.h"

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "text";
	bool stats = argc > 2 && !strcmp(argv[2], "stats");
	struct vac_vector_route pmi[] = {
		{ .name = "ta", .count = 12 },
		{ .name = "tb", .count = 0 },
	}, piw[] = {
		{ .name = "ta", .count = 4294967296ULL },	/* past u32 */
		{ .name = "tb", .count = 3 },
	};
	const struct vac_vector v[] = {
		{ .id = VAC_VECTOR_PMI, .name = "pmi",
		  .state = VAC_VECTOR_ACTIVE, .number = 2,
		  .nr_routes = 2, .routes = pmi },
		{ .id = VAC_VECTOR_PI_WAKEUP, .name = "pi_wakeup",
		  .state = VAC_VECTOR_ACTIVE, .number = 0xf1,
		  .nr_routes = 2, .routes = piw },
		{ .id = VAC_VECTOR_GA_LOG, .name = "ga_log",
		  .state = VAC_VECTOR_ABSENT, .number = -1 },
		/* From a newer kernel: a state this vacctl does not know. */
		{ .id = 7, .name = "new", .state = 9, .number = 0 },
	};
	size_t i;

	print_init(stdout, strcmp(mode, "text") != 0, !strcmp(mode, "pretty"));
	print_start();
	print_open_array("vectors");
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		show_vector(&v[i], stats);
		print_nl(0);
	}
	print_close_array();
	print_end();
	return 0;
}
