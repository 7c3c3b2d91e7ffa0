/* SPDX-License-Identifier: MIT */
/* memcpy: per-CPU arrays of items stored by value.  Push copies the item
   into the free slot (speculative) and stores the new offset (commit) with
   rseq_load_cbne_memcpy_store__ptr, in the memory order of -R; pop copies
   the top item out to the thread's own buffer and stores the lower offset,
   with the same operation (relaxed).  Every word of an item derives from
   its id, so that a torn or short copy shows.  */
#include "pool.h"

struct value {
	intptr_t id;
	intptr_t check[3];	/* value_check(id, i) */
};

struct value_buffer {
	intptr_t offset;	/* items in array */
	struct value *array;
} __attribute__((aligned(64)));

static long capacity;
static struct value_buffer *buffers;

static void memcpy_init(long n)
{
	capacity = n;
	buffers = stress_percpu_alloc(sizeof(*buffers));
	for (int idx = 0; idx < stress_nr_slots; idx++)
		STRESS_SLOT(buffers, idx)->array = stress_alloc((size_t) n, sizeof(struct value));
}

static intptr_t value_check(intptr_t id, int i)
{
	return ~id + i;
}

static struct value make_value(long id)
{
	struct value v = { .id = id };

	for (int i = 0; i < 3; i++)
		v.check[i] = value_check(id, i);
	return v;
}

static long value_id(const struct value *v)
{
	for (int i = 0; i < 3; i++)
		if (v->check[i] != value_check(v->id, i))
			return -1;
	return (long) v->id;
}

static void memcpy_seed(int idx, long id)
{
	struct value_buffer *b = STRESS_SLOT(buffers, idx);

	b->array[b->offset++] = make_value(id);
}

static int memcpy_pop_at(int idx, long *id)
{
	struct value_buffer *b = STRESS_SLOT(buffers, idx);
	const intptr_t offset = RSEQ_READ_ONCE(b->offset);
	struct value out;

	if (offset == 0)
		return POOL_EMPTY;
	inject_window();
	const int ret = STRESS_OP(rseq_load_cbne_memcpy_store__ptr, RSEQ_MO_RELAXED,
				  inject_options.mode, &b->offset, offset, &out,
				  &b->array[offset - 1], sizeof(out), offset - 1, idx);

	if (ret == 0)
		*id = value_id(&out);
	return ret;
}

static int memcpy_push_at(int idx, long id)
{
	struct value_buffer *b = STRESS_SLOT(buffers, idx);
	const intptr_t offset = RSEQ_READ_ONCE(b->offset);
	struct value in = make_value(id);

	if (offset == capacity)
		return POOL_FULL;
	inject_window();
	return STRESS_OP(rseq_load_cbne_memcpy_store__ptr, inject_options.mo,
			 inject_options.mode, &b->offset, offset, &b->array[offset], &in,
			 sizeof(in), offset + 1, idx);
}

static void memcpy_drain(int idx, void (*found)(long id))
{
	const struct value_buffer *b = STRESS_SLOT(buffers, idx);

	for (intptr_t i = 0; i < b->offset && i < capacity; i++)
		found(value_id(&b->array[i]));
}

static const struct pool memcpy_pool = {
	memcpy_init, memcpy_seed, memcpy_pop_at, memcpy_push_at, memcpy_drain,
};

static void memcpy_run(void)
{
	pool_run(&memcpy_pool);
}

const struct stress_test stress_memcpy = { "memcpy", POOL_CHECKS, memcpy_run };
