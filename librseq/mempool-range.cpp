/* SPDX-License-Identifier: MIT */
/* Mapping a pool's ranges, and the one way their items are written.  */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "internal/mempool.h"
#include "internal/syscall.h"

namespace librseq::mempool {

namespace {

bool cow_init(const Pool *pool)
{
	return !pool->attr.global && pool->attr.policy == RSEQ_MEMPOOL_POPULATE_COW_INIT;
}

// A file of one stride of zeros; -errno.  Through the system call: memfd_create(3)
// is younger than the glibc versions we run on.
int init_values_file(const Pool *pool)
{
	const long fd = kernel_call(SYS_memfd_create, pool->name ? pool->name : "rseq_mempool",
				    (unsigned int) MFD_CLOEXEC);
	if (fd < 0)
		return (int) fd;
	if (ftruncate((int) fd, (off_t) pool->stride) != 0) {
		const int err = errno;

		close((int) fd);
		return -err;
	}
	return (int) fd;
}

// COW_INIT: every CPU's stride becomes a private mapping of one file, and the
// range keeps a shared view of it.  Without memfd (an old kernel, a seccomp
// filter), the range stays anonymous: correct, only dearer to initialise.
int map_init_values(Range *range, const Pool *pool)
{
	const int fd = init_values_file(pool);
	if (fd == -ENOSYS || fd == -EPERM || fd == -EACCES)
		return 0;
	if (fd < 0)
		return fd;
	int err = 0;
	void *view = mmap(NULL, pool->stride, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (view == MAP_FAILED) {
		err = -errno;
	} else {
		range->init_values = static_cast<uint8_t *>(view);
		for (int cpu = 0; cpu < pool->nr_cpus && !err; cpu++)
			if (mmap(range_cpu(range, pool->stride, cpu), pool->stride,
				 PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd,
				 0) == MAP_FAILED)
				err = -errno;
	}
	close(fd);
	return err;
}

// The reservation: a header page, then the strides, from an address that is
// a multiple of the stride; what the alignment did not need goes back.
uint8_t *reserve(const Pool *pool)
{
	const size_t span = pool->stride * (size_t) pool->nr_cpus;
	const size_t len = pool->page_len + span + pool->stride;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	const uintptr_t start = (uintptr_t) p;
	const uintptr_t base = (start + pool->page_len + pool->stride - 1) & ~(pool->stride - 1);
	const uintptr_t head = base - pool->page_len - start;
	const uintptr_t tail = start + len - (base + span);

	if (head)
		munmap(p, head);
	if (tail)
		munmap((void *) (base + span), tail);
	return (uint8_t *) base;
}

int call_init(const Range *range, const Pool *pool)
{
	if (!pool->attr.init_func)
		return 0;
	for (int cpu = 0; cpu < pool->nr_cpus; cpu++) {
		errno = 0;
		if (pool->attr.init_func(pool->attr.init_priv, range_cpu(range, pool->stride, cpu),
					 pool->stride, pool->attr.global ? -1 : cpu))
			// A callback that failed without saying why.
			return errno ? -errno : -ECANCELED;
	}
	return 0;
}

void unmap_memory(Range *range)
{
	const Pool *pool = range->pool;

	munmap(range->base - pool->page_len,
	       pool->page_len + pool->stride * (size_t) pool->nr_cpus);
	if (range->init_values)
		munmap(range->init_values, pool->stride);
}

} // namespace

Range *range_map(Pool *pool)
{
	const uint32_t nr_items = (uint32_t) (pool->stride / pool->item_len);
	const size_t links = pool->cache_heads ? nr_items * sizeof(CacheLink) : 0;
	const size_t meta = sizeof(Range) + links + nr_items * (sizeof(uint32_t) + 1);
	Range *range = static_cast<Range *>(calloc(1, meta));

	if (!range)
		return NULL;
	range->pool = pool;
	range->nr_items = nr_items;
	range->cache_heads = pool->cache_heads;
	range->item_order = pool->item_order;
	range->push_only = pool->cache_heads && !pool->attr.robust && !pool->attr.poison_set;
	range->links = links ? reinterpret_cast<CacheLink *>(range + 1) : nullptr;
	range->free_next = reinterpret_cast<uint32_t *>(reinterpret_cast<uint8_t *>(range + 1) +
							links);
	range->state = reinterpret_cast<uint8_t *>(range->free_next + nr_items);
	range->base = reserve(pool);
	if (!range->base) {
		free(range);
		errno = ENOMEM;
		return NULL;
	}
	reinterpret_cast<Range **>(range->base)[-1] = range;
	int err = cow_init(pool) ? map_init_values(range, pool) : 0;
	if (!err)
		err = call_init(range, pool);
	if (err) {
		unmap_memory(range);
		free(range);
		errno = -err;
		return NULL;
	}
	return range;
}

void range_unmap(Range *range)
{
	unmap_memory(range);
	free(range);
}

void range_fill(Range *range, size_t offset, const Fill &fill)
{
	const Pool *pool = range->pool;
	const size_t item_len = pool->item_len;
	const size_t copied = fill.kind == Fill::COPY ? fill.len : 0;

	if (fill.kind == Fill::NONE)
		return;
	if (range->init_values && !__atomic_load_n(&range->init_frozen, __ATOMIC_RELAXED)) {
		if (copied)
			memcpy(range->init_values + offset, fill.src, copied);
		memset(range->init_values + offset + copied, 0, item_len - copied);
	}
	for (int cpu = 0; cpu < pool->nr_cpus; cpu++) {
		uint8_t *item = range_cpu(range, pool->stride, cpu) + offset;

		if (copied && memcmp(item, fill.src, copied))
			memcpy(item, fill.src, copied);
		for (size_t i = copied; i < item_len; i++)
			if (item[i]) {
				memset(item + i, 0, item_len - i);
				break;
			}
	}
}

void range_fill_word(Range *range, size_t offset, uintptr_t word)
{
	const Pool *pool = range->pool;
	const size_t n = pool->item_len / sizeof(uintptr_t);

	if (range->init_values && !__atomic_load_n(&range->init_frozen, __ATOMIC_RELAXED))
		for (size_t i = 0; i < n; i++)
			reinterpret_cast<uintptr_t *>(range->init_values + offset)[i] = word;
	for (int cpu = 0; cpu < pool->nr_cpus; cpu++) {
		uintptr_t *item = reinterpret_cast<uintptr_t *>(range_cpu(range, pool->stride, cpu) +
								offset);
		for (size_t i = 0; i < n; i++)
			if (item[i] != word)
				item[i] = word;
	}
}

bool range_holds_word(const Range *range, size_t offset, uintptr_t word)
{
	const Pool *pool = range->pool;
	const size_t n = pool->item_len / sizeof(uintptr_t);

	for (int cpu = 0; cpu < pool->nr_cpus; cpu++) {
		const uintptr_t *item = reinterpret_cast<const uintptr_t *>(
			range_cpu(range, pool->stride, cpu) + offset);
		for (size_t i = 0; i < n; i++)
			if (item[i] != word)
				return false;
	}
	return true;
}

} // namespace librseq::mempool
