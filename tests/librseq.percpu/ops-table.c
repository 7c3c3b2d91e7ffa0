/* SPDX-License-Identifier: MIT */
#include "ops.h"

/* Distinct values, so that a store of the wrong one shows.  */
#define V_OLD	((intptr_t) 0x1badb002)
#define V_NEW	((intptr_t) 0x0ddba11)
#define W_OLD	((intptr_t) 0x5eed)
#define V2_NEW	((intptr_t) 0xfeed)
#define ADDEND	((intptr_t) 7)
enum { ARRAY_INDEX = 2 };

void ops_reset(const struct ops_op *op, struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	f->v = V_OLD;
	f->w = W_OLD;
	f->base = (intptr_t) f->array;
	for (int i = 0; i < 4; i++)
		f->array[i] = 100 + i;
	memset(f->src, 's', sizeof(f->src));
	f->v2 = -2;
	f->load = -3;
	memset(f->dst, 'd', sizeof(f->dst));
	if (op->prepare)
		op->prepare(f);
}

static enum rseq_percpu_mode mode(void)
{
	return inject_options.mode;
}

/* The expected value made different when the comparison is to fail.  */
static intptr_t expected(intptr_t value, int differs, int which)
{
	return differs == which ? value + 1 : value;
}

static int cbne_store(const struct ops_op *op, struct fixture *f, int idx, int differs)
{
	return rseq_load_cbne_store__ptr(op->mo, mode(), &f->v, expected(V_OLD, differs, 1),
					 V_NEW, idx);
}

static void store_v_new(struct fixture *f)
{
	f->v = V_NEW;
}

/* A list of two nodes, n1 first.  */
static void prepare_list(struct fixture *f)
{
	f->v = (intptr_t) &f->n1;
	f->n1.next = (intptr_t) &f->n2;
	f->n2.next = 0;
}

/* The comparison fails when the head equals EXPECTNOT: an empty list,
   here simply the head itself.  */
static int cbeq_pop(const struct ops_op *op, struct fixture *f, int idx, int differs)
{
	return rseq_load_cbeq_store_add_load_store__ptr(
		op->mo, mode(), &f->v, differs == 1 ? (intptr_t) &f->n1 : 0,
		offsetof(struct list_node, next), &f->load, idx);
}

/* F is a copy: its pointers point into the fixture the call worked on.  */
static void apply_pop(struct fixture *f)
{
	f->load = f->v;
	f->v = ((const struct list_node *) f->v)->next;
}

static int add_store(const struct ops_op *op, struct fixture *f, int idx, int differs)
{
	(void) differs;
	return rseq_load_add_store__ptr(op->mo, mode(), &f->v, ADDEND, idx);
}

static void apply_add(struct fixture *f)
{
	f->v += ADDEND;
}

static int offset_add(const struct ops_op *op, struct fixture *f, int idx, int differs)
{
	(void) differs;
	return rseq_load_add_load_load_add_store__ptr(op->mo, mode(), &f->base,
						      ARRAY_INDEX * (long) sizeof(intptr_t),
						      ADDEND, idx);
}

static void apply_offset_add(struct fixture *f)
{
	f->array[ARRAY_INDEX] += ADDEND;
}

static int cbne_store_store(const struct ops_op *op, struct fixture *f, int idx, int differs)
{
	return rseq_load_cbne_store_store__ptr(op->mo, mode(), &f->v,
					       expected(V_OLD, differs, 1), &f->v2, V2_NEW,
					       V_NEW, idx);
}

static void apply_store_store(struct fixture *f)
{
	f->v2 = V2_NEW;
	f->v = V_NEW;
}

static int cbne_cbne_store(const struct ops_op *op, struct fixture *f, int idx, int differs)
{
	return rseq_load_cbne_load_cbne_store__ptr(op->mo, mode(), &f->v,
						   expected(V_OLD, differs, 1), &f->w,
						   expected(W_OLD, differs, 2), V_NEW, idx);
}

static int cbne_memcpy_store(const struct ops_op *op, struct fixture *f, int idx, int differs)
{
	/* An odd length: no word-sized shortcut covers it.  */
	return rseq_load_cbne_memcpy_store__ptr(op->mo, mode(), &f->v,
						expected(V_OLD, differs, 1), f->dst, f->src,
						sizeof(f->dst) - 1, V_NEW, idx);
}

static void apply_memcpy(struct fixture *f)
{
	memcpy(f->dst, f->src, sizeof(f->dst) - 1);
	f->v = V_NEW;
}

const struct ops_op ops_ops[] = {
	{ "load_cbne_store", RSEQ_MO_RELAXED, 1, NULL, cbne_store, store_v_new },
	{ "load_cbeq_store_add_load_store", RSEQ_MO_RELAXED, 1, prepare_list, cbeq_pop,
	  apply_pop },
	{ "load_add_store", RSEQ_MO_RELAXED, 0, NULL, add_store, apply_add },
	{ "load_add_load_load_add_store", RSEQ_MO_RELAXED, 0, NULL, offset_add,
	  apply_offset_add },
	{ "load_cbne_store_store", RSEQ_MO_RELAXED, 1, NULL, cbne_store_store,
	  apply_store_store },
	{ "load_cbne_store_store release", RSEQ_MO_RELEASE, 1, NULL, cbne_store_store,
	  apply_store_store },
	{ "load_cbne_load_cbne_store", RSEQ_MO_RELAXED, 2, NULL, cbne_cbne_store, store_v_new },
	{ "load_cbne_memcpy_store", RSEQ_MO_RELAXED, 1, NULL, cbne_memcpy_store, apply_memcpy },
	{ "load_cbne_memcpy_store release", RSEQ_MO_RELEASE, 1, NULL, cbne_memcpy_store,
	  apply_memcpy },
};
const int ops_nr_ops = sizeof(ops_ops) / sizeof(ops_ops[0]);
