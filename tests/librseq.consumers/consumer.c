/* SPDX-License-Identifier: MIT */
/* consumer libc|librseq shared|static: a C program built by a project outside this tree
   (cmake/, meson/, make/) against an installed librseq.  Prints its checks
   in the suite's format, by itself: it sees only the installed headers.
   The first argument names who must own the registration; the second,
   how librseq was linked, matters to consumer.cpp only.  */
#include <stdio.h>
#include <string.h>
#include <rseq/rseq.h>

static int failed;

static void check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
	failed |= !ok;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	const int want = !strcmp(argv[1], "libc") ? RSEQ_OWNER_LIBC : RSEQ_OWNER_LIBRSEQ;
	const int32_t cpu = rseq_current_cpu();

	printf("PLAN: 3\n");
	check(rseq_owner() == want, "C: rseq_owner() names the expected owner");
	check(rseq_current_cpu_raw() >= 0, "C: the initial thread is registered");
	check(cpu >= 0 && cpu < rseq_get_max_nr_cpus(),
	      "C: rseq_current_cpu() is below rseq_get_max_nr_cpus()");
	return failed;
}
