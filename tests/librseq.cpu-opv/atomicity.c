/* SPDX-License-Identifier: MIT */
/* atomicity cpu_id|mm_cid registered|unregistered [ROUNDS]: more threads than CPUs
   increment per-CPU (or per-mm_cid) counters at the same time, in two
   ways: an ADD, and a compare-and-store of the value read plus one
   (retried when the value changed).  Local threads work on the counters of
   the CPU they run on with the _complete helpers (the rseq fast path,
   cpu_opv() when it keeps aborting); remote threads increment every
   counter, remote CPUs included, with the _opv helpers (ROUNDS times, 10000
   by default).  Every counter
   must end exactly at the number of increments aimed at it: an update lost
   between a sequence and a cpu_opv(), or between two cpu_opv() calls,
   shows.

   A delay injected into every sequence between its comparison and its
   commit leaves a wide window in which a cpu_opv() that failed to keep
   sequences out would store under a sequence that then commits a stale
   value.  "registered": some sequences must have run to their end on the
   fast path; "unregistered" (no rseq): none can even start, everything
   goes through cpu_opv().  */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

/* Injected into every sequence (lib/inject.h, for every architecture): at
   its start, a count of the attempts that entered it; before its commit
   (point 4), the delay.  */
#include "inject.h"

INJECT_DEFINE

#include "opv-test.h"

/* Local threads go on while remote ones run (at least LOCAL_MIN, at most
   LOCAL_MAX rounds each), so that the two always overlap.  */
enum { LOCAL_MIN = 20000, LOCAL_MAX = 2000000, REMOTE_ROUNDS = 10000, DELAY_LOOPS = 2000 };

/* Rounds of each remote thread: REMOTE_ROUNDS, or fewer where every
   cpu_opv() is slow (an emulated machine, see librseq.vm); local threads
   do at least twice as many.  */
static long remote_rounds = REMOTE_ROUNDS, local_min = LOCAL_MIN;

struct counter {
	intptr_t add;		/* incremented by ADD */
	intptr_t cas;		/* incremented by compare-and-store */
} __attribute__((aligned(64)));

static enum rseq_percpu_mode mode;
static int nr_indexes;
static struct counter *counters;
static pthread_barrier_t start;
static int remotes_done;

struct local_result {
	long *added;		/* per index, in each counter */
	unsigned long rounds;
	unsigned long ran;	/* sequences that ran to their end (commit or comparison) */
	unsigned long entered;	/* sequences started */
	int bad_ret;		/* the first unexpected return, or 0 */
};

static int current_index(void)
{
	if (mode == RSEQ_PERCPU_MM_CID)
		return (int) rseq_current_mm_cid();
	return rseq_current_cpu();
}

/* Reads the counter, stores it plus one if it did not change meanwhile;
   again while it did.  0, or the helper's error.  */
static int cas_increment(struct counter *c, int index, bool local)
{
	for (;;) {
		const intptr_t old = __atomic_load_n(&c->cas, __ATOMIC_RELAXED);
		const int ret = local
			? rseq_load_cbne_store__ptr_complete(RSEQ_MO_RELAXED, mode, &c->cas, old,
							     old + 1, index)
			: rseq_load_cbne_store__ptr_opv(RSEQ_MO_RELAXED, mode, &c->cas, old,
							old + 1, index);
		if (ret != 1)
			return ret;
	}
}

static void *local_thread(void *arg)
{
	struct local_result *r = arg;
	/* Explicitly: whoever owns the registration, new threads may not be
	   registered for us.  Fails without rseq, as it should.  */
	const int registration = rseq_register_current_thread();

	pthread_barrier_wait(&start);
	for (long i = 0; i < LOCAL_MAX && !r->bad_ret; i++) {
		if (i >= local_min && __atomic_load_n(&remotes_done, __ATOMIC_RELAXED))
			break;
		const int index = current_index();
		if (index < 0 || index >= nr_indexes) {
			r->bad_ret = 1000 + index;
			break;
		}
		struct counter *c = &counters[index];
		r->bad_ret = rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, mode, &c->add, 1,
							       index);
		if (!r->bad_ret)
			r->bad_ret = cas_increment(c, index, true);
		if (!r->bad_ret)
			r->added[index]++;
		r->rounds++;
	}
	r->entered = inject_entries;
	/* Aborts before the sequence started (mode without an index) count
	   too: none ran then.  */
	r->ran = inject_entries > inject_aborts ? inject_entries - inject_aborts : 0;
	if (registration == 0)
		rseq_unregister_current_thread();
	return NULL;
}

