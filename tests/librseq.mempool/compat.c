/* SPDX-License-Identifier: MIT */
/* compat: a program written against the established librseq API, as its
   users write them: per-CPU counters and lists in pool items, list nodes
   from a set of global pools, threads, errno, perror() and abort() from
   <rseq/rseq.h> alone.  It must build unchanged (mempool.exp builds it with
   -Wall -Wextra -Werror) and count exactly; it says so on its last line.  */
#include <stddef.h>
#include <stdint.h>
#include <rseq/rseq.h>
#include <rseq/mempool.h>

#define NR_THREADS	4
#define REPS		100000
#define NR_NODES	64

struct percpu_count {
	intptr_t count;
};

struct percpu_list_node {
	intptr_t data;
	struct percpu_list_node *next;
};

struct percpu_list {
	struct percpu_list_node *head;
};

static struct percpu_count __rseq_percpu *count;
static struct percpu_list __rseq_percpu *list;

static void *count_thread(void *arg)
{
	(void) arg;
	if (rseq_register_current_thread()) {
		perror("rseq_register_current_thread");
		abort();
	}
	for (long i = 0; i < REPS; i++) {
		int ret, cpu;

		do {
			cpu = rseq_cpu_start();
			ret = rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
						       &rseq_percpu_ptr(count, cpu)->count, 1, cpu);
		} while (rseq_unlikely(ret));
	}
	if (rseq_unregister_current_thread()) {
		perror("rseq_unregister_current_thread");
		abort();
	}
	return NULL;
}

static void list_push(struct percpu_list_node *node)
{
	for (;;) {
		int cpu = rseq_cpu_start();
		struct percpu_list *l = rseq_percpu_ptr(list, cpu);
		intptr_t expect = (intptr_t) RSEQ_READ_ONCE(l->head);

		node->next = (struct percpu_list_node *) expect;
		if (!rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID,
					       (intptr_t *) &l->head, expect, (intptr_t) node,
					       cpu))
			return;
	}
}

static struct percpu_list_node *list_pop(void)
{
	for (;;) {
		int cpu = rseq_cpu_start();
		struct percpu_list *l = rseq_percpu_ptr(list, cpu);
		intptr_t head;
		int ret = rseq_load_cbeq_store_add_load_store__ptr(
			RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, (intptr_t *) &l->head, 0,
			offsetof(struct percpu_list_node, next), &head, cpu);

		if (ret == 0)
			return (struct percpu_list_node *) head;
		if (ret > 0)
			return NULL;
	}
}

static void *list_thread(void *arg)
{
	(void) arg;
	if (rseq_register_current_thread())
		abort();
	for (long i = 0; i < REPS; i++) {
		struct percpu_list_node *node = list_pop();

		if (node)
			list_push(node);
	}
	if (rseq_unregister_current_thread())
		abort();
	return NULL;
}

int main(void)
{
	struct rseq_mempool *counters, *lists;
	struct rseq_mempool_set *set;
	struct rseq_mempool_attr *attr;
	pthread_t tid[NR_THREADS];
	long long total = 0, sum = 0, expected_sum = 0;
	int nr_cpus, i, cpu, found = 0;

	counters = rseq_mempool_create("counters", sizeof(struct percpu_count), NULL);
	lists = rseq_mempool_create("lists", sizeof(struct percpu_list), NULL);
	if (!counters || !lists) {
		perror("rseq_mempool_create");
		abort();
	}
	nr_cpus = rseq_mempool_get_max_nr_cpus(counters);
	count = (struct percpu_count __rseq_percpu *) rseq_mempool_percpu_zmalloc(counters);
	list = (struct percpu_list __rseq_percpu *) rseq_mempool_percpu_zmalloc(lists);

	/* Nodes of different sizes from a set of global pools.  */
	attr = rseq_mempool_attr_create();
	set = rseq_mempool_set_create();
	if (!attr || !set || rseq_mempool_attr_set_global(attr, RSEQ_MEMPOOL_STRIDE))
		abort();
	for (size_t len = 16; len <= 256; len <<= 1) {
		if (rseq_mempool_set_add_pool(set, rseq_mempool_create("nodes", len, attr))) {
			perror("rseq_mempool_set_add_pool");
			abort();
		}
	}
	if (rseq_mempool_set_add_pool(set, rseq_mempool_create("again", 16, attr)) == 0 ||
	    errno != EBUSY)
		abort();
	rseq_mempool_attr_destroy(attr);
	for (i = 0; i < NR_NODES; i++) {
		struct percpu_list_node *node = (struct percpu_list_node *)
			rseq_mempool_set_zmalloc(set, sizeof(*node) + (size_t) i * 3);

		if (!node)
			abort();
		node->data = i;
		expected_sum += i;
		cpu = i % nr_cpus;
		node->next = rseq_percpu_ptr(list, cpu)->head;
		rseq_percpu_ptr(list, cpu)->head = node;
	}

	for (i = 0; i < NR_THREADS; i++)
		if (pthread_create(&tid[i], NULL, i % 2 ? list_thread : count_thread, NULL))
			abort();
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(tid[i], NULL);

	for (cpu = 0; cpu < nr_cpus; cpu++) {
		total += rseq_percpu_ptr(count, cpu)->count;
		for (struct percpu_list_node *n = rseq_percpu_ptr(list, cpu)->head, *next; n;
		     n = next) {
			next = n->next;
			sum += n->data;
			found++;
			rseq_mempool_free(n);
		}
	}
	printf("counter: %lld (expected %lld)\n", total, (long long) (NR_THREADS / 2) * REPS);
	printf("list: %d nodes, sum %lld (expected %d, %lld)\n", found, sum, NR_NODES,
	       expected_sum);
	rseq_mempool_percpu_free(count);
	rseq_mempool_percpu_free(list);
	if (rseq_mempool_destroy(counters) || rseq_mempool_destroy(lists) ||
	    rseq_mempool_set_destroy(set))
		abort();
	assert(found == NR_NODES);
	if (total != (long long) (NR_THREADS / 2) * REPS || sum != expected_sum)
		return 1;
	printf("exact\n");
	return 0;
}
