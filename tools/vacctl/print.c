// SPDX-License-Identifier: GPL-2.0
/*
 * Text / JSON printing for vacctl (see print.h).  The JSON writer keeps a
 * small stack of open containers to place commas, and indents with four
 * spaces when pretty.  Strings are escaped per RFC 8259.
 */
#include <string.h>

#include "print.h"

#define MAX_DEPTH	16

static struct {
	FILE *out;
	bool json, pretty;
	int depth;
	bool first[MAX_DEPTH];	/* no member written yet at this level */
} pr;

void print_init(FILE *out, bool json, bool pretty)
{
	pr.out = out;
	pr.json = json;
	pr.pretty = pretty;
	pr.depth = 0;
}

static void json_str(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', pr.out);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", pr.out);
			break;
		case '\\':
			fputs("\\\\", pr.out);
			break;
		case '\n':
			fputs("\\n", pr.out);
			break;
		case '\t':
			fputs("\\t", pr.out);
			break;
		case '\r':
			fputs("\\r", pr.out);
			break;
		default:
			if (*p < 0x20)
				fprintf(pr.out, "\\u%04x", *p);
			else
				fputc(*p, pr.out);
		}
	}
	fputc('"', pr.out);
}

static void indent(void)
{
	int i;

	if (!pr.pretty)
		return;
	fputc('\n', pr.out);
	for (i = 0; i < pr.depth; i++)
		fputs("    ", pr.out);
}

/* Separator and key before a member at the current level. */
static void member(const char *key)
{
	if (pr.depth > 0) {
		if (!pr.first[pr.depth])
			fputc(',', pr.out);
		pr.first[pr.depth] = false;
		indent();
	}
	if (key) {
		json_str(key);
		fputs(pr.pretty ? ": " : ":", pr.out);
	}
}

static void open_container(const char *key, char c)
{
	member(key);
	fputc(c, pr.out);
	if (pr.depth < MAX_DEPTH - 1)
		pr.depth++;
	pr.first[pr.depth] = true;
}

static void close_container(char c)
{
	bool empty = pr.first[pr.depth];

	if (pr.depth > 0)
		pr.depth--;
	if (!empty)
		indent();
	fputc(c, pr.out);
}

void print_start(void)
{
	if (pr.json) {
		pr.depth = 0;
		open_container(NULL, '{');
	}
}

void print_end(void)
{
	if (pr.json) {
		close_container('}');
		fputc('\n', pr.out);
	}
	fflush(pr.out);
}

void print_open_object(const char *key)
{
	if (pr.json)
		open_container(key, '{');
}

void print_close_object(void)
{
	if (pr.json)
		close_container('}');
}

void print_open_array(const char *key)
{
	if (pr.json)
		open_container(key, '[');
}

void print_close_array(void)
{
	if (pr.json)
		close_container(']');
}

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *value)
{
	if (pr.json && (t & PRINT_JSON)) {
		member(key);
		json_str(value);
	} else if (!pr.json && (t & PRINT_FP) && fmt) {
		fprintf(pr.out, fmt, value);
	}
}

void print_uint(enum output_type t, const char *key, const char *fmt,
		uint64_t value)
{
	if (pr.json && (t & PRINT_JSON)) {
		member(key);
		fprintf(pr.out, "%llu", (unsigned long long)value);
	} else if (!pr.json && (t & PRINT_FP) && fmt) {
		fprintf(pr.out, fmt, (unsigned long long)value);
	}
}

void print_bool(enum output_type t, const char *key, const char *fmt,
		bool value)
{
	if (pr.json && (t & PRINT_JSON)) {
		member(key);
		fputs(value ? "true" : "false", pr.out);
	} else if (!pr.json && (t & PRINT_FP) && fmt) {
		fprintf(pr.out, fmt, value ? "true" : "false");
	}
}

void print_nl(int ind)
{
	if (pr.json)
		return;
	fputc('\n', pr.out);
	fprintf(pr.out, "%*s", ind, "");
}
