// SPDX-License-Identifier: GPL-2.0
/*
 * Runner of the libvac host tests: libvac-tests [SUITE], SUITE one of
 * msg, io, config (all when omitted).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Suite *msg_suite(void);
Suite *io_suite(void);
Suite *config_suite(void);

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		Suite *(*fn)(void);
	} suites[] = {
		{ "msg", msg_suite },
		{ "io", io_suite },
		{ "config", config_suite },
	};
	SRunner *sr = NULL;
	size_t i;
	int failed;

	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		if (argc > 1 && strcmp(argv[1], suites[i].name))
			continue;
		if (!sr)
			sr = srunner_create(suites[i].fn());
		else
			srunner_add_suite(sr, suites[i].fn());
	}
	if (!sr) {
		fprintf(stderr, "usage: %s [msg|io|config]\n", argv[0]);
		return 2;
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
