/* SPDX-License-Identifier: MIT */
/* Never run: abi-layout.exp compiles it as C and as C++ in each standard
   the public headers support, with warnings as errors.  HEADER_1 and
   HEADER_2 name the headers under test, included in that order and before
   anything else, so that a header relying on someone else's include shows.
   They are strings ("linux/rseq.h"): between <> the name would be
   macro-expanded, and `linux' is a macro in the GNU dialects.
   Each USE_* macro adds code that uses what one header offers, so that
   warnings from macro expansions and inline function bodies show too.  */
#include HEADER_1
#ifdef HEADER_2
# include HEADER_2
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef USE_RSEQ_COMPILER_H
RSEQ_BEGIN_DECLS
int use_compiler_h(int *shared, int value);
RSEQ_END_DECLS

struct two_ints {
	int first;
	int second;
};
RSEQ_STATIC_ASSERT(rseq_offsetofend(struct two_ints, first) == sizeof(int),
		   "rseq_offsetofend");

int use_compiler_h(int *shared, int value)
{
	static const char name[] = __rseq_str(RSEQ_BEGIN_DECLS);
	const int old = RSEQ_READ_ONCE(*shared);

	if (rseq_likely(value > 0))
		RSEQ_WRITE_ONCE(*shared, value);
	rseq_barrier();
	if (rseq_unlikely(old < 0))
		return name[0];
	return old;
}
#endif

#ifdef USE_RSEQ_ABI_H
size_t use_abi_h(struct rseq_abi *area, const struct rseq_abi_cs *cs);

size_t use_abi_h(struct rseq_abi *area, const struct rseq_abi_cs *cs)
{
	const enum rseq_abi_cpu_id_state states[] = {
		RSEQ_ABI_CPU_ID_UNINITIALIZED, RSEQ_ABI_CPU_ID_REGISTRATION_FAILED
	};
	const enum rseq_abi_flags flags = RSEQ_ABI_FLAG_UNREGISTER;
	const enum rseq_abi_cs_flags cs_flags[] = {
		RSEQ_ABI_CS_FLAG_NO_RESTART_ON_PREEMPT, RSEQ_ABI_CS_FLAG_NO_RESTART_ON_SIGNAL,
		RSEQ_ABI_CS_FLAG_NO_RESTART_ON_MIGRATE
	};
	union rseq_abi_ptr p;
	union rseq_abi_slice_ctrl ctrl;

	p.ptr64 = 0;
	p.arch.ptr = (uintptr_t) cs;
	area->rseq_cs = p;
	ctrl.all = area->slice_ctrl.all;
	ctrl.bits.request = 1;
	area->slice_ctrl = ctrl;
	return RSEQ_ABI_ORIG_SIZE + RSEQ_ABI_ORIG_FEATURE_SIZE + (size_t) states[1] +
	       (size_t) flags + (size_t) cs_flags[2] + area->cpu_id_start + area->cpu_id +
	       area->flags + area->node_id + area->mm_cid + ctrl.bits.granted + cs->version +
	       cs->flags + cs->start_ip + cs->post_commit_offset + cs->abort_ip;
}
#endif

#ifdef USE_RSEQ_ARCH_H
unsigned long use_arch_h(void);

unsigned long use_arch_h(void)
{
	return (unsigned long) (uintptr_t) rseq_thread_pointer() + RSEQ_SIG;
}
#endif

#ifdef USE_RSEQ_RSEQ_H
/* What programs written for the established librseq API use having
   included <rseq/rseq.h> only: it provides <errno.h>, <stdio.h>,
   <stdlib.h>, <pthread.h>, <signal.h>, <sched.h> and <assert.h>.  This
   block comes before any other include of this file (HEADER_1 may be
   <rseq/rseq.h> alone), and uses one name of each.  */
int use_rseq_h_standard_headers(void);

