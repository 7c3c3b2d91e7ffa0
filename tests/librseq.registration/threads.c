/* SPDX-License-Identifier: MIT */
/* Many threads registering explicitly, nested, at the same time: each holds
   a valid registration while it holds a reference, and counts stay per
   thread.  */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <rseq/rseq.h>
#include "check.h"

enum { NR_THREADS = 64, DEPTH = 5, ROUNDS = 50 };

static pthread_barrier_t barrier;

struct result {
	int registered_ok;	/* every register returned 0 and cpu_id >= 0 */
	int unregistered_ok;	/* every unregister returned 0 */
	int einval_ok;		/* the extra unregister said EINVAL */
	int started_registered;	/* registered before its first instruction */
	int kept_ok;		/* still registered after the users' last release */
	unsigned int max_mm_cid;
};

static void *worker(void *arg)
{
	struct result *r = arg;
	r->started_registered = rseq_current_cpu_raw() >= 0;
	r->registered_ok = r->unregistered_ok = r->kept_ok = 1;
	pthread_barrier_wait(&barrier);
	for (int round = 0; round < ROUNDS; round++) {
		for (int i = 0; i < DEPTH; i++) {
			r->registered_ok &= rseq_register_current_thread() == 0;
			r->registered_ok &= rseq_current_cpu_raw() >= 0;
			if (rseq_current_mm_cid() > r->max_mm_cid)
				r->max_mm_cid = rseq_current_mm_cid();
		}
		for (int i = 0; i < DEPTH; i++)
			r->unregistered_ok &= rseq_unregister_current_thread() == 0;
		/* The registration made at thread start (by libc, or by
		   librseq's hooks) is not the users' to drop.  */
		r->kept_ok &= rseq_current_cpu_raw() >= 0;
	}
	errno = 0;
	r->einval_ok = rseq_unregister_current_thread() == -1 && errno == EINVAL;
	/* Stay alive until everyone measured mm_cid with all threads present.  */
	pthread_barrier_wait(&barrier);
	return NULL;
}

int main(void)
{
	pthread_t tid[NR_THREADS];
	static struct result res[NR_THREADS];
	int registered = 1, unregistered = 1, einval = 1, started = 1, kept = 1;
	unsigned int max_mm_cid = 0;

	plan(6);
	REQUIRE(pthread_barrier_init(&barrier, NULL, NR_THREADS) == 0);
	for (int i = 0; i < NR_THREADS; i++)
		REQUIRE(pthread_create(&tid[i], NULL, worker, &res[i]) == 0);
	for (int i = 0; i < NR_THREADS; i++) {
		REQUIRE(pthread_join(tid[i], NULL) == 0);
		registered &= res[i].registered_ok;
		unregistered &= res[i].unregistered_ok;
		einval &= res[i].einval_ok;
		started &= res[i].started_registered;
		kept &= res[i].kept_ok;
		if (res[i].max_mm_cid > max_mm_cid)
			max_mm_cid = res[i].max_mm_cid;
	}
	check(registered, "%d threads x %d rounds x %d nested registers: 0 and cpu_id >= 0",
	      NR_THREADS, ROUNDS, DEPTH);
	check(unregistered, "as many unregisters: 0");
	check(einval, "one more unregister on each thread: -1, EINVAL");
	check(started, "every thread is registered before its start routine runs");
	check(kept, "the registration made at thread start outlives the users' references");
	const int nr_cpus = rseq_get_max_nr_cpus();
	check_why(max_mm_cid < (unsigned int) (NR_THREADS + 1) && (int) max_mm_cid < nr_cpus,
		  "mm_cid below the number of threads and of CPUs",
		  "max %u, %d threads, %d CPUs", max_mm_cid, NR_THREADS + 1, nr_cpus);
	return 0;
}
