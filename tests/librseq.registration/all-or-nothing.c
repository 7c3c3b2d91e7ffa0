/* SPDX-License-Identifier: MIT */
/* Registration is all or nothing across the process: once a thread is
   registered, a thread that cannot register is a fatal error, reported
   before the thread runs any code that relies on it.  The initial thread is
   registered (librseq owns the registration); then a seccomp filter, which
   new threads inherit, makes rseq fail with EPERM.  Expected: abort with a
   message.  */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <rseq/rseq.h>
#include "check.h"

static void deny_rseq(void)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, RSEQ_NR_rseq, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(filter) / sizeof(filter[0]), filter };

	REQUIRE(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
	REQUIRE(prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0);
}

static void *worker(void *arg)
{
	(void) arg;
	int r = rseq_register_current_thread();
	printf("NOTE: survived a failed registration (returned %d, errno %d)\n", r, errno);
	fflush(stdout);
	return NULL;
}

int main(void)
{
	pthread_t tid;

	plan(1);
	check(rseq_owner() == RSEQ_OWNER_LIBRSEQ && rseq_current_cpu_raw() >= 0,
	      "librseq registered the initial thread");
	deny_rseq();
	REQUIRE(pthread_create(&tid, NULL, worker, NULL) == 0);
	pthread_join(tid, NULL);
	return 0;
}