int use_rseq_h_standard_headers(void)
{
	int ret = 0;

	assert(rseq_offset != 1);
	errno = EBUSY;
	if (errno != EBUSY) {
		perror("rseq");
		abort();
	}
	if (pthread_equal(pthread_self(), pthread_self()) && sched_yield() == 0)
		ret = raise(0) + SIGABRT;
	return ret;
}

int use_rseq_h(void);

int use_rseq_h(void)
{
	struct rseq_abi *area = rseq_get_abi();
	int32_t sum = rseq_current_cpu_raw() + rseq_current_cpu() + rseq_current_node_id();
	const uint32_t usum = rseq_cpu_start() + rseq_current_mm_cid();

	if (rseq_node_id_available() && rseq_mm_cid_available() && area != NULL)
		sum++;
	if (rseq_available(RSEQ_AVAILABLE_QUERY_KERNEL) &&
	    !rseq_available(RSEQ_AVAILABLE_QUERY_LIBC) && rseq_owner() == RSEQ_OWNER_LIBRSEQ &&
	    rseq_register_current_thread() == 0) {
		sum += rseq_fallback_current_cpu() + rseq_fallback_current_node() +
		       rseq_get_max_nr_cpus() + rseq_sched_getcpu();
		rseq_clear_rseq_cs();
		rseq_prepare_unload();
		sum += rseq(area, RSEQ_ABI_ORIG_SIZE, 0, RSEQ_SIG);
		sum += rseq_unregister_current_thread();
	}
	return sum + (int32_t) usum + (int) rseq_size + (int) rseq_offset + (int) rseq_flags +
	       RSEQ_OWNER_NONE + RSEQ_OWNER_LIBC;
}
#endif

#ifdef USE_RSEQ_RSEQ_H
/* The barriers come from the architecture, but need <rseq/compiler.h>,
   which <rseq/arch.h> alone does not include.  */
long use_barriers(long *shared);

long use_barriers(long *shared)
{
	long seen = rseq_smp_load_acquire(shared);

	rseq_smp_mb();
	rseq_smp_rmb();
	rseq_smp_wmb();
	if (seen > 0)
		rseq_smp_acquire__after_ctrl_dep();
	rseq_smp_store_release(shared, seen + 1);
	return seen;
}

/* Each per-CPU operation through its dispatcher and in every instantiation
   (rseq_percpu_ops(3)).  */
int use_percpu_h(intptr_t *v, intptr_t *v2, char *dst, char *src, size_t len);

