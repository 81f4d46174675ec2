/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One printing path for text and JSON, after iproute2's print_* helpers.
 *
 * Every value is printed once with a type: PRINT_FP values appear only in
 * text output (formatted with fmt), PRINT_JSON values only in JSON output
 * (under key), PRINT_ANY in both.  Objects and arrays nest in JSON and are
 * invisible in text, where layout comes from the fmt strings and
 * print_nl().
 */
#ifndef _VACCTL_PRINT_H
#define _VACCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

void print_init(FILE *out, bool json, bool pretty);
/* Start / end one JSON document (a top-level object); text: nothing. */
void print_start(void);
void print_end(void);
void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);
void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value);
void print_uint(enum output_type t, const char *key, const char *fmt,
		uint64_t value);
void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value);
/* Text only: end the line (and indent the next by @indent spaces). */
void print_nl(int indent);

#endif /* _VACCTL_PRINT_H */