static void *remote_thread(void *arg)
{
	int *bad_ret = arg;

	pthread_barrier_wait(&start);
	for (long round = 0; round < remote_rounds && !*bad_ret; round++) {
		for (int index = 0; index < nr_indexes && !*bad_ret; index++) {
			struct counter *c = &counters[index];
			*bad_ret = rseq_load_add_store__ptr_opv(RSEQ_MO_RELAXED, mode, &c->add, 1,
								index);
			if (!*bad_ret)
				*bad_ret = cas_increment(c, index, false);
		}
	}
	return NULL;
}

/* The first counter that does not hold the increments aimed at it.  */
static void check_sums(const char *name, size_t field, const struct local_result *locals,
		       int nr_local, int nr_remote)
{
	int wrong = -1;
	long got = 0, want = 0;

	for (int index = 0; index < nr_indexes && wrong < 0; index++) {
		want = nr_remote * remote_rounds;
		for (int i = 0; i < nr_local; i++)
			want += locals[i].added[index];
		got = (long) *(intptr_t *) ((char *) &counters[index] + field);
		if (got != want)
			wrong = index;
	}
	check_why(wrong < 0, name, "counter %d is %ld, expected %ld", wrong, got, want);
}

int main(int argc, char **argv)
{
	cpu_set_t allowed;

	REQUIRE(argc == 3 || argc == 4);
	if (argc == 4)
		remote_rounds = atol(argv[3]);
	REQUIRE(remote_rounds > 0);
	if (remote_rounds < REMOTE_ROUNDS)
		local_min = 2 * remote_rounds;
	mode = !strcmp(argv[1], "mm_cid") ? RSEQ_PERCPU_MM_CID : RSEQ_PERCPU_CPU_ID;
	const bool registered = !strcmp(argv[2], "registered");
	REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	const int nr_cpus = CPU_COUNT(&allowed);
	const int nr_local = 2 * nr_cpus + 1, nr_remote = nr_cpus + 1;

	plan(5);
	nr_indexes = rseq_get_max_nr_cpus();
	REQUIRE(nr_indexes > 0);
	counters = calloc((size_t) nr_indexes, sizeof(*counters));
	REQUIRE(counters);
	inject_loops[4] = DELAY_LOOPS;

	pthread_t tids[nr_local + nr_remote];
	struct local_result locals[nr_local];
	int remote_ret[nr_remote];
	REQUIRE(pthread_barrier_init(&start, NULL, (unsigned) (nr_local + nr_remote)) == 0);
	for (int i = 0; i < nr_local; i++) {
		memset(&locals[i], 0, sizeof(locals[i]));
		locals[i].added = calloc((size_t) nr_indexes, sizeof(long));
		REQUIRE(locals[i].added);
		REQUIRE(pthread_create(&tids[i], NULL, local_thread, &locals[i]) == 0);
	}
	for (int i = 0; i < nr_remote; i++) {
		remote_ret[i] = 0;
		REQUIRE(pthread_create(&tids[nr_local + i], NULL, remote_thread, &remote_ret[i]) == 0);
	}
	for (int i = 0; i < nr_remote; i++)
		REQUIRE(pthread_join(tids[nr_local + i], NULL) == 0);
	__atomic_store_n(&remotes_done, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < nr_local; i++)
		REQUIRE(pthread_join(tids[i], NULL) == 0);

	int bad_local = 0, bad_remote = 0;
	unsigned long ran = 0, rounds = 0, entered = 0;
	for (int i = 0; i < nr_local; i++) {
		if (locals[i].bad_ret && !bad_local)
			bad_local = locals[i].bad_ret;
		ran += locals[i].ran;
		entered += locals[i].entered;
		rounds += locals[i].rounds;
	}
	for (int i = 0; i < nr_remote; i++)
		if (remote_ret[i] && !bad_remote)
			bad_remote = remote_ret[i];
	check_why(!bad_local, "every local increment completed", "one returned %d", bad_local);
	check_why(!bad_remote, "every remote increment completed", "one returned %d (errno %d)",
		  bad_remote, errno);
	check_sums("every ADD counter holds exactly the increments aimed at it",
		   offsetof(struct counter, add), locals, nr_local, nr_remote);
	check_sums("every compare-and-store counter holds exactly the increments aimed at it",
		   offsetof(struct counter, cas), locals, nr_local, nr_remote);

	note("%lu local rounds; %lu sequences entered, %lu ran to their end on the fast path",
	     rounds, entered, ran);
	if (registered && mode == RSEQ_PERCPU_MM_CID && !rseq_mm_cid_available())
		/* Documented: no operation in this mode even starts its
		   sequence, everything goes through cpu_opv().  */
		check_why(entered == 0, "no mm_cid from the kernel: no sequence was entered",
			  "%lu were", entered);
	else if (registered)
		check_why(ran > 0, "some sequences ran to their end on the fast path", "none did");
	else
		check_why(ran == 0, "no sequence ran on the fast path (no rseq)", "%lu did", ran);
	return 0;
}
