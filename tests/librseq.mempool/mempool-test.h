/* SPDX-License-Identifier: MIT */
/* The mempool group's program: `mempool TEST', one test of rseq_mempool(3)
   per file, and what they share.  */
#ifndef LIBRSEQ_TESTS_MEMPOOL_TEST_H
#define LIBRSEQ_TESTS_MEMPOOL_TEST_H

#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <rseq/rseq.h>
#include <rseq/mempool.h>
#include "check.h"

struct mempool_test {
	const char *name;
	int checks;
	void (*run)(void);
};

extern const struct mempool_test test_attr, test_ranges, test_init, test_values, test_rss,
	test_fork, test_threads, test_sets, test_robust, test_robust_double_free,
	test_robust_leak, test_robust_write_after_free, test_mmcid;

/* The lines of /proc/self/maps: a failed call must leave none behind.  */
long mempool_nr_mappings(void);

/* A field of /proc/self/smaps_rollup in KiB ("Rss", "Pss", "Anonymous"),
   or -1 when the kernel has no such file.  */
long mempool_rollup_kib(const char *field);

/* Whether every byte of CPU CPU's copy of P (LEN bytes) is BYTE.  */
bool mempool_bytes_are(const void *p, size_t len, unsigned char byte);

/* An attribute made from the setters that must succeed.  */
struct rseq_mempool_attr *mempool_attr(size_t stride, int max_nr_cpus,
				       enum rseq_mempool_populate_policy policy);
/* Global, or per-CPU with MAX_NR_CPUS CPUs, the default stride.  */
struct rseq_mempool_attr *mempool_attr_kind(bool global, int max_nr_cpus);

#endif
