/* SPDX-License-Identifier: MIT */
/* unreadable-possible: librseq in a process that cannot read
   /sys/devices/system/cpu/possible (a sandbox without /sys), from its load
   on.  This program's own open() is the one librseq calls, and it refuses
   that path with EACCES until told otherwise: rseq_get_max_nr_cpus() must
   fail with the error rather than guess, cpu_opv() must still work (its
   fence tables were sized without the list), and the failure must not
   stay cached once the list can be read.  */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <rseq/rseq.h>
#include "check.h"

/* Not from <fcntl.h>, whose declarations these definitions replace.  */
#define AT_FDCWD_VALUE	(-100)
#define O_CREAT_VALUE	0100
#define O_TMPFILE_VALUE	020200000

static const char possible[] = "/sys/devices/system/cpu/possible";
static bool refuse = true;

static int open_or_refuse(const char *path, int flags, va_list ap)
{
	const unsigned int mode = (flags & O_CREAT_VALUE) ||
		(flags & O_TMPFILE_VALUE) == O_TMPFILE_VALUE ? va_arg(ap, unsigned int) : 0;

	if (refuse && !strcmp(path, possible)) {
		errno = EACCES;
		return -1;
	}
	return (int) syscall(SYS_openat, AT_FDCWD_VALUE, path, flags, mode);
}

int open(const char *path, int flags, ...);

int open(const char *path, int flags, ...)
{
	va_list ap;

	va_start(ap, flags);
	const int fd = open_or_refuse(path, flags, ap);
	va_end(ap);
	return fd;
}

/* The name a build with 64-bit file offsets calls.  */
int open64(const char *path, int flags, ...) __attribute__((alias("open")));

int main(void)
{
	plan(3);
	errno = 0;
	const int max = rseq_get_max_nr_cpus();
	check_why(max == -1 && errno == EACCES,
		  "without the possible-CPU list, rseq_get_max_nr_cpus() fails with its errno",
		  "returned %d, errno %d", max, errno);

	intptr_t word = 0;
	struct cpu_op op;
	memset(&op, 0, sizeof(op));
	op.op = CPU_ADD_OP;
	op.len = sizeof(word);
	op.u.arithmetic_op.p = (uint64_t) (uintptr_t) &word;
	op.u.arithmetic_op.count = 1;
	const int cpu = rseq_current_cpu();
	const int by_cpu = cpu_opv(&op, 1, cpu, 0);
	const int by_cid = cpu_opv(&op, 1, 0, CPU_OP_MM_CID_FLAG);
	check_why(cpu >= 0 && by_cpu == 0 && by_cid == 0 && word == 2,
		  "without the list, cpu_opv() works on the current CPU and on mm_cid 0",
		  "on CPU %d: returned %d and %d (errno %d), word %ld", cpu, by_cpu, by_cid, errno,
		  (long) word);

	refuse = false;
	const int later = rseq_get_max_nr_cpus();
	check_why(later > cpu, "once the list can be read, rseq_get_max_nr_cpus() answers",
		  "returned %d (errno %d)", later, errno);
	return 0;
}
