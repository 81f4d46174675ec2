// SPDX-License-Identifier: GPL-2.0
/*
 * vac_test_instance2.ko: the same test instance under a second module
 * name, so that the VM tests can load two instances at once.
 */
#include "vac_test_instance.c"
