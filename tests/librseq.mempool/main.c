/* SPDX-License-Identifier: MIT */
/* mempool TEST: runs one test of rseq_mempool(3) and prints its checks.  */
#include <stdio.h>
#include "mempool-test.h"

static const struct mempool_test *const tests[] = {
	&test_attr, &test_ranges, &test_init, &test_values, &test_rss, &test_fork,
	&test_threads, &test_sets, &test_robust, &test_robust_double_free, &test_robust_leak,
	&test_robust_write_after_free, &test_mmcid,
};

long mempool_nr_mappings(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	long lines = 0;
	int c;

	REQUIRE(f);
	while ((c = getc(f)) != EOF)
		lines += c == '\n';
	fclose(f);
	return lines;
}

long mempool_rollup_kib(const char *field)
{
	FILE *f = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kib = -1;
	const size_t len = strlen(field);

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':')
			kib = strtol(line + len + 1, NULL, 10);
	fclose(f);
	return kib;
}

bool mempool_bytes_are(const void *p, size_t len, unsigned char byte)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i] != byte)
			return false;
	return true;
}

struct rseq_mempool_attr *mempool_attr(size_t stride, int max_nr_cpus,
				       enum rseq_mempool_populate_policy policy)
{
	struct rseq_mempool_attr *attr = rseq_mempool_attr_create();

	REQUIRE(attr);
	REQUIRE(rseq_mempool_attr_set_percpu(attr, stride, max_nr_cpus) == 0);
	REQUIRE(rseq_mempool_attr_set_populate_policy(attr, policy) == 0);
	return attr;
}

struct rseq_mempool_attr *mempool_attr_kind(bool global, int max_nr_cpus)
{
	struct rseq_mempool_attr *attr = rseq_mempool_attr_create();

	REQUIRE(attr);
	if (global)
		REQUIRE(rseq_mempool_attr_set_global(attr, 0) == 0);
	else
		REQUIRE(rseq_mempool_attr_set_percpu(attr, 0, max_nr_cpus) == 0);
	return attr;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s TEST\n", argv[0]);
		return 2;
	}
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (strcmp(tests[i]->name, argv[1]))
			continue;
		plan(tests[i]->checks);
		tests[i]->run();
		return 0;
	}
	fprintf(stderr, "%s: unknown test '%s'\n", argv[0], argv[1]);
	return 2;
}
