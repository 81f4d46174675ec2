// SPDX-License-Identifier: GPL-2.0
/*
 * Command words and their abbreviations: as with ip and devlink, a
 * command may be shortened to any prefix that names only one command
 * ("vacctl q sh" is "vacctl quota show").  A word equal to a command is
 * that command even when it is also the prefix of another.
 */
#include <string.h>

#include "vacctl.h"

#define AMBIGUOUS	(-2)

int vacctl_lookup(const char *what, const char *arg,
		  const struct vacctl_word *words, size_t n)
{
	size_t len = strlen(arg), i;
	char names[256] = "";
	int found = -1;

	for (i = 0; i < n; i++) {
		if (!strcmp(arg, words[i].name))
			return words[i].id;
	}
	for (i = 0; len && i < n; i++) {
		if (strncmp(arg, words[i].name, len))
			continue;
		/* Aliases of one command ("del", "delete") are one match. */
		if (words[i].id == found)
			continue;
		found = found == -1 ? words[i].id : AMBIGUOUS;
		if (strlen(names) + strlen(words[i].name) + 3 < sizeof(names)) {
			if (names[0])
				strcat(names, ", ");
			strcat(names, words[i].name);
		}
	}
	if (found == AMBIGUOUS) {
		vacctl_err(VACCTL_USAGE, "%s%s'%s' is ambiguous (%s)",
			   what ? what : "", what ? ": " : "", arg, names);
		return -1;
	}
	if (found < 0)
		vacctl_err(VACCTL_USAGE, "%s%sunknown command '%s' (try vacctl --help)",
			   what ? what : "", what ? ": " : "", arg);
	return found;
}
