/* SPDX-License-Identifier: MIT */
/* fork() while other threads are inside cpu_opv(), from the first calls of
   a process on: a child must find every fence free (a fence held in the
   parent belongs to a thread the child does not have), and its cpu_opv()
   calls must succeed even when the fork met the parent's first choice of
   method, its membarrier registration (issue 9: the child inherited the
   choice but not always the registration, and failed with EPERM).

   fork [-n ROUNDS]: each round is a fresh process, forked from this one,
   which never calls cpu_opv(): busy threads start calling it on every
   index, and the round forks children right away, each of which runs
   cpu_opv() on every index in both per-CPU modes.  A child that has not
   finished within a generous bound is killed and counted as stuck.  */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include "opv-test.h"

enum { FORKS = 8, BUSY_THREADS = 2, INDEXES = 2 };

/* Per child, in seconds: far more than it ever needs (well under a
   millisecond), so that only a child that waits for good is killed.  */
enum { CHILD_BOUND = 60 };

/* What the rounds tell this process, in shared memory.  */
struct results {
	int stuck;		/* children killed after CHILD_BOUND */
	int failed;		/* children whose cpu_opv() failed */
	int first_errno;	/* the errno of the first failure */
	int first_round;	/* where it happened */
	int first_fork;
	int64_t slowest_ns;	/* the longest a child took */
};

static struct results *results;
static int stop;
static intptr_t counters[INDEXES];
static int nr;

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void *busy(void *arg)
{
	const int flags = (int) (intptr_t) arg;

	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED))
		for (int i = 0; i < INDEXES; i++) {
			struct cpu_op op = opv_add(CPU_ADD_OP, &counters[i], sizeof(intptr_t), 1);
			cpu_opv(&op, 1, i % nr, flags);
		}
	return NULL;
}

/* The exit status of a child: 0 when every cpu_opv() returned 0, the errno
   of the first that returned -1, 255 for any other return value.  */
static int child(void)
{
	for (int flags = 0; flags <= (int) CPU_OP_MM_CID_FLAG; flags += CPU_OP_MM_CID_FLAG)
		for (int i = 0; i < INDEXES; i++) {
			struct cpu_op op = opv_add(CPU_ADD_OP, &counters[i], sizeof(intptr_t), 1);
			const int ret = cpu_opv(&op, 1, i % nr, flags);
			if (ret == -1)
				return errno > 0 && errno < 255 ? errno : 255;
			if (ret != 0)
				return 255;
		}
	return 0;
}

static void record_failure(int round, int fork_nr, int err)
{
	if (results->failed++ == 0) {
		results->first_errno = err;
		results->first_round = round;
		results->first_fork = fork_nr;
	}
}

/* One round, in a process of its own: the first cpu_opv() calls of this
   process, and children forked meanwhile.  Up to the first stuck child.  */
static void round_process(int round)
{
	pthread_t tids[2 * BUSY_THREADS];

	for (int i = 0; i < 2 * BUSY_THREADS; i++)
		REQUIRE(pthread_create(&tids[i], NULL, busy,
				       (void *) (intptr_t) (i % 2 ? CPU_OP_MM_CID_FLAG : 0)) == 0);
	for (int i = 0; i < FORKS && !results->stuck; i++) {
		int status;
		const int64_t start = now_ns();
		const pid_t pid = fork();

		REQUIRE(pid >= 0);
		if (pid == 0)
			_exit(child());
		if (!opv_wait_bounded(pid, CHILD_BOUND, &status)) {
			results->stuck++;
			continue;
		}
		const int64_t took = now_ns() - start;
		if (took > results->slowest_ns)
			results->slowest_ns = took;
		if (!WIFEXITED(status))
			record_failure(round, i, -1);
		else if (WEXITSTATUS(status))
			record_failure(round, i, WEXITSTATUS(status));
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < 2 * BUSY_THREADS; i++)
		REQUIRE(pthread_join(tids[i], NULL) == 0);
}

int main(int argc, char **argv)
{
	int rounds = 1, opt;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || (rounds = atoi(optarg)) < 1) {
			fprintf(stderr, "usage: fork [-n ROUNDS]\n");
			return 2;
		}
	}
	plan(2);
	nr = rseq_get_max_nr_cpus();
	REQUIRE(nr > 0);
	results = mmap(NULL, sizeof(*results), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(results != MAP_FAILED);

	const int64_t start = now_ns();
	int done = 0;
	for (; done < rounds && !results->stuck; done++) {
		int status;
		const pid_t pid = fork();

		REQUIRE(pid >= 0);
		if (pid == 0) {
			round_process(done);
			_exit(0);
		}
		/* Bounded too: the round waits for up to one stuck child.  */
		if (!opv_wait_bounded(pid, 2 * CHILD_BOUND, &status))
			results->stuck++;
		else if (!WIFEXITED(status) || WEXITSTATUS(status))
			record_failure(done, -1, -1);
	}
	note("%d rounds of %d forks in %.3f s; the slowest child took %.3f ms (bound %d s)",
	     done, FORKS, (double) (now_ns() - start) / 1e9, (double) results->slowest_ns / 1e6,
	     CHILD_BOUND);
	check_why(!results->stuck, "no child forked during cpu_opv() calls waits for good",
		  "a child still running after %d s, in round %d", CHILD_BOUND, done - 1);
	if (results->failed && results->first_fork < 0)
		note("round %d ended abnormally", results->first_round);
	check_why(!results->failed, "children forked during cpu_opv() calls can use cpu_opv()",
		  "%d failed; the first, fork %d of round %d: %s", results->failed,
		  results->first_fork, results->first_round,
		  results->first_errno < 0    ? "abnormal end"
		  : results->first_errno == 255 ? "unexpected return value"
						: strerror(results->first_errno));
	return 0;
}
