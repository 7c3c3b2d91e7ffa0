/* SPDX-License-Identifier: MIT */
/* fork libc|librseq EXEC_HELPER: a multithreaded process forks, from its
   initial thread and from another one.  The child keeps its registration
   and the counts of the thread that forked (copied with its memory and
   kernel state), registering again is an ordinary counted success, and the
   threads it creates are registered.  Children created with vfork() and
   posix_spawn(), and a fork child, execve() a program linked with librseq,
   which registers again (exec-helper); none of them changes the parent's
   counts.  Other threads run and check their registration throughout.

   A child reports through its exit status, one bit per check, so that the
   parent prints every result line.  */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include "rseq-threads.h"

extern char **environ;

enum { NR_WORKERS = 4, NR_CHILD_THREADS = 10, HELD = 2 };

static volatile int stop;
static bool workers_ok = true;
static const char *mode_name;
static const char *helper;

static void *worker(void *arg)
{
	(void) arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		if (rseq_current_cpu_raw() < 0)
			workers_ok = false;
		sched_yield();
	}
	return NULL;
}

static void *child_thread(void *arg)
{
	*(int32_t *) arg = rseq_current_cpu_raw();
	return NULL;
}

/* Checks made in a fork child that holds HELD references; returns the
   failed ones as bits.  */
static int check_child(int held)
{
	int failed = 0;

	if (rseq_current_cpu_raw() < 0)
		failed |= 1;
	for (int i = 0; i < held; i++)
		if (rseq_unregister_current_thread() != 0)
			failed |= 2;
	if (rseq_unregister_current_thread() != -1 || errno != EINVAL)
		failed |= 2;
	if (rseq_register_current_thread() != 0 || rseq_current_cpu_raw() < 0)
		failed |= 4;
	for (int i = 0; i < NR_CHILD_THREADS; i++) {
		int32_t cpu = -9;
		pthread_t t;

		if (pthread_create(&t, NULL, child_thread, &cpu) != 0 ||
		    pthread_join(t, NULL) != 0 || cpu < 0)
			failed |= 8;
	}
	return failed;
}

/* Forks; the child runs check_child(HELD) and exits with its result.
   Returns the child's exit status.  */
static int fork_and_check(int held)
{
	fflush(stdout);
	const pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0)
		_exit(check_child(held));
	int status;
	REQUIRE(waitpid(pid, &status, 0) == pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 256 + status;
}

static void report_child(int failed, const char *where)
{
	char name[160];

	snprintf(name, sizeof(name), "fork from %s: the child is still registered", where);
	check_why(!(failed & ~0xf) && !(failed & 1), name, "status %d", failed);
	snprintf(name, sizeof(name), "fork from %s: the child has the parent thread's counts",
		 where);
	check_why(!(failed & ~0xf) && !(failed & 2), name, "status %d", failed);
	snprintf(name, sizeof(name), "fork from %s: registering again in the child succeeds",
		 where);
	check_why(!(failed & ~0xf) && !(failed & 4), name, "status %d", failed);
	snprintf(name, sizeof(name), "fork from %s: the child's new threads are registered",
		 where);
	check_why(!(failed & ~0xf) && !(failed & 8), name, "status %d", failed);
}

static void *forking_thread(void *arg)
{
	REQUIRE(rseq_register_current_thread() == 0);
	*(int *) arg = fork_and_check(1);
	REQUIRE(rseq_unregister_current_thread() == 0);
	return NULL;
}

static int wait_status(pid_t pid)
{
	int status;

	REQUIRE(waitpid(pid, &status, 0) == pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 256 + status;
}

static void report_exec(int status, const char *how)
{
	char name[160];

	snprintf(name, sizeof(name), "%s of a program linked with librseq: it registers again",
		 how);
	check_why(status == 0, name, "exec-helper status %d", status);
}

int main(int argc, char **argv)
{
	pthread_t workers[NR_WORKERS], t;
	char *helper_argv[3];
	int status;

	librseq_mode(argc, argv);
	REQUIRE(argc == 3);
	mode_name = argv[1];
	helper = argv[2];
	helper_argv[0] = (char *) helper;
	helper_argv[1] = (char *) mode_name;
	helper_argv[2] = NULL;
	plan(2 * 4 + 3 + 2);

	for (int i = 0; i < NR_WORKERS; i++)
		REQUIRE(pthread_create(&workers[i], NULL, worker, NULL) == 0);
	for (int i = 0; i < HELD; i++)
		REQUIRE(rseq_register_current_thread() == 0);

	report_child(fork_and_check(HELD), "the initial thread");
	REQUIRE(pthread_create(&t, NULL, forking_thread, &status) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	report_child(status, "another thread");

	fflush(stdout);
	pid_t pid = vfork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		execve(helper, helper_argv, environ);
		_exit(127);
	}
	report_exec(wait_status(pid), "vfork() and execve()");

	REQUIRE(posix_spawn(&pid, helper, NULL, NULL, helper_argv, environ) == 0);
	report_exec(wait_status(pid), "posix_spawn()");

	fflush(stdout);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		execve(helper, helper_argv, environ);
		_exit(127);
	}
	report_exec(wait_status(pid), "fork() and execve()");

	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < NR_WORKERS; i++)
		REQUIRE(pthread_join(workers[i], NULL) == 0);
	check(workers_ok, "the other threads stayed registered throughout");

	bool counts_ok = rseq_current_cpu_raw() >= 0;
	for (int i = 0; i < HELD; i++)
		counts_ok &= rseq_unregister_current_thread() == 0;
	errno = 0;
	counts_ok &= rseq_unregister_current_thread() == -1 && errno == EINVAL;
	counts_ok &= rseq_current_cpu_raw() >= 0;
	check(counts_ok, "the parent's counts are what it took, and it is still registered");
	return 0;
}
