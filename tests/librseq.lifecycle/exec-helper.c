/* SPDX-License-Identifier: MIT */
/* exec-helper libc|librseq: the new image of an execve() (from a fork,
   vfork or posix_spawn child of the fork test).  The kernel dropped the
   old image's registration; librseq, linked here, registers again.  Exit
   status: 0, or the sum of 1 (not the expected owner), 2 (the initial
   thread is not registered), 4 (a new thread is not registered).  */
#include "rseq-threads.h"

static void *thread(void *arg)
{
	*(int32_t *) arg = rseq_current_cpu_raw();
	return NULL;
}

int main(int argc, char **argv)
{
	const bool librseq = librseq_mode(argc, argv);
	int32_t cpu = -9;
	pthread_t t;
	int status = 0;

	if (rseq_owner() != (librseq ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC))
		status |= 1;
	if (rseq_current_cpu_raw() < 0)
		status |= 2;
	if (pthread_create(&t, NULL, thread, &cpu) != 0 || pthread_join(t, NULL) != 0 || cpu < 0)
		status |= 4;
	return status;
}
