/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/rculist.h>: liburcu's RCU lists. */
#ifndef _SHIM_LINUX_RCULIST_H
#define _SHIM_LINUX_RCULIST_H

#include <linux/list.h>
#include <linux/rcupdate.h>
#include <urcu/rculist.h>

#define list_add_rcu(n, h)		cds_list_add_rcu(n, h)
#define list_add_tail_rcu(n, h)		cds_list_add_tail_rcu(n, h)
#define list_del_rcu(e)			cds_list_del_rcu(e)
/* The kernel's optional lockdep condition is checked, then dropped. */
#define list_for_each_entry_rcu(p, h, m, ...) \
	cds_list_for_each_entry_rcu(p, h, m)

#endif
