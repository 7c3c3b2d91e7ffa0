/* SPDX-License-Identifier: MIT */
/* cpu_opv() on memory that has never been touched: 16384 copies of 4096
   bytes into a fresh 64 MB mapping (every destination page faults in
   during the call), 16384 copies out of another one (zero pages, read
   faults), then copies into huge pages where the system has them (the
   "hugetlb" probe, else "thp": see probe.h).  The data is checked after
   each phase.  */
#define _GNU_SOURCE
#include <stdio.h>
#include "opv-test.h"
#include "probe.h"

enum { PAGE = 4096, COPIES = 16384 };
#define REGION	((size_t) COPIES * PAGE)	/* 64 MB */
#define HUGE	((size_t) 2 << 20)

static int here;

/* The source of copy i: a pattern with i in its first and last words, so
   that a copy landing on the wrong page, or a short one, is caught.  */
static void make_source(unsigned char *src, uint64_t i)
{
	for (size_t b = 0; b < PAGE; b++)
		src[b] = (unsigned char) (b * 11 + i);
	memcpy(src, &i, 8);
	memcpy(src + PAGE - 8, &i, 8);
}

/* Copies page i of the source pattern into dst + i * PAGE for i < n, then
   checks every page; returns the first wrong page, or -1.  *ret: the first
   non-zero return.  */
static long copy_pages(unsigned char *dst, size_t n, int *ret)
{
	static unsigned char src[PAGE], want[PAGE];

	*ret = 0;
	for (size_t i = 0; i < n && *ret == 0; i++) {
		make_source(src, i);
		struct cpu_op op = opv_memcpy(CPU_MEMCPY_OP, dst + i * PAGE, src, PAGE);
		*ret = cpu_opv(&op, 1, here, 0);
	}
	for (size_t i = 0; i < n; i++) {
		make_source(want, i);
		if (memcmp(dst + i * PAGE, want, PAGE))
			return (long) i;
	}
	return -1;
}

static void fresh_destinations(void)
{
	unsigned char *dst = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int ret;

	REQUIRE(dst != MAP_FAILED);
	const long bad = copy_pages(dst, COPIES, &ret);
	check_why(ret == 0 && bad < 0, "16384 copies of 4096 bytes into 64 MB never touched",
		  "a call returned %d (errno %d); first wrong page %ld", ret, errno, bad);
	munmap(dst, REGION);
}

static void fresh_sources(void)
{
	const unsigned char *src = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	static unsigned char dst[PAGE], zero[PAGE];
	int ret = 0;
	long bad = -1;

	REQUIRE(src != MAP_FAILED);
	for (size_t i = 0; i < COPIES && ret == 0 && bad < 0; i++) {
		memset(dst, 0xff, PAGE);
		struct cpu_op op = opv_memcpy(CPU_MEMCPY_OP, dst, src + i * PAGE, PAGE);
		ret = cpu_opv(&op, 1, here, 0);
		if (memcmp(dst, zero, PAGE))
			bad = (long) i;
	}
	check_why(ret == 0 && bad < 0, "16384 copies of 4096 bytes out of 64 MB never touched",
		  "a call returned %d (errno %d); first wrong page %ld", ret, errno, bad);
	munmap((void *) src, REGION);
}

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

/* The selected transparent huge page mode ("always", "madvise", "never"),
   or "" when the kernel has none.  */
static void thp_mode(char *mode, size_t size)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char line[128] = "";

	mode[0] = 0;
	if (!f)
		return;
	if (fgets(line, sizeof(line), f)) {
		char *open = strchr(line, '['), *close = open ? strchr(open, ']') : NULL;
		if (open && close && (size_t) (close - open) < size) {
			memcpy(mode, open + 1, (size_t) (close - open - 1));
			mode[close - open - 1] = 0;
		}
	}
	fclose(f);
}

