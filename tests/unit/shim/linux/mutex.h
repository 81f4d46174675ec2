/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim of <linux/mutex.h> (and, in spinlock.h, spinlock_t):
 * pthread mutexes that remember their owner, so that lockdep_is_held()
 * and lockdep_assert_held() mean what they mean in the kernel.
 */
#ifndef _SHIM_LINUX_MUTEX_H
#define _SHIM_LINUX_MUTEX_H

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>

struct shim_lock {
	pthread_mutex_t m;
	pthread_t owner;
	bool held;
};

static inline void shim_lock_init(struct shim_lock *l)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	/* Recursion or unlock by a non-owner is a bug: make it fail. */
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&l->m, &a);
	pthread_mutexattr_destroy(&a);
	l->held = false;
}

/*
 * Test hook, NULL by default: called before every acquisition and after
 * every release of any lock, in the thread doing it, so that a test can
 * run code at an exact point of an interleaving (see test_reclaim.c).
 */
extern void (*shim_lock_hook)(struct shim_lock *l, bool acquire);

static inline void shim_lock_acquire(struct shim_lock *l)
{
	if (shim_lock_hook)
		shim_lock_hook(l, true);
	if (pthread_mutex_lock(&l->m)) {
		fprintf(stderr, "shim: lock recursion or corrupt lock\n");
		abort();
	}
	l->owner = pthread_self();
	l->held = true;
}

static inline void shim_lock_release(struct shim_lock *l)
{
	l->held = false;
	if (pthread_mutex_unlock(&l->m)) {
		fprintf(stderr, "shim: unlock of a lock not held\n");
		abort();
	}
	if (shim_lock_hook)
		shim_lock_hook(l, false);
}

static inline bool shim_lock_held_by_me(struct shim_lock *l)
{
	return l->held && pthread_equal(l->owner, pthread_self());
}

struct mutex {
	struct shim_lock l;
};

#define mutex_init(x)		shim_lock_init(&(x)->l)
#define mutex_destroy(x)	pthread_mutex_destroy(&(x)->l.m)
#define mutex_lock(x)		shim_lock_acquire(&(x)->l)
#define mutex_unlock(x)		shim_lock_release(&(x)->l)

#define shim_lock_is_held(x)	shim_lock_held_by_me(&(x)->l)

#include <linux/lockdep.h>

#endif
