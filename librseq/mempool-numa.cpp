/* SPDX-License-Identifier: MIT */
/* rseq_mempool_range_init_numa: a CPU's pages to the CPU's node, with the
   move_pages system call, so that librseq.so needs no NUMA library.  */
#include <dirent.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "internal/export.h"
#include "internal/syscall.h"

namespace {

// The node sysfs lists under the CPU's directory, or -1 without NUMA.
int node_of_cpu(int cpu)
{
	char path[64];

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d", cpu);
	DIR *dir = opendir(path);
	if (!dir)
		return -1;
	int node = -1;
	while (const dirent *entry = readdir(dir)) {
		if (!strncmp(entry->d_name, "node", 4) && entry->d_name[4] >= '0' &&
		    entry->d_name[4] <= '9') {
			node = atoi(entry->d_name + 4);
			break;
		}
	}
	closedir(dir);
	return node;
}

enum { BATCH = 64 };

} // namespace

extern "C" RSEQ_EXPORT int rseq_mempool_range_init_numa(void *addr, size_t len, int cpu,
							 int numa_flags)
{
	const long page = sysconf(_SC_PAGESIZE);
	const int node = cpu < 0 ? -1 : node_of_cpu(cpu);

	if (node < 0 || !len)
		return 0;
	const uintptr_t start = (uintptr_t) addr & ~((uintptr_t) page - 1);
	const uintptr_t end = (uintptr_t) addr + len;
	void *pages[BATCH];
	int nodes[BATCH], status[BATCH];

	for (uintptr_t p = start; p < end;) {
		unsigned long n = 0;

		for (; n < BATCH && p < end; n++, p += (uintptr_t) page) {
			pages[n] = (void *) p;
			nodes[n] = node;
		}
		const long ret = librseq::kernel_call(SYS_move_pages, 0L, n, pages, nodes, status,
						      numa_flags);
		// A kernel without NUMA has nothing to move.
		if (ret == -ENOSYS)
			return 0;
		if (ret < 0)
			return (int) librseq::set_errno_from(ret);
	}
	return 0;
}
