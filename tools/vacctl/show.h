/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VACCTL_SHOW_H
#define _VACCTL_SHOW_H

#include <stdbool.h>
#include <vac/libvac.h>

/*
 * Print one quota entry / instance as an object keyed by its name, its
 * spaces on lines of their own in text.  @header: also its state,
 * draining, VMs and vCPUs, and in text a first "NAME: state STATE
 * [draining] [vms N vcpus N]" part (events have the name on their own
 * line already).  @stats (-s): also each space's counter of refused
 * allocations ("exhausted").  The caller ends the last line.
 */
void show_entry(const struct vac_instance *e, bool header, bool stats);

/*
 * Print one vector as an element of an array: name, id (JSON), state,
 * IDT vector when it has one, its instances, and with @stats (-s) the
 * events each got ("count").  The caller ends the last line.
 */
void show_vector(const struct vac_vector *v, bool stats);

#endif /* _VACCTL_SHOW_H */