int use_percpu_h(intptr_t *v, intptr_t *v2, char *dst, char *src, size_t len)
{
	const enum rseq_mo unsupported[] = {
		RSEQ_MO_CONSUME, RSEQ_MO_ACQUIRE, RSEQ_MO_ACQ_REL, RSEQ_MO_SEQ_CST
	};
	const int cpu = (int) rseq_cpu_start();
	const struct rseq_opv_fence *fence = &rseq_opv_fence_table[RSEQ_PERCPU_CPU_ID][cpu];
	intptr_t load = 0;
	int sum = (int) fence->held + (int) fence->reserved[0] + (int) unsupported[3];

	sum += rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, v, 0, 1, cpu);
	sum += rseq_load_cbeq_store_add_load_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, v, 0,
							 0, &load, cpu);
	sum += rseq_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, v, 1, cpu);
	sum += rseq_load_add_load_load_add_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, v, 8, 1,
						      cpu);
	sum += rseq_load_cbne_store_store__ptr(RSEQ_MO_RELEASE, RSEQ_PERCPU_CPU_ID, v, 0, v2, 2, 1,
					       cpu);
	sum += rseq_load_cbne_load_cbne_store__ptr(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, v, 0, v2, 0,
						   1, cpu);
	sum += rseq_load_cbne_memcpy_store__ptr(RSEQ_MO_RELEASE, RSEQ_PERCPU_MM_CID, v, 0, dst, src,
						len, 1, cpu);

	sum += rseq_load_cbne_store__ptr_relaxed_cpu_id(v, 0, 1, cpu) +
	       rseq_load_cbne_store__ptr_relaxed_mm_cid(v, 0, 1, cpu);
	sum += rseq_load_cbeq_store_add_load_store__ptr_relaxed_cpu_id(v, 0, 0, &load, cpu) +
	       rseq_load_cbeq_store_add_load_store__ptr_relaxed_mm_cid(v, 0, 0, &load, cpu);
	sum += rseq_load_add_store__ptr_relaxed_cpu_id(v, 1, cpu) +
	       rseq_load_add_store__ptr_relaxed_mm_cid(v, 1, cpu);
	sum += rseq_load_add_load_load_add_store__ptr_relaxed_cpu_id(v, 8, 1, cpu) +
	       rseq_load_add_load_load_add_store__ptr_relaxed_mm_cid(v, 8, 1, cpu);
	sum += rseq_load_cbne_store_store__ptr_relaxed_cpu_id(v, 0, v2, 2, 1, cpu) +
	       rseq_load_cbne_store_store__ptr_relaxed_mm_cid(v, 0, v2, 2, 1, cpu) +
	       rseq_load_cbne_store_store__ptr_release_cpu_id(v, 0, v2, 2, 1, cpu) +
	       rseq_load_cbne_store_store__ptr_release_mm_cid(v, 0, v2, 2, 1, cpu);
	sum += rseq_load_cbne_load_cbne_store__ptr_relaxed_cpu_id(v, 0, v2, 0, 1, cpu) +
	       rseq_load_cbne_load_cbne_store__ptr_relaxed_mm_cid(v, 0, v2, 0, 1, cpu);
	sum += rseq_load_cbne_memcpy_store__ptr_relaxed_cpu_id(v, 0, dst, src, len, 1, cpu) +
	       rseq_load_cbne_memcpy_store__ptr_relaxed_mm_cid(v, 0, dst, src, len, 1, cpu) +
	       rseq_load_cbne_memcpy_store__ptr_release_cpu_id(v, 0, dst, src, len, 1, cpu) +
	       rseq_load_cbne_memcpy_store__ptr_release_mm_cid(v, 0, dst, src, len, 1, cpu);

	if (!rseq_arch_has_load_add_load_load_add_store())
		sum++;
	if (sum < -100)
		rseq_fatal("use_percpu_h");
	return sum + (int) load;
}

/* The operations that always complete (rseq_percpu_complete(3)): the
   inline helpers and the cpu_opv() forms they fall back to.  */
int use_percpu_opv_h(intptr_t *v, intptr_t *v2, char *dst, char *src, size_t len, int cpu);

int use_percpu_opv_h(intptr_t *v, intptr_t *v2, char *dst, char *src, size_t len, int cpu)
{
	intptr_t load = 0;
	int sum = rseq_percpu_running_on(RSEQ_PERCPU_MM_CID, cpu) + RSEQ_PERCPU_RETRIES;

	sum += rseq_load_cbne_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, v, 0, 1,
						  cpu);
	sum += rseq_load_cbeq_store_add_load_store__ptr_complete(RSEQ_MO_RELAXED,
								 RSEQ_PERCPU_MM_CID, v, 0, 0,
								 &load, cpu);
	sum += rseq_load_add_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, v, 1, cpu);
	sum += rseq_load_add_load_load_add_store__ptr_complete(RSEQ_MO_RELAXED,
							       RSEQ_PERCPU_MM_CID, v, 8, 1, cpu);
	sum += rseq_load_cbne_store_store__ptr_complete(RSEQ_MO_RELEASE, RSEQ_PERCPU_CPU_ID, v, 0,
							v2, 2, 1, cpu);
	sum += rseq_load_cbne_load_cbne_store__ptr_complete(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, v,
							    0, v2, 0, 1, cpu);
	sum += rseq_load_cbne_memcpy_store__ptr_complete(RSEQ_MO_RELEASE, RSEQ_PERCPU_CPU_ID, v, 0,
							 dst, src, len, 1, cpu);

	sum += rseq_load_cbne_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, v, 0, 1, cpu);
	sum += rseq_load_cbeq_store_add_load_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, v,
							    0, 0, &load, cpu);
	sum += rseq_load_add_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, v, 1, cpu);
	sum += rseq_load_add_load_load_add_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, v,
							  8, 1, cpu);
	sum += rseq_load_cbne_store_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_MM_CID, v, 0, v2,
						   2, 1, cpu);
	sum += rseq_load_cbne_load_cbne_store__ptr_opv(RSEQ_MO_RELAXED, RSEQ_PERCPU_CPU_ID, v, 0,
						       v2, 0, 1, cpu);
	sum += rseq_load_cbne_memcpy_store__ptr_opv(RSEQ_MO_RELEASE, RSEQ_PERCPU_MM_CID, v, 0, dst,
						    src, len, 1, cpu);
	return sum + (int) load;
}
#endif

