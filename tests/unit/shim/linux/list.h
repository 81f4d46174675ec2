/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/list.h>: liburcu's lists under kernel names. */
#ifndef _SHIM_LINUX_LIST_H
#define _SHIM_LINUX_LIST_H

#include <urcu/list.h>

#define list_head			cds_list_head
#define LIST_HEAD(name)			CDS_LIST_HEAD(name)
#define INIT_LIST_HEAD(p)		CDS_INIT_LIST_HEAD(p)
#define list_add(n, h)			cds_list_add(n, h)
#define list_add_tail(n, h)		cds_list_add_tail(n, h)
#define list_del(e)			cds_list_del(e)
#define list_empty(h)			cds_list_empty(h)
#define list_entry(p, t, m)		cds_list_entry(p, t, m)
#define list_first_entry(p, t, m)	cds_list_first_entry(p, t, m)
#define list_for_each_entry(p, h, m)	cds_list_for_each_entry(p, h, m)
#define list_for_each_entry_safe(p, n, h, m) \
	cds_list_for_each_entry_safe(p, n, h, m)

#endif
