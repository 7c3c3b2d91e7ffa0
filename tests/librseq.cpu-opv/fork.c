/* SPDX-License-Identifier: MIT */
/* fork() while other threads are inside cpu_opv(): a fence they held in
   the parent belongs to a thread the child does not have, so the child
   must find every fence free.  Each child runs a cpu_opv() on every index
   the busy threads work on; one that still waits after a few seconds for a
   fence nobody will release is killed and fails the check.  */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include "opv-test.h"

enum { FORKS = 40, BUSY_THREADS = 2, INDEXES = 2 };

static int stop;
static intptr_t counters[INDEXES];
static int nr;

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

/* 0 when every cpu_opv() of the child returned 0.  */
static int child(void)
{
	for (int flags = 0; flags <= (int) CPU_OP_MM_CID_FLAG; flags += CPU_OP_MM_CID_FLAG)
		for (int i = 0; i < INDEXES; i++) {
			struct cpu_op op = opv_add(CPU_ADD_OP, &counters[i], sizeof(intptr_t), 1);
			if (cpu_opv(&op, 1, i % nr, flags))
				return 1;
		}
	return 0;
}

int main(void)
{
	pthread_t tids[2 * BUSY_THREADS];
	int stuck = 0, failed = 0;

	plan(1);
	nr = rseq_get_max_nr_cpus();
	REQUIRE(nr > 0);
	for (int i = 0; i < 2 * BUSY_THREADS; i++)
		REQUIRE(pthread_create(&tids[i], NULL, busy,
				       (void *) (intptr_t) (i % 2 ? CPU_OP_MM_CID_FLAG : 0)) == 0);
	/* Up to the first stuck child: each costs the whole wait.  */
	for (int i = 0; i < FORKS && !stuck; i++) {
		int status;
		const pid_t pid = fork();

		REQUIRE(pid >= 0);
		if (pid == 0)
			_exit(child());
		if (!opv_wait_bounded(pid, 5, &status))
			stuck++;
		else if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < 2 * BUSY_THREADS; i++)
		REQUIRE(pthread_join(tids[i], NULL) == 0);
	check_why(!stuck && !failed, "children forked during cpu_opv() calls find every fence free",
		  "a child stuck on a fence; %d failed otherwise", failed);
	return 0;
}
