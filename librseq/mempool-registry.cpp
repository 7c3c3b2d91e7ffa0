/* SPDX-License-Identifier: MIT */
/* Every pool of the process, for two reasons: rseq_mempool_destroy() tells
   a pool from an unknown pointer, and fork() must find every lock.

   Pools keep working in a forked child: the handlers hold every pool's
   lock across fork(), so that no range is half-changed in the child, and
   the ranges' shared initial values stop being written (see Range), since
   parent and child now share that file.  Everything else is private memory
   that fork() copies.  */
#include <pthread.h>
#include "internal/mempool.h"

namespace librseq::mempool {

namespace {

pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
Pool *pools;
pthread_once_t atfork_once = PTHREAD_ONCE_INIT;

// Lock order: the registry, then each pool in list order.
void before_fork()
{
	pthread_mutex_lock(&registry_lock);
	for (Pool *pool = pools; pool; pool = pool->next) {
		pthread_mutex_lock(&pool->lock);
		for (Range *range = pool->ranges; range; range = range->next)
			__atomic_store_n(&range->init_frozen, true, __ATOMIC_RELAXED);
	}
}

void after_fork_in_parent()
{
	for (Pool *pool = pools; pool; pool = pool->next)
		pthread_mutex_unlock(&pool->lock);
	pthread_mutex_unlock(&registry_lock);
}

// The child's only thread owns the locks by inheritance, not as a thread
// that took them: they are made anew.
void after_fork_in_child()
{
	for (Pool *pool = pools; pool; pool = pool->next)
		pthread_mutex_init(&pool->lock, NULL);
	pthread_mutex_init(&registry_lock, NULL);
}

void install_fork_handlers()
{
	pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
}

} // namespace

void registry_insert(Pool *pool)
{
	pthread_once(&atfork_once, install_fork_handlers);
	pthread_mutex_lock(&registry_lock);
	pool->next = pools;
	pools = pool;
	pthread_mutex_unlock(&registry_lock);
}

bool registry_remove(Pool *pool)
{
	bool found = false;

	pthread_mutex_lock(&registry_lock);
	for (Pool **p = &pools; *p; p = &(*p)->next) {
		if (*p == pool) {
			*p = pool->next;
			found = true;
			break;
		}
	}
	pthread_mutex_unlock(&registry_lock);
	return found;
}

} // namespace librseq::mempool
