// SPDX-License-Identifier: GPL-2.0
/*
 * print-test: drives vacctl's text/JSON print layer (tools/vacctl/print.c)
 * for test_print.sh, which checks the JSON with jq and the text exactly.
 *   print-test text|json|pretty
 */
#include <string.h>

#include "print.h"

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "text";

	print_init(stdout, strcmp(mode, "text") != 0, !strcmp(mode, "pretty"));
	print_start();
	print_open_object("outer");
	print_string(PRINT_ANY, "name", "name %s", "q\"uo\\te\n\ttab\x01");
	print_uint(PRINT_ANY, "big", " big %llu", 4294967295ULL);
	print_uint(PRINT_JSON, "json_only", " NOT-IN-TEXT %llu", 1);
	print_uint(PRINT_FP, "text_only", " text_only %llu", 2);
	print_bool(PRINT_ANY, "flag", " flag %s", true);
	print_nl(4);
	print_open_object("empty");
	print_close_object();
	print_open_array("list");
	print_open_object(NULL);
	print_uint(PRINT_ANY, "i", "i %llu", 0);
	print_close_object();
	print_open_object(NULL);
	print_uint(PRINT_ANY, "i", " i %llu", 1);
	print_close_object();
	print_close_array();
	print_open_array("none");
	print_close_array();
	print_close_object();
	print_nl(0);
	print_end();
	return 0;
}
