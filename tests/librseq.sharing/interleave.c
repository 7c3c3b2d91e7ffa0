/* SPDX-License-Identifier: MIT */
/* interleave libc|librseq: two libraries (share_a, share_b) each take and
   drop references through librseq, in every order, nested, on threads of
   every kind and on many threads at once: every call succeeds (nobody sees
   EBUSY), the area is registered whenever one of them holds a reference,
   and on a thread nothing else registered, the last release unregisters
   it.  A third library (raw) calls rseq() itself: it gets EINVAL for an
   area of its own and EBUSY for the registered one, and changes nothing.
   When it registers its own area first (on a thread librseq has not
   registered, which only exists when librseq owns the registration),
   librseq's callers get EBUSY, rseq_owner() says RSEQ_OWNER_OTHER on that
   thread only, and nothing aborts; once it unregisters, librseq registers
   again.  */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/auxv.h>
#include "rseq-threads.h"
#include "share.h"

#ifndef AT_RSEQ_FEATURE_SIZE
# define AT_RSEQ_FEATURE_SIZE 27
#endif

enum { ROUNDS = 50, CONCURRENT_ROUNDS = 200, NR_CONCURRENT = 4 };

/* A step of a sequence: which library, and whether it enters (+) or
   leaves (-).  */
struct step {
	char lib;
	char dir;
};

enum { MAX_STEPS = 6, NR_SEQUENCES = 7 };
static struct step sequences[NR_SEQUENCES][MAX_STEPS + 1];

/* The 6 orders of a+ a- b+ b- in which each library enters before it
   leaves, and one nested order (a enters twice).  */
static void make_sequences(void)
{
	static const char *const orders[NR_SEQUENCES] = {
		"a+a-b+b-", "a+b+a-b-", "a+b+b-a-", "b+a+a-b-", "b+a+b-a-", "b+b-a+a-",
		"a+a+b+a-b-a-",
	};

	for (int s = 0; s < NR_SEQUENCES; s++) {
		const char *o = orders[s];
		int i = 0;

		for (; o[2 * i]; i++)
			sequences[s][i] = (struct step) { o[2 * i], o[2 * i + 1] };
		sequences[s][i] = (struct step) { 0, 0 };
	}
}

static bool librseq;

struct tally {
	bool calls_ok;		/* every enter and leave returned 0 */
	bool registered_ok;	/* cpu_id >= 0 whenever a reference was held */
	bool end_ok;		/* the state after the last leave is the expected one */
};

/* Runs every sequence ROUNDS times on the calling thread.  UNHOOKED: the
   thread holds no reference of the hooks, so that with librseq owning the
   registration, the last leave must unregister it.  */
static struct tally run_sequences(bool unhooked, int rounds)
{
	struct tally t = { true, true, true };

	for (int r = 0; r < rounds; r++)
		for (int s = 0; s < NR_SEQUENCES; s++) {
			int held = 0;

			for (const struct step *st = sequences[s]; st->lib; st++) {
				int ret;

				if (st->lib == 'a')
					ret = st->dir == '+' ? share_a_enter() : share_a_leave();
				else
					ret = st->dir == '+' ? share_b_enter() : share_b_leave();
				t.calls_ok &= ret == 0;
				held += st->dir == '+' ? 1 : -1;
				if (held > 0)
					t.registered_ok &= rseq_current_cpu_raw() >= 0;
			}
			const int32_t cpu = rseq_current_cpu_raw();
			t.end_ok &= unhooked && librseq ? cpu == RSEQ_ABI_CPU_ID_UNINITIALIZED
							: cpu >= 0;
		}
	return t;
}

static void report(struct tally t, const char *who, const char *end)
{
	check(t.calls_ok, "%s: every enter and leave of share_a and share_b returns 0", who);
	check(t.registered_ok, "%s: registered whenever a library holds a reference", who);
	check(t.end_ok, "%s: after the last leave, %s", who, end);
}

static void *hooked_thread(void *arg)
{
	*(struct tally *) arg = run_sequences(false, ROUNDS);
	return NULL;
}

static void *unhooked_thread(void *arg)
{
	*(struct tally *) arg = run_sequences(true, ROUNDS);
	return NULL;
}

static pthread_barrier_t together;

struct concurrent {
	bool unhooked;
	struct tally tally;
};

static void *concurrent_thread(void *arg)
{
	struct concurrent *c = arg;

	pthread_barrier_wait(&together);
	c->tally = run_sequences(c->unhooked, CONCURRENT_ROUNDS);
	return NULL;
}

/* The length the thread's area was registered with: what a library that
   registers the same area must pass to get EBUSY.  */
static uint32_t registered_length(void)
{
	return librseq && getauxval(AT_RSEQ_FEATURE_SIZE) > 32 ? 64 : 32;
}