/* AnonHugePages of the mapping that contains p, in kB, or -1.  */
static long anon_huge_kb(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[256];
	bool inside = false;
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long start, end;
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2)
			inside = (uintptr_t) p >= start && (uintptr_t) p < end;
		else if (inside && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

/* Two huge pages, copied into page by page, plus one copy that straddles
   the boundary between them.  */
static void huge_copies(unsigned char *region, const char *how)
{
	static unsigned char src[PAGE];
	char name[160];
	int ret;

	const long bad = copy_pages(region, 2 * HUGE / PAGE, &ret);
	make_source(src, 12345);
	struct cpu_op op = opv_memcpy(CPU_MEMCPY_OP, region + HUGE - PAGE / 2, src, PAGE);
	const int straddle = cpu_opv(&op, 1, here, 0);
	snprintf(name, sizeof(name), "copies into huge pages (%s), one across their boundary", how);
	check_why(ret == 0 && bad < 0 && straddle == 0 &&
		  !memcmp(region + HUGE - PAGE / 2, src, PAGE),
		  name, "returned %d then %d (errno %d); first wrong page %ld", ret, straddle,
		  errno, bad);
}

/* The "hugetlb" probe: two huge pages from the pool.  A private mapping
   reserves its pages when it is made, so success means they are there.
   NULL when there are none, and WHY says why.  */
static unsigned char *map_hugetlb(char *why, size_t size)
{
	if (probe_forced_absent("hugetlb")) {
		snprintf(why, size, "hugetlb: %s", PROBE_FORCED_WHY);
		return NULL;
	}
	unsigned char *region = mmap(NULL, 2 * HUGE, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (region == MAP_FAILED) {
		snprintf(why, size, "hugetlb: MAP_HUGETLB failed (%s; vm.nr_hugepages %ld)",
			 strerror(errno), read_long("/proc/sys/vm/nr_hugepages"));
		return NULL;
	}
	return region;
}

/* The "thp" probe: two huge-page-aligned pages of *MAP (3 * HUGE bytes)
   that the kernel was asked to back with transparent huge pages.  Whether
   it did is known only once they are touched (see huge_pages()).  */
static unsigned char *map_thp(unsigned char **map, char *why, size_t size)
{
	char mode[16];

	if (probe_forced_absent("thp")) {
		snprintf(why, size, "thp: %s", PROBE_FORCED_WHY);
		return NULL;
	}
	thp_mode(mode, sizeof(mode));
	if (!mode[0] || !strcmp(mode, "never")) {
		snprintf(why, size, "thp: transparent huge pages are %s",
			 mode[0] ? "disabled (never)" : "not in this kernel");
		return NULL;
	}
	*map = mmap(NULL, 3 * HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(*map != MAP_FAILED);
	unsigned char *region = (unsigned char *) (((uintptr_t) *map + HUGE - 1) & ~(HUGE - 1));
	if (madvise(region, 2 * HUGE, MADV_HUGEPAGE)) {
		snprintf(why, size, "thp: madvise(MADV_HUGEPAGE) failed (%s)", strerror(errno));
		munmap(*map, 3 * HUGE);
		return NULL;
	}
	return region;
}

/* Pages from the hugetlb pool, or else transparent huge pages: the second
   is the only kind most machines have, and must run where the first is
   missing.  */
static void huge_pages(void)
{
	char no_hugetlb[160], no_thp[160];
	unsigned char *map;

	unsigned char *region = map_hugetlb(no_hugetlb, sizeof(no_hugetlb));
	if (region) {
		huge_copies(region, "MAP_HUGETLB");
		munmap(region, 2 * HUGE);
		return;
	}
	note("%s; trying transparent huge pages", no_hugetlb);
	region = map_thp(&map, no_thp, sizeof(no_thp));
	if (!region) {
		unsupported("copies into huge pages: %s; %s", no_hugetlb, no_thp);
		return;
	}
	huge_copies(region, "transparent, madvise(MADV_HUGEPAGE)");
	/* The kernel may give small pages instead (fragmented memory, defrag
	   settings): the copies ran all the same, but not into huge pages.  */
	const long kb = anon_huge_kb(region);
	if (kb > 0)
		note("%ld kB of the region are in transparent huge pages", kb);
	else if (kb == 0)
		note("the kernel gave the region no transparent huge page (AnonHugePages 0 kB): "
		     "the copies went to small pages");
	else
		note("whether the region is in transparent huge pages is unknown: no "
		     "AnonHugePages for it in /proc/self/smaps");
	munmap(map, 3 * HUGE);
}

int main(void)
{
	plan(3);
	here = opv_here();
	fresh_destinations();
	fresh_sources();
	huge_pages();
	return 0;
}
