/* SPDX-License-Identifier: MIT */
/* from-library libc|librseq: a thread created by another shared library
   (libspawn, which does not link librseq) is registered from its first
   statement.  */
#include "spawn.h"
#include "rseq-threads.h"

static void *thread(void *arg)
{
	*(int32_t *) arg = rseq_current_cpu_raw();
	return NULL;
}

int main(int argc, char **argv)
{
	int32_t cpu = -9;

	librseq_mode(argc, argv);
	plan(1);
	REQUIRE(spawn_and_join(thread, &cpu) == 0);
	check_why(cpu >= 0, "a thread libspawn created: cpu_id in its first statement",
		  "cpu_id %d", cpu);
	return 0;
}