static void raw_on_registered_thread(void)
{
	int a = share_a_enter();
	int own = raw_register_own();
	int same = raw_register(rseq_get_abi(), registered_length());

	check_why(own == -EINVAL,
		  "raw rseq() of an area of its own on a registered thread: EINVAL",
		  "got %d", own);
	check_why(same == -EBUSY, "raw rseq() of the registered area: EBUSY", "got %d", same);
	int b = share_b_enter();
	int32_t cpu = rseq_current_cpu_raw();
	a |= share_a_leave();
	b |= share_b_leave();
	check_why(a == 0 && b == 0 && cpu >= 0, "share_a and share_b carry on unaffected",
		  "share_a %d, share_b %d, cpu_id %d", a, b, cpu);
}

static pthread_barrier_t foreign_set, foreign_checked;

static void *foreign_thread(void *arg)
{
	(void) arg;
	const int own = raw_register_own();
	const int a = share_a_enter();
	const int b = share_b_enter();
	const int owner = rseq_owner();

	pthread_barrier_wait(&foreign_set);
	pthread_barrier_wait(&foreign_checked);
	if (librseq) {
		check_why(own == 0, "raw registers its own area on a thread nobody registered",
			  "got %d", own);
		check_why(a == -EBUSY && b == -EBUSY, "then share_a and share_b get EBUSY",
			  "got %d, %d", a, b);
		check_why(owner == RSEQ_OWNER_OTHER, "and rseq_owner() says RSEQ_OWNER_OTHER there",
			  "got %d", owner);
	} else {
		check_why(own == -EINVAL,
			  "raw cannot register its own area: glibc registered the thread",
			  "got %d", own);
		check_why(a == 0 && b == 0, "share_a and share_b take references",
			  "got %d, %d", a, b);
		check_why(owner == RSEQ_OWNER_LIBC, "rseq_owner() says RSEQ_OWNER_LIBC",
			  "got %d", owner);
		REQUIRE(share_a_leave() == 0 && share_b_leave() == 0);
	}

	const int gone = librseq ? raw_unregister_own() : 0;
	const int again = share_a_enter();
	const int32_t cpu = rseq_current_cpu_raw();
	const int owner_again = rseq_owner();
	check_why(gone == 0 && again == 0 && cpu >= 0 &&
		  owner_again == (librseq ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC),
		  "once raw unregisters, share_a registers the thread through librseq",
		  "raw %d, share_a %d, cpu_id %d, owner %d", gone, again, cpu, owner_again);
	const int left = share_a_leave();
	const int32_t cpu_after = rseq_current_cpu_raw();
	check_why(left == 0 && (librseq ? cpu_after == RSEQ_ABI_CPU_ID_UNINITIALIZED
				: cpu_after >= 0),
		  "and its leave unregisters it as usual", "share_a %d, cpu_id %d", left, cpu_after);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	struct tally tally;

	librseq = librseq_mode(argc, argv);
	make_sequences();
	plan(4 * 3 + 3 + 5 + 1);

	report(run_sequences(false, ROUNDS), "main thread", "still registered");
	REQUIRE(pthread_create(&t, NULL, hooked_thread, &tally) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	report(tally, "a pthread_create() thread", "still registered");
	REQUIRE(create_unhooked_thread(&t, unhooked_thread, &tally) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	report(tally, "an unhooked thread", librseq ? "unregistered" : "still registered");

	/* Hooked and unhooked threads, all running the sequences at once.  */
	struct concurrent c[2 * NR_CONCURRENT];
	pthread_t threads[2 * NR_CONCURRENT];
	REQUIRE(pthread_barrier_init(&together, NULL, 2 * NR_CONCURRENT) == 0);
	for (int i = 0; i < 2 * NR_CONCURRENT; i++) {
		c[i].unhooked = i % 2;
		REQUIRE((c[i].unhooked
			 ? create_unhooked_thread(&threads[i], concurrent_thread, &c[i])
			 : pthread_create(&threads[i], NULL, concurrent_thread, &c[i])) == 0);
	}
	struct tally all = { true, true, true };
	for (int i = 0; i < 2 * NR_CONCURRENT; i++) {
		REQUIRE(pthread_join(threads[i], NULL) == 0);
		all.calls_ok &= c[i].tally.calls_ok;
		all.registered_ok &= c[i].tally.registered_ok;
		all.end_ok &= c[i].tally.end_ok;
	}
	report(all, "8 hooked and unhooked threads at once",
	       "each registered or not as above");

	raw_on_registered_thread();

	REQUIRE(pthread_barrier_init(&foreign_set, NULL, 2) == 0);
	REQUIRE(pthread_barrier_init(&foreign_checked, NULL, 2) == 0);
	REQUIRE(create_unhooked_thread(&t, foreign_thread, NULL) == 0);
	pthread_barrier_wait(&foreign_set);
	const int owner = rseq_owner();
	check_why(owner == (librseq ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC),
		  "meanwhile rseq_owner() on the main thread is the process's owner",
		  "got %d", owner);
	pthread_barrier_wait(&foreign_checked);
	REQUIRE(pthread_join(t, NULL) == 0);
	return 0;
}
