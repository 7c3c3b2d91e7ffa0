/* SPDX-License-Identifier: MIT */
/* cpu registered|unregistered: pinned to each allowed CPU in turn, every
   way librseq has to tell the current CPU and node agrees with the getcpu
   system call, and rseq_get_max_nr_cpus() with sysfs.  "unregistered": the
   thread has no rseq area (the kernel or a sandbox refused it), so the raw
   cpu_id must read -2 and cpu_id_start 0 while the other readers fall back
   and stay right.  Without the possible-CPU list (the "sys-cpu-lists"
   probe) the comparisons with it are UNSUPPORTED; unreadable-possible
   runs librseq itself without it.  */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"
#include "probe.h"

enum { CHECKS_PER_CPU = 9, OTHER_CHECKS = 3 };

/* /sys/devices/system/cpu/possible is a list of ranges ("0-3,8,10-11"),
   read here without librseq; -1 if it cannot be read.  */
static int highest_in_list(const char *path)
{
	FILE *f = fopen(path, "r");
	int highest = -1, first, last, c;

	if (!f)
		return -1;
	while (fscanf(f, "%d", &first) == 1) {
		last = first;
		c = fgetc(f);
		if (c == '-') {
			if (fscanf(f, "%d", &last) != 1)
				break;
			c = fgetc(f);
		}
		if (last > highest)
			highest = last;
		if (c != ',')
			break;
	}
	fclose(f);
	return highest;
}

/* The "sys-cpu-lists" probe (see probe.h): the highest possible CPU, or -1
   and WHY when the lists cannot be read (a sandbox without /sys).  */
static int highest_possible_cpu(char *why, size_t size)
{
	static const char *const lists[] = {
		"/sys/devices/system/cpu/online", "/sys/devices/system/cpu/possible",
	};
	int highest = -1;

	if (probe_forced_absent("sys-cpu-lists")) {
		snprintf(why, size, "sys-cpu-lists: %s", PROBE_FORCED_WHY);
		return -1;
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		errno = 0;
		highest = highest_in_list(lists[i]);
		if (highest < 0) {
			snprintf(why, size, "sys-cpu-lists: %s cannot be read as a list of CPUs (%s)",
				 lists[i], errno ? strerror(errno) : "no number in it");
			return -1;
		}
	}
	return highest;
}

/* The value goes into the name only on failure, so that names stay the same
   from run to run.  */
static void check_value(int cpu, const char *what, long got, long want)
{
	if (got == want)
		check(true, "cpu %d: %s is %ld", cpu, what, want);
	else
		check(false, "cpu %d: %s is %ld (got %ld)", cpu, what, want, got);
}

/* Runs pinned to CPU: nothing can migrate the thread between the readings.  */
static void check_on_cpu(int cpu, bool registered)
{
	unsigned int sys_cpu, sys_node;

	REQUIRE(syscall(SYS_getcpu, &sys_cpu, &sys_node, NULL) == 0);
	const long raw = rseq_current_cpu_raw(), start = rseq_cpu_start();
	const long current = rseq_current_cpu(), ours = rseq_sched_getcpu();
	const long libc = sched_getcpu(), fallback = rseq_fallback_current_cpu();
	const long node = rseq_current_node_id(), fallback_node = rseq_fallback_current_node();

	check_value(cpu, "the getcpu system call's CPU", sys_cpu, cpu);
	check_value(cpu, "rseq_current_cpu_raw()", raw,
		    registered ? cpu : RSEQ_ABI_CPU_ID_REGISTRATION_FAILED);
	check_value(cpu, "rseq_cpu_start()", start, registered ? cpu : 0);
	check_value(cpu, "rseq_current_cpu()", current, cpu);
	check_value(cpu, "rseq_sched_getcpu()", ours, cpu);
	check_value(cpu, "sched_getcpu()", libc, cpu);
	check_value(cpu, "rseq_fallback_current_cpu()", fallback, cpu);
	check_value(cpu, "rseq_current_node_id() (the getcpu system call's node)", node,
		    sys_node);
	check_value(cpu, "rseq_fallback_current_node() (the getcpu system call's node)",
		    fallback_node, sys_node);
}

int main(int argc, char **argv)
{
	char why[256];

	REQUIRE(argc == 2);
	const bool registered = !strcmp(argv[1], "registered");
	const int highest = highest_possible_cpu(why, sizeof(why));
	/* Without the list, as many bits as the kernel's affinity masks need.  */
	int nr_bits = highest + 1 > CPU_SETSIZE ? highest + 1 : CPU_SETSIZE;
	size_t size;
	cpu_set_t *allowed;
	for (;;) {
		size = CPU_ALLOC_SIZE(nr_bits);
		allowed = CPU_ALLOC(nr_bits);
		REQUIRE(allowed);
		if (sched_getaffinity(0, size, allowed) == 0)
			break;
		REQUIRE(errno == EINVAL && highest < 0 && nr_bits < 1 << 22);
		CPU_FREE(allowed);
		nr_bits *= 2;
	}
	cpu_set_t *one = CPU_ALLOC(nr_bits), *after = CPU_ALLOC(nr_bits);
	REQUIRE(one && after);

	plan(CPU_COUNT_S(size, allowed) * CHECKS_PER_CPU + OTHER_CHECKS);
	const int max = rseq_get_max_nr_cpus();
	const int max_errno = errno;
	if (highest < 0)
		unsupported("rseq_get_max_nr_cpus() is one more than the highest possible CPU: %s",
			    why);
	else if (max == highest + 1)
		check(true, "rseq_get_max_nr_cpus() is one more than the highest possible CPU");
	else
		check(false, "rseq_get_max_nr_cpus() is %d, one more than the highest "
			     "possible CPU (got %d)", highest + 1, max);

	int highest_allowed = -1;
	for (int cpu = 0; cpu < nr_bits; cpu++) {
		if (!CPU_ISSET_S(cpu, size, allowed))
			continue;
		highest_allowed = cpu;
		CPU_ZERO_S(size, one);
		CPU_SET_S(cpu, size, one);
		REQUIRE(sched_setaffinity(0, size, one) == 0);
		check_on_cpu(cpu, registered);
	}
	/* librseq has nothing but the list to go by: it fails without it.  */
	if (highest < 0 && max < 0)
		unsupported("rseq_get_max_nr_cpus() is above every allowed CPU: it failed (%s), "
			    "and %s", strerror(max_errno), why);
	else
		check(max > highest_allowed, "rseq_get_max_nr_cpus() is above every allowed CPU");

	REQUIRE(sched_setaffinity(0, size, allowed) == 0);
	REQUIRE(sched_getaffinity(0, size, after) == 0);
	check(CPU_EQUAL_S(size, allowed, after), "the original affinity is back");
	return 0;
}
