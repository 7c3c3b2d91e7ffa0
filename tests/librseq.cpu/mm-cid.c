/* SPDX-License-Identifier: MIT */
/* mm-cid registered|unregistered: more threads than CPUs, all alive at the
   same time, each reading its concurrency id.  The kernel keeps mm_cid below
   both the number of threads and the number of CPUs the process may use, so
   that per-CPU arrays can be indexed by it; where the area does not carry
   it, rseq_current_mm_cid() says 0, which is always a valid index.  */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <rseq/rseq.h>
#include "check.h"

enum { NR_THREADS = 16, READS = 200 };

struct result {
	int register_result;
	int32_t lowest_raw_cpu;
	uint32_t lowest_cid;
	uint32_t highest_cid;
};

static pthread_barrier_t all_alive, all_read;

static void *reader(void *arg)
{
	struct result *r = arg;

	/* Explicitly, so that the test does not depend on how this thread
	   came to be registered (libc, or librseq's thread hooks).  */
	r->register_result = rseq_register_current_thread();
	r->lowest_raw_cpu = INT32_MAX;
	r->lowest_cid = UINT32_MAX;
	pthread_barrier_wait(&all_alive);
	for (int i = 0; i < READS; i++) {
		const int32_t raw = rseq_current_cpu_raw();
		const uint32_t cid = rseq_current_mm_cid();

		if (raw < r->lowest_raw_cpu)
			r->lowest_raw_cpu = raw;
		if (cid < r->lowest_cid)
			r->lowest_cid = cid;
		if (cid > r->highest_cid)
			r->highest_cid = cid;
		/* Let the others run on this CPU between readings.  */
		sched_yield();
	}
	pthread_barrier_wait(&all_read);
	if (r->register_result == 0)
		rseq_unregister_current_thread();
	return NULL;
}

int main(int argc, char **argv)
{
	static struct result results[NR_THREADS];
	pthread_t tid[NR_THREADS];
	cpu_set_t allowed;

	REQUIRE(argc == 2);
	const bool registered = !strcmp(argv[1], "registered");
	REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	const int nr_allowed = CPU_COUNT(&allowed);
	/* The readers and this thread.  */
	const int alive = NR_THREADS + 1;
	const uint32_t bound = alive < nr_allowed ? alive : nr_allowed;

	plan(4);
	REQUIRE(pthread_barrier_init(&all_alive, NULL, NR_THREADS) == 0);
	REQUIRE(pthread_barrier_init(&all_read, NULL, NR_THREADS) == 0);
	for (int i = 0; i < NR_THREADS; i++)
		REQUIRE(pthread_create(&tid[i], NULL, reader, &results[i]) == 0);
	for (int i = 0; i < NR_THREADS; i++)
		REQUIRE(pthread_join(tid[i], NULL) == 0);

	int bad_registrations = 0;
	uint32_t lowest_cid = UINT32_MAX, highest_cid = 0;
	for (int i = 0; i < NR_THREADS; i++) {
		const struct result *r = &results[i];
		if (registered)
			bad_registrations += r->register_result != 0 || r->lowest_raw_cpu < 0;
		else
			bad_registrations += r->register_result != -1 ||
					     r->lowest_raw_cpu != RSEQ_ABI_CPU_ID_REGISTRATION_FAILED;
		if (r->lowest_cid < lowest_cid)
			lowest_cid = r->lowest_cid;
		if (r->highest_cid > highest_cid)
			highest_cid = r->highest_cid;
	}
	if (registered)
		check(bad_registrations == 0, "%d threads registered while reading",
		      NR_THREADS);
	else
		check(bad_registrations == 0, "%d threads cannot register and read cpu_id -2",
		      NR_THREADS);
	if (bad_registrations)
		note("%d threads did otherwise", bad_registrations);

	const bool has_cid = rseq_mm_cid_available();
	const bool cid_ok = check(has_cid == (rseq_size >= 28),
				  "rseq_mm_cid_available() says whether rseq_size is at least 28");
	const bool node_ok = check(rseq_node_id_available() == (rseq_size >= 24),
				   "rseq_node_id_available() says whether rseq_size is at least 24");
	if (!cid_ok || !node_ok)
		note("rseq_size %u, mm_cid %d, node_id %d", rseq_size, has_cid,
		     rseq_node_id_available());
	if (has_cid && !check(highest_cid < bound, "%d threads alive, %d CPUs allowed: every mm_cid "
				"below %u", alive, nr_allowed, bound))
		note("highest mm_cid read: %u", highest_cid);
	if (!has_cid && !check(lowest_cid == 0 && highest_cid == 0,
			       "no mm_cid in the area: rseq_current_mm_cid() is 0"))
		note("mm_cid read: %u to %u", lowest_cid, highest_cid);
	return 0;
}