#ifdef USE_RSEQ_CPU_OPV_H
/* The cpu_opv(2) ABI: every member, op code, limit and flag.  */
int use_cpu_opv_h(uint64_t *word, char *dst, const char *src, int cpu);

int use_cpu_opv_h(uint64_t *word, char *dst, const char *src, int cpu)
{
	static const enum cpu_op_type codes[] = {
		CPU_COMPARE_EQ_OP, CPU_COMPARE_NE_OP, CPU_MEMCPY_OP, CPU_ADD_OP, CPU_OR_OP,
		CPU_AND_OP, CPU_XOR_OP, CPU_LSHIFT_OP, CPU_RSHIFT_OP, CPU_MB_OP,
		CPU_MEMCPY_RELEASE_OP, CPU_ADD_RELEASE_OP
	};
	static const enum rseq_cpu_opv_method methods[] = {
		RSEQ_CPU_OPV_MEMBARRIER_RSEQ, RSEQ_CPU_OPV_MEMBARRIER, RSEQ_CPU_OPV_FENCE_ONLY
	};
	struct cpu_op ops[CPU_OP_VEC_LEN_MAX];
	const uint64_t expected = 0;
	int sum;

	memset(ops, 0, sizeof(ops));
	ops[0].op = CPU_COMPARE_EQ_OP;
	ops[0].len = sizeof(*word);
	ops[0].u.compare_op.a = (uintptr_t) word;
	ops[0].u.compare_op.b = (uintptr_t) &expected;
	ops[0].u.compare_op.expect_fault_a = 0;
	ops[0].u.compare_op.expect_fault_b = 0;
	ops[1].op = CPU_MEMCPY_RELEASE_OP;
	ops[1].len = CPU_OP_EXPECT_LEN;
	ops[1].u.memcpy_op.dst = (uintptr_t) dst;
	ops[1].u.memcpy_op.src = (uintptr_t) src;
	ops[1].u.memcpy_op.expect_fault_dst = 1;
	ops[1].u.memcpy_op.expect_fault_src = 1;
	ops[2].op = CPU_ADD_RELEASE_OP;
	ops[2].len = sizeof(*word);
	ops[2].u.arithmetic_op.p = (uintptr_t) word;
	ops[2].u.arithmetic_op.count = -1;
	ops[2].u.arithmetic_op.expect_fault_p = 0;
	ops[3].op = CPU_XOR_OP;
	ops[3].len = sizeof(*word);
	ops[3].u.bitwise_op.p = (uintptr_t) word;
	ops[3].u.bitwise_op.mask = 1;
	ops[3].u.bitwise_op.expect_fault_p = 0;
	ops[4].op = CPU_RSHIFT_OP;
	ops[4].len = sizeof(*word);
	ops[4].u.shift_op.p = (uintptr_t) word;
	ops[4].u.shift_op.bits = 1;
	ops[4].u.shift_op.expect_fault_p = 0;
	ops[5].op = CPU_MB_OP;
	sum = cpu_opv(ops, 6, cpu, CPU_OP_MM_CID_FLAG);
	sum += cpu_opv(NULL, 0, 0, (int) CPU_OP_NR_FLAG) +
	       cpu_opv(NULL, 0, 0, (int) CPU_OP_VEC_LEN_MAX_FLAG);
	return sum + rseq_cpu_opv_method() + (int) codes[NR_CPU_OPS - 1] + (int) methods[2] +
	       CPU_OP_DATA_LEN_MAX + CPU_OP_VEC_DATA_LEN_MAX + (int) sizeof(ops[0].u.__padding);
}
#endif

