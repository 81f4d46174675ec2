// SPDX-License-Identifier: GPL-2.0
/*
 * vacctl vector show [NAME]: the single-owner interrupt hooks vac.ko
 * holds for the instances (pmi, pi_wakeup, ga_log), and the instances
 * their events go to.  Printed by show_vector.c.
 */
#include <stdio.h>

#include "print.h"
#include "show.h"
#include "vacctl.h"

static const char vector_help[] =
	"Usage: vacctl vector show [NAME]\n"
	"The interrupt hooks VAC holds for the KVM instances (pmi, pi_wakeup,\n"
	"ga_log): state (active, unused, absent), IDT vector, and the\n"
	"instances their events go to; with -s, the events each got.\n";

static int show_vectors(struct vacctl *c, int argc, char **argv)
{
	const char *name = argc > 0 ? argv[0] : NULL;
	struct vac_vector one, *list = &one;
	size_t n = 1, i;
	int err;

	if (vacctl_is_help(name)) {
		fputs(vector_help, stdout);
		return VACCTL_OK;
	}
	if (argc > 1)
		return vacctl_err(VACCTL_USAGE, "vector show: unexpected '%s'",
				  argv[1]);
	if (!vacctl_handle(c))
		return VACCTL_SYSTEM;
	if (name)
		err = vac_vector_get(c->h, name, &one);
	else
		err = vac_vector_list(c->h, &list, &n);
	if (err)
		return vacctl_fail(c, "vector show", err);

	print_start();
	print_open_array("vectors");
	for (i = 0; i < n; i++) {
		show_vector(&list[i], c->stats);
		print_nl(0);
	}
	print_close_array();
	print_end();
	if (list == &one)
		vac_vector_free(&one);
	else
		vac_vector_list_free(list, n);
	return VACCTL_OK;
}

static const struct vacctl_word vector_words[] = {
	{ "show", 0 },
	{ "list", 0 },
};

int cmd_vector(struct vacctl *c, int argc, char **argv)
{
	if (argc > 0 && vacctl_is_help(argv[0])) {
		fputs(vector_help, stdout);
		return VACCTL_OK;
	}
	if (argc == 0)
		return show_vectors(c, 0, argv);
	if (vacctl_lookup("vector", argv[0], VACCTL_WORDS(vector_words)) < 0)
		return VACCTL_USAGE;
	return show_vectors(c, argc - 1, argv + 1);
}
