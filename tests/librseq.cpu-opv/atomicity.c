/* SPDX-License-Identifier: MIT */
/* atomicity cpu_id|mm_cid registered|unregistered: more threads than CPUs
   add 1 to per-CPU (or per-mm_cid) counters at the same time.  Local
   threads increment the counter of the CPU they run on with
   rseq_load_add_store__ptr_complete() (the rseq fast path, cpu_opv() when
   it keeps aborting); remote threads add 1 to every counter, remote CPUs
   included, with rseq_load_add_store__ptr_opv().  Every counter must end
   exactly at the sum of the increments aimed at it: an update lost between
   a sequence and a cpu_opv(), or between two cpu_opv() calls, shows.

   A delay injected into every sequence right after its fence check widens
   the window in which a cpu_opv() that failed to keep sequences out would
   race with one.  "registered": some increments must have completed on the
   fast path; "unregistered" (no rseq): none can, all go through cpu_opv().  */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

/* Injected into every sequence: at its start, a count of the attempts that
   entered it (written through an input operand: the sequences clobber
   "memory"); after its fence check, the delay, a count-down in %eax, the
   one register injected code may use.  */
static unsigned int inject_loops;
static __thread unsigned int entries, aborts;
#define RSEQ_INJECT_ASM(n)	RSEQ_INJECT_ASM_##n
#define RSEQ_INJECT_ASM_1	"addl $1, %[inject_entries]\n\t"
#define RSEQ_INJECT_ASM_2
#define RSEQ_INJECT_ASM_3						\
	"movl %[inject_loops], %%eax\n\t"				\
	"testl %%eax, %%eax\n\t"					\
	"jz 556f\n\t"							\
	"555:\n\t"							\
	"decl %%eax\n\t"						\
	"jnz 555b\n\t"							\
	"556:\n\t"
#define RSEQ_INJECT_ASM_4
#define RSEQ_INJECT_ASM_5
#define RSEQ_INJECT_ASM_6
#define RSEQ_INJECT_INPUT	, [inject_loops] "m" (inject_loops), [inject_entries] "m" (entries)
#define RSEQ_INJECT_CLOBBER	, "eax"
/* Every entry commits or aborts (an ADD has no comparison to fail): the
   increments done on the fast path are the entries minus the aborts.  */
#define RSEQ_INJECT_FAILED	aborts++;

#include "opv-test.h"

/* Local threads go on while remote ones run (at least LOCAL_MIN, at most
   LOCAL_MAX increments each), so that the two always overlap.  */
enum { LOCAL_MIN = 20000, LOCAL_MAX = 5000000, REMOTE_ROUNDS = 2000, DELAY_LOOPS = 500 };

struct counter {
	intptr_t v;
} __attribute__((aligned(64)));

static enum rseq_percpu_mode mode;
static int nr_indexes;
static struct counter *counters;
static pthread_barrier_t start;
static int remotes_done;

struct local_result {
	long *added;		/* per index */
	unsigned long done;	/* increments */
	unsigned long fast;	/* increments done on the fast path */
	unsigned long aborts;	/* fast-path attempts that aborted */
	int bad_ret;		/* the first non-zero return, or 0 */
};

static int current_index(void)
{
	if (mode == RSEQ_PERCPU_MM_CID)
		return (int) rseq_current_mm_cid();
	return rseq_current_cpu();
}

static void *local_thread(void *arg)
{
	struct local_result *r = arg;
	/* Explicitly: whoever owns the registration, new threads may not be
	   registered for us.  Fails without rseq, as it should.  */
	const int registration = rseq_register_current_thread();

	pthread_barrier_wait(&start);
	for (long i = 0; i < LOCAL_MAX; i++) {
		if (i >= LOCAL_MIN && __atomic_load_n(&remotes_done, __ATOMIC_RELAXED))
			break;
		const int index = current_index();
		if (index < 0 || index >= nr_indexes) {
			r->bad_ret = 1000 + index;
			break;
		}
		const int ret = rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, mode,
								  &counters[index].v, 1, index);
		if (ret) {
			r->bad_ret = ret;
			break;
		}
		r->added[index]++;
		r->done++;
	}
	r->fast = entries - aborts;
	r->aborts = aborts;
	if (registration == 0)
		rseq_unregister_current_thread();
	return NULL;
}

static void *remote_thread(void *arg)
{
	int *bad_ret = arg;

	pthread_barrier_wait(&start);
	for (int round = 0; round < REMOTE_ROUNDS && !*bad_ret; round++)
		for (int index = 0; index < nr_indexes && !*bad_ret; index++)
			*bad_ret = rseq_load_add_store__ptr_opv(RSEQ_MO_RELAXED, mode,
								&counters[index].v, 1, index);
	return NULL;
}

int main(int argc, char **argv)
{
	cpu_set_t allowed;

	REQUIRE(argc == 3);
	mode = !strcmp(argv[1], "mm_cid") ? RSEQ_PERCPU_MM_CID : RSEQ_PERCPU_CPU_ID;
	const bool registered = !strcmp(argv[2], "registered");
	REQUIRE(sched_getaffinity(0, sizeof(allowed), &allowed) == 0);
	const int nr_cpus = CPU_COUNT(&allowed);
	const int nr_local = 2 * nr_cpus + 1, nr_remote = nr_cpus + 1;

	plan(4);
	nr_indexes = rseq_get_max_nr_cpus();
	REQUIRE(nr_indexes > 0);
	counters = calloc((size_t) nr_indexes, sizeof(*counters));
	REQUIRE(counters);
	inject_loops = DELAY_LOOPS;

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
	unsigned long fast = 0, total = 0, nr_aborts = 0;
	for (int i = 0; i < nr_local; i++) {
		if (locals[i].bad_ret && !bad_local)
			bad_local = locals[i].bad_ret;
		fast += locals[i].fast;
		total += locals[i].done;
		nr_aborts += locals[i].aborts;
	}
	for (int i = 0; i < nr_remote; i++)
		if (remote_ret[i] && !bad_remote)
			bad_remote = remote_ret[i];
	check_why(!bad_local, "every local increment returned 0", "one returned %d", bad_local);
	check_why(!bad_remote, "every remote increment returned 0", "one returned %d (errno %d)",
		  bad_remote, errno);

	int wrong = -1;
	long got = 0, want = 0;
	for (int index = 0; index < nr_indexes && wrong < 0; index++) {
		want = (long) nr_remote * REMOTE_ROUNDS;
		for (int i = 0; i < nr_local; i++)
			want += locals[i].added[index];
		got = (long) counters[index].v;
		if (got != want)
			wrong = index;
	}
	check_why(wrong < 0, "every counter holds exactly the increments aimed at it",
		  "counter %d is %ld, expected %ld", wrong, got, want);

	note("%lu of %lu local increments completed on the fast path (%lu aborts)", fast, total,
	     nr_aborts);
	if (registered)
		check_why(fast > 0 && fast <= total, "some local increments completed on the fast path",
			  "%lu of %lu", fast, total);
	else
		check_why(fast == 0, "no increment completed on the fast path (no rseq)",
			  "%lu of %lu", fast, total);
	return 0;
}
