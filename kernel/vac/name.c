// SPDX-License-Identifier: GPL-2.0
/*
 * VAC broker core: instance names.
 *
 * A name becomes part of a device path (/dev/kvm-NAME), a module name
 * (kvm-amd-NAME.ko) and a sysfs directory, so it is kept to a small,
 * unambiguous alphabet.
 *
 * Locking: none; pure function of its argument.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "vac_core.h"

static bool vac_name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

int vac_name_validate(const char *name, struct vac_extack *ea)
{
	size_t len, i;

	vac_extack_reset(ea);
	if (!name || !name[0]) {
		vac_extack_set(ea, -1, "instance name is empty");
		return -EINVAL;
	}
	len = strnlen(name, VAC_NAME_LEN);
	if (len >= VAC_NAME_LEN) {
		vac_extack_set(ea, -1,
			       "instance name is too long: at most %d characters",
			       VAC_NAME_LEN - 1);
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = name[i];

		if (vac_name_char_ok(c))
			continue;
		if (c >= 0x20 && c < 0x7f)
			vac_extack_set(ea, -1,
				       "bad character '%c' at position %zu of instance name (allowed: a-z 0-9 _ -)",
				       c, i);
		else
			vac_extack_set(ea, -1,
				       "bad character 0x%02x at position %zu of instance name (allowed: a-z 0-9 _ -)",
				       c, i);
		return -EINVAL;
	}
	if (name[0] == '_' || name[0] == '-') {
		vac_extack_set(ea, -1,
			       "instance name must start with a letter or a digit, not '%c'",
			       name[0]);
		return -EINVAL;
	}
	return 0;
}
