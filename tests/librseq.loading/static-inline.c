/* SPDX-License-Identifier: MIT */
/* static-inline EXPECTED: a fully static program that uses librseq only
   through the inline readers and the exported variables, so that nothing
   but the variables' object file is taken from librseq.a.  The constructor
   must come with it: rseq_size and rseq_offset set, and the raw CPU right.
   EXPECTED: "registered" or "none".  */
#define _GNU_SOURCE
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"

int main(int argc, char **argv)
{
	cpu_set_t set;
	unsigned int cpu = 0, node = 0;

	REQUIRE(argc == 2);
	const int registered = !strcmp(argv[1], "registered");
	/* Pin to the CPU we are on, so that the getcpu answer stays right.  */
	REQUIRE(syscall(SYS_getcpu, &cpu, &node, NULL) == 0);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	REQUIRE(sched_setaffinity(0, sizeof(set), &set) == 0);

	plan(2);
	check_why(registered ? rseq_size >= 20 : rseq_size == 0,
		  "rseq_size was set by the constructor", "rseq_size %u", rseq_size);
	const int32_t raw = rseq_current_cpu_raw();
	check_why(registered ? raw == (int32_t) cpu : raw == RSEQ_ABI_CPU_ID_REGISTRATION_FAILED,
		  "the inline raw reader reads the registered area", "raw %d, getcpu %u", raw,
		  cpu);
	return 0;
}
