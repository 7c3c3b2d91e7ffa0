/* SPDX-License-Identifier: MIT */
/* list: per-CPU linked lists; push compares and stores the head
   (rseq_load_cbne_store__ptr), pop is
   rseq_load_cbeq_store_add_load_store__ptr (head := head->next unless the
   list is empty).  */
#include "pool.h"

struct node {
	intptr_t next;
	long id;
};

struct list_head {
	intptr_t head;		/* struct node *, 0 when empty */
} __attribute__((aligned(64)));

static struct node *nodes;
static long nr_nodes;
static struct list_head *lists;

static void list_init(long nr_items)
{
	nr_nodes = nr_items;
	nodes = stress_alloc((size_t) nr_items, sizeof(*nodes));
	lists = stress_percpu_alloc(sizeof(*lists));
}

static void list_seed(int idx, long id)
{
	nodes[id].id = id;
	nodes[id].next = STRESS_SLOT(lists, idx)->head;
	STRESS_SLOT(lists, idx)->head = (intptr_t) &nodes[id];
}

static long node_id(intptr_t p)
{
	const long i = pool_element(nodes, sizeof(*nodes), nr_nodes, p);

	return i < 0 ? -1 : nodes[i].id;
}

static int list_pop_at(int idx, long *id)
{
	intptr_t node;

	inject_window();
	const int ret = STRESS_OP(rseq_load_cbeq_store_add_load_store__ptr, RSEQ_MO_RELAXED,
				  inject_options.mode, &STRESS_SLOT(lists, idx)->head, 0,
				  offsetof(struct node, next), &node, idx);

	if (ret == 0)
		*id = node_id(node);
	/* The only comparison is with the empty list.  */
	return ret == 1 ? POOL_EMPTY : ret;
}

static int list_push_at(int idx, long id)
{
	const intptr_t head = RSEQ_READ_ONCE(STRESS_SLOT(lists, idx)->head);

	/* Only this thread sees the node until the head points to it.  */
	nodes[id].next = head;
	inject_window();
	return STRESS_OP(rseq_load_cbne_store__ptr, RSEQ_MO_RELAXED, inject_options.mode,
			 &STRESS_SLOT(lists, idx)->head, head, (intptr_t) &nodes[id], idx);
}

static void list_drain(int idx, void (*found)(long id))
{
	long steps = 0;

	/* A cycle would make the walk endless: more steps than nodes is one.  */
	for (intptr_t p = STRESS_SLOT(lists, idx)->head; p && steps <= nr_nodes; steps++) {
		const long id = node_id(p);

		found(id);
		if (id < 0)
			break;
		p = ((const struct node *) p)->next;
	}
}

static const struct pool list_pool = {
	list_init, list_seed, list_pop_at, list_push_at, list_drain,
};

static void list_run(void)
{
	pool_run(&list_pool);
}

const struct stress_test stress_list = { "list", POOL_CHECKS, list_run };
