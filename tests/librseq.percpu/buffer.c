/* SPDX-License-Identifier: MIT */
/* buffer: per-CPU arrays of item pointers.  Push stores the item in the
   free slot (speculative) then the new offset (commit) with
   rseq_load_cbne_store_store__ptr, in the memory order of -R; pop checks
   both the offset and the top item and stores the lower offset
   (rseq_load_cbne_load_cbne_store__ptr): checking the offset alone would let
   a pop return an item another thread popped and replaced meanwhile.  */
#include "pool.h"

struct item {
	long id;
};

struct pointer_buffer {
	intptr_t offset;	/* items in array */
	intptr_t *array;	/* struct item * */
} __attribute__((aligned(64)));

static struct item *items;
static long nr_items, capacity;
static struct pointer_buffer *buffers;

static void buffer_init(long n)
{
	nr_items = capacity = n;
	items = stress_alloc((size_t) n, sizeof(*items));
	for (long id = 0; id < n; id++)
		items[id].id = id;
	buffers = stress_percpu_alloc(sizeof(*buffers));
	for (int idx = 0; idx < stress_nr_slots; idx++)
		STRESS_SLOT(buffers, idx)->array = stress_alloc((size_t) n, sizeof(intptr_t));
}

static void buffer_seed(int idx, long id)
{
	struct pointer_buffer *b = STRESS_SLOT(buffers, idx);

	b->array[b->offset++] = (intptr_t) &items[id];
}

static long item_id(intptr_t p)
{
	const long i = pool_element(items, sizeof(*items), nr_items, p);

	return i < 0 ? -1 : items[i].id;
}

static int buffer_pop_at(int idx, long *id)
{
	struct pointer_buffer *b = STRESS_SLOT(buffers, idx);
	const intptr_t offset = RSEQ_READ_ONCE(b->offset);

	if (offset == 0)
		return POOL_EMPTY;
	const intptr_t top = RSEQ_READ_ONCE(b->array[offset - 1]);

	inject_window();
	const int ret = STRESS_OP(rseq_load_cbne_load_cbne_store__ptr, RSEQ_MO_RELAXED,
				  inject_options.mode, &b->offset, offset, &b->array[offset - 1],
				  top, offset - 1, idx);

	if (ret == 0)
		*id = item_id(top);
	return ret;
}

static int buffer_push_at(int idx, long id)
{
	struct pointer_buffer *b = STRESS_SLOT(buffers, idx);
	const intptr_t offset = RSEQ_READ_ONCE(b->offset);

	if (offset == capacity)
		return POOL_FULL;
	inject_window();
	return STRESS_OP(rseq_load_cbne_store_store__ptr, inject_options.mo, inject_options.mode,
			 &b->offset, offset, &b->array[offset], (intptr_t) &items[id],
			 offset + 1, idx);
}

static void buffer_drain(int idx, void (*found)(long id))
{
	const struct pointer_buffer *b = STRESS_SLOT(buffers, idx);

	for (intptr_t i = 0; i < b->offset && i < capacity; i++)
		found(item_id(b->array[i]));
}

static const struct pool buffer_pool = {
	buffer_init, buffer_seed, buffer_pop_at, buffer_push_at, buffer_drain,
};

static void buffer_run(void)
{
	pool_run(&buffer_pool);
}

const struct stress_test stress_buffer = { "buffer", POOL_CHECKS, buffer_run };