#ifdef USE_RSEQ_RSEQ_HPP
/* Every member of the C++ face, in both per-CPU modes.  */
struct hpp_node {
	hpp_node *next;
};

template <rseq_cxx::percpu_mode Mode>
static long use_percpu_hpp(hpp_node *n)
{
	rseq_cxx::percpu<long, Mode> counters;
	rseq_cxx::percpu<long, Mode> initialised(3);
	rseq_cxx::percpu<hpp_node *, Mode> lists;
	hpp_node *popped = nullptr;
	long total = 0;

	if (!counters.valid() || !initialised || lists.size() == 0)
		return -1;
	rseq_cxx::result r = counters.add(1);
	if (r && r.what == rseq_cxx::status::done)
		total += r.index;
	r = counters.compare_store(1, 2);
	total += r.what == rseq_cxx::status::compare_failed;
	total += lists.push(n).what == rseq_cxx::status::invalid;
	total += lists.pop(popped).index + (popped == n);
	total += counters.add_on(0, 1).index + counters.compare_store_on(0, 2, 3).index;
	total += lists.push_on(0, n).index + lists.pop_on(0, popped).index;
	counters.store_release(0, counters.load(0) + counters[0]);
	counters.visit([&](std::size_t i, long &value) { total += (long) i + value++; });
	rseq_cxx::percpu<long, Mode> moved(std::move(counters));
	counters = std::move(initialised);
	const rseq_cxx::percpu<long, Mode> &view = moved;
	view.visit([&](std::size_t i, const long &value) { total += (long) i * value; });
	return total + moved.sum() + view[0] + counters.current_index() +
	       (long) rseq_cxx::fast_path_attempts;
}

long use_rseq_hpp(hpp_node *n);

long use_rseq_hpp(hpp_node *n)
{
	rseq_cxx::registration guard;
	long total = guard.registered() ? 0 : guard.error();

	if (guard && rseq_cxx::thread_registered())
		total += rseq_cxx::current_cpu() + (long) rseq_cxx::current_mm_cid() +
			 rseq_cxx::current_node() + rseq_cxx::max_nr_cpus();
	rseq_cxx::registration other(std::move(guard));
	guard = std::move(other);
	guard.reset();
	rseq_cxx::mempool<long> pool("hpp", 0, RSEQ_MEMPOOL_POPULATE_COW_ZERO);
	rseq_cxx::percpu<long> item = pool.allocate(1);
	rseq_cxx::percpu<long, rseq_cxx::percpu_mode::mm_cid> by_cid(pool, 2);
	rseq_cxx::mempool<long> moved(std::move(pool));
	pool = std::move(moved);
	if (pool && pool.valid() && pool.get() && item.valid())
		total += (long) pool.stride() + item.sum() + by_cid[0];
	return total + use_percpu_hpp<rseq_cxx::percpu_mode::cpu_id>(n) +
	       use_percpu_hpp<rseq_cxx::percpu_mode::mm_cid>(n);
}
#endif

#ifdef USE_RSEQ_MEMPOOL_H
/* Every name of <rseq/mempool.h>, with the optional stride given and not.  */
static int use_mempool_init(void *priv, void *addr, size_t len, int cpu)
{
	return rseq_mempool_range_init_numa(addr, len, cpu, 0) + (priv != NULL);
}

long use_mempool_h(void);

