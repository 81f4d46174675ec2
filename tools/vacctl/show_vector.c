// SPDX-License-Identifier: GPL-2.0
/*
 * One vector of vacctl vector show, in text and JSON (see show.h); apart
 * from the command so that tests/lib/vector-print-test can print canned
 * vectors without /dev/vac.
 *
 * Unlike quotas and instances, vectors are a JSON array, and so are their
 * instances: the order is information (vectors by id; instances in the
 * order they registered, which is the order vac.ko calls them).
 */
#include "print.h"
#include "show.h"

/*
 * One vector.  Text:
 *
 *	pmi: state active vector 2
 *	    instances: a b
 *	    a: count 12		(-s)
 *	    b: count 0		(-s)
 *
 * The counts are lines of their own, as ip -s adds lines, so that the
 * lines without -s read the same with it.  "vector" is left out when the
 * kernel sent none (as "range" and "pending" of a space), the
 * "instances:" line when the vector goes nowhere.
 */
void show_vector(const struct vac_vector *v, bool stats)
{
	const struct vac_vector_route *r;
	uint32_t i;

	print_open_object(NULL);
	print_string(PRINT_ANY, "name", "%s:", v->name);
	print_uint(PRINT_JSON, "id", NULL, v->id);
	print_string(PRINT_ANY, "state", " state %s",
		     vac_vector_state_to_name(v->state));
	if (v->number >= 0)
		print_uint(PRINT_ANY, "vector", " vector %llu", v->number);
	if (v->nr_routes) {
		print_nl(4);
		print_string(PRINT_FP, NULL, "%s", "instances:");
	}
	print_open_array("instances");
	for (i = 0; i < v->nr_routes; i++) {
		r = &v->routes[i];
		print_open_object(NULL);
		print_string(PRINT_ANY, "name", " %s", r->name);
		if (stats)
			print_uint(PRINT_JSON, "count", NULL, r->count);
		print_close_object();
	}
	print_close_array();
	for (i = 0; stats && i < v->nr_routes; i++) {
		r = &v->routes[i];
		print_nl(4);
		print_string(PRINT_FP, NULL, "%s:", r->name);
		print_uint(PRINT_FP, NULL, " count %llu", r->count);
	}
	print_close_object();
}