long use_mempool_h(void)
{
	struct rseq_mempool_attr *attr = rseq_mempool_attr_create();
	struct rseq_mempool_set *set = rseq_mempool_set_create();
	struct rseq_mempool *pool, *global;
	long __rseq_percpu *item;
	long *g, *p, sum = 0;
	long init = 1;
	const enum rseq_mempool_populate_policy policy = RSEQ_MEMPOOL_POPULATE_COW_ZERO;

	sum += rseq_mempool_attr_set_init(attr, use_mempool_init, NULL);
	sum += rseq_mempool_attr_set_robust(attr);
	sum += rseq_mempool_attr_set_percpu(attr, RSEQ_MEMPOOL_STRIDE, 0);
	sum += rseq_mempool_attr_set_max_nr_ranges(attr, 0);
	sum += rseq_mempool_attr_set_poison(attr, (uintptr_t) 0);
	sum += rseq_mempool_attr_set_populate_policy(attr, policy);
	pool = rseq_mempool_create("pool", sizeof(long), attr);
	sum += rseq_mempool_attr_set_populate_policy(attr, RSEQ_MEMPOOL_POPULATE_COW_INIT);
	sum += rseq_mempool_attr_set_global(attr, 0);
	global = rseq_mempool_create("global", sizeof(long), attr);
	rseq_mempool_attr_destroy(attr);
	sum += rseq_mempool_get_max_nr_cpus(pool);

	item = (long __rseq_percpu *) rseq_mempool_percpu_malloc(pool);
	p = rseq_percpu_ptr(item, 1);
	sum += *p + *rseq_percpu_ptr(item, 0, RSEQ_MEMPOOL_STRIDE);
	rseq_mempool_percpu_free(item);
	item = (long __rseq_percpu *) rseq_mempool_percpu_zmalloc(pool);
	rseq_mempool_percpu_free(item, RSEQ_MEMPOOL_STRIDE);
	item = (long __rseq_percpu *) rseq_mempool_percpu_malloc_init(pool, &init, sizeof(init));
	librseq_mempool_percpu_free(item, RSEQ_MEMPOOL_STRIDE);

	g = (long *) rseq_mempool_malloc(global);
	rseq_mempool_free(g);
	g = (long *) rseq_mempool_zmalloc(global);
	rseq_mempool_free(g, RSEQ_MEMPOOL_STRIDE);
	g = (long *) rseq_mempool_malloc_init(global, &init, sizeof(init));
	sum += *g;
	rseq_mempool_free(g);

	sum += rseq_mempool_set_add_pool(set, pool) + rseq_mempool_set_add_pool(set, global);
	rseq_mempool_percpu_free(rseq_mempool_set_percpu_malloc(set, 1));
	rseq_mempool_percpu_free(rseq_mempool_set_percpu_zmalloc(set, 2));
	rseq_mempool_percpu_free(rseq_mempool_set_percpu_malloc_init(set, &init, sizeof(init)));
	rseq_mempool_free(rseq_mempool_set_malloc(set, 1));
	rseq_mempool_free(rseq_mempool_set_zmalloc(set, 1));
	rseq_mempool_free(rseq_mempool_set_malloc_init(set, &init, sizeof(init)));
	sum += rseq_mempool_set_destroy(set) + rseq_mempool_destroy(NULL);
	return sum;
}
#endif

#ifdef USE_SYS_RSEQ_H
unsigned int use_sys_rseq_h(const struct rseq *area);

unsigned int use_sys_rseq_h(const struct rseq *area)
{
	return __rseq_size + (unsigned int) __rseq_offset + __rseq_flags + RSEQ_SIG +
	       area->cpu_id;
}
#endif

#ifdef USE_LINUX_RSEQ_H
unsigned int use_linux_rseq_h(const struct rseq *area, const struct rseq_cs *cs);

unsigned int use_linux_rseq_h(const struct rseq *area, const struct rseq_cs *cs)
{
	return area->cpu_id + (unsigned int) RSEQ_CPU_ID_REGISTRATION_FAILED + cs->version +
	       (unsigned int) RSEQ_FLAG_UNREGISTER;
}
#endif
