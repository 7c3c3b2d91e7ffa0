// SPDX-License-Identifier: MIT
// The C++ face of librseq (C++11 and later, header-only): a registration
// guard, the current CPU, and per-CPU arrays whose operations always
// complete, through cpu_opv() when a restartable sequence cannot.  See
// rseq_cxx(3).
//
// Works with -fno-exceptions and -fno-rtti: nothing here throws, failures
// are states and return values.  The namespace is rseq_cxx because the
// global namespace already has the function rseq(2) of <rseq/rseq.h>, and
// a namespace cannot share a name with it.
//
// The test hooks RSEQ_INJECT_* (rseq_percpu_ops(3)) reach the retry loops
// below too: define them before including this header, the same way in
// every translation unit of the program.
#ifndef _RSEQ_RSEQ_HPP
#define _RSEQ_RSEQ_HPP

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>
#include <rseq/rseq.h>
#include <rseq/mempool.h>

namespace rseq_cxx {

// ---------------------------------------------------------------------------
// The calling thread.

// The CPU the thread runs on (through getcpu when it is not registered), or
// -1 with errno when even that fails.
inline int current_cpu() noexcept
{
	return rseq_current_cpu();
}

// The concurrency id (0 when the kernel does not provide one).
inline unsigned int current_mm_cid() noexcept
{
	return rseq_current_mm_cid();
}

// The NUMA node of the current CPU, or -1 with errno.
inline int current_node() noexcept
{
	return rseq_current_node_id();
}

// Whether the kernel keeps this thread's area up to date right now.
inline bool thread_registered() noexcept
{
	return rseq_current_cpu_raw() >= 0;
}

// The size of arrays indexed by CPU number or concurrency id, or -1 with
// errno.
inline int max_nr_cpus() noexcept
{
	return rseq_get_max_nr_cpus();
}

// A reference on the calling thread's registration for the lifetime of
// the object (rseq_register_current_thread(3)).  It belongs to the thread
// that made it: moving it to another thread is allowed only if it comes back
// before it is destroyed or reset, and destroying it on another thread is a
// programming error that rseq_fatal(3) reports.
class registration {
public:
	registration() noexcept
		: area_(rseq_get_abi()), registered_(false), error_(0)
	{
		if (rseq_register_current_thread() != 0)
			error_ = errno;
		registered_ = error_ == 0;
	}

	~registration()
	{
		reset();
	}

	registration(const registration &) = delete;
	registration &operator=(const registration &) = delete;

	registration(registration &&other) noexcept
		: area_(other.area_), registered_(other.registered_), error_(other.error_)
	{
		other.registered_ = false;
	}

	registration &operator=(registration &&other) noexcept
	{
		if (this != &other) {
			reset();
			area_ = other.area_;
			registered_ = other.registered_;
			error_ = other.error_;
			other.registered_ = false;
		}
		return *this;
	}

	// Whether this object holds a reference.
	bool registered() const noexcept
	{
		return registered_;
	}

	explicit operator bool() const noexcept
	{
		return registered_;
	}

	// Why registering failed (errno), 0 when it did not.
	int error() const noexcept
	{
		return error_;
	}

	// Drops the reference now rather than at destruction.
	void reset() noexcept
	{
		if (!registered_)
			return;
		// Each thread has its own area: a different address means another
		// thread, whose count this reference is not part of.
		if (rseq_get_abi() != area_)
			rseq_fatal("rseq_cxx::registration: released on a thread that did not take it");
		registered_ = false;
		(void) rseq_unregister_current_thread();
	}

private:
	struct rseq_abi *area_;
	bool registered_;
	int error_;
};

// ---------------------------------------------------------------------------
// Per-CPU arrays.

enum class percpu_mode {
	cpu_id = RSEQ_PERCPU_CPU_ID,	// one slot per CPU number
	mm_cid = RSEQ_PERCPU_MM_CID	// one slot per concurrency id
};

enum class status {
	done,			// the operation took effect
	compare_failed,		// a comparison did not hold: nothing stored
	invalid			// not run: no such slot, or arguments refused (errno)
};

// What an operation did, and on which slot.
struct result {
	status what;
	int index;		// the slot it ran on; -1 when invalid

	explicit operator bool() const noexcept
	{
		return what == status::done;
	}
};

// Consecutive aborts of the restartable sequence before an operation
// completes through cpu_opv() instead (RSEQ_PERCPU_RETRIES of
// <rseq/rseq.h>, rseq_percpu_complete(3)).
constexpr unsigned int fast_path_attempts = RSEQ_PERCPU_RETRIES;

template <typename T>
class mempool;

// A T per CPU (or per concurrency id), each in cache lines of its own, for
// rseq_get_max_nr_cpus() CPUs; or an item of a mempool<T>, one T per CPU of
// the pool, a stride apart.  The operations act on one slot atomically
// with respect to each other: as a restartable sequence when the thread can
// run one there, through cpu_opv() otherwise, so that they always complete.
template <typename T, percpu_mode Mode = percpu_mode::cpu_id>
class percpu {
	static_assert(std::is_trivially_copyable<T>::value,
		      "rseq_cxx::percpu<T>: T must be trivially copyable");

	static constexpr std::size_t slot_align = alignof(T) > 64 ? alignof(T) : 64;

	struct alignas(slot_align) slot {
		T value;
	};

public:
	using value_type = T;

	// Value-initialised slots; check valid() before use.
	percpu() noexcept
	{
		allocate(T());
	}

	explicit percpu(const T &initial) noexcept
	{
		allocate(initial);
	}

	// An item of POOL, every CPU's copy INITIAL (see mempool<T>).
	explicit percpu(mempool<T> &pool, const T &initial = T()) noexcept
	{
		const int n = pool ? rseq_mempool_get_max_nr_cpus(pool.get()) : -1;
		void *item = n > 0 ? rseq_mempool_percpu_malloc_init(
					     pool.get(),
					     const_cast<void *>(static_cast<const void *>(&initial)),
					     sizeof(T))
				   : nullptr;
		if (!item)
			return;
		base_ = static_cast<unsigned char *>(item);
		stride_ = pool.stride();
		size_ = (std::size_t) n;
		pooled_ = true;
	}

	~percpu()
	{
		release();
	}

	percpu(const percpu &) = delete;
	percpu &operator=(const percpu &) = delete;

	percpu(percpu &&other) noexcept
		: base_(other.base_), stride_(other.stride_), size_(other.size_),
		  pooled_(other.pooled_)
	{
		other.base_ = nullptr;
		other.size_ = 0;
	}

	percpu &operator=(percpu &&other) noexcept
	{
		if (this != &other) {
			release();
			base_ = other.base_;
			stride_ = other.stride_;
			size_ = other.size_;
			pooled_ = other.pooled_;
			other.base_ = nullptr;
			other.size_ = 0;
		}
		return *this;
	}

	// False when the array could not be made (no CPU count, no memory,
	// or moved from): it has no slot, and every operation is invalid.
	bool valid() const noexcept
	{
		return base_ != nullptr;
	}

	explicit operator bool() const noexcept
	{
		return valid();
	}

	std::size_t size() const noexcept
	{
		return size_;
	}

	// Plain access, for set-up and for when no operation runs concurrently.
	T &operator[](std::size_t index) noexcept
	{
		return at(index);
	}

	const T &operator[](std::size_t index) const noexcept
	{
		return at(index);
	}

	// The slot the calling thread would use now (it may move right after):
	// its concurrency id in mm_cid mode when it has one, otherwise the CPU
	// it runs on.  Threads without a concurrency id (not registered, or a
	// kernel without mm_cid) then spread over the slots like the CPUs,
	// and cpu_opv() finds them running there, which costs least.
	int current_index() const noexcept
	{
		if (Mode == percpu_mode::mm_cid && thread_registered() && rseq_mm_cid_available())
			return (int) rseq_current_mm_cid();
		const int cpu = rseq_current_cpu();
		return cpu >= 0 && (std::size_t) cpu < size_ ? cpu : 0;
	}

	// A slot's value, read atomically while operations may run.
	T load(std::size_t index) const noexcept
	{
		static_assert(sizeof(T) == sizeof(intptr_t),
			      "rseq_cxx::percpu<T>::load: T must have the size of intptr_t");
		return from_word(__atomic_load_n(word(index), __ATOMIC_RELAXED));
	}

	// Stores into any slot, ordered after the caller's earlier accesses
	// (e.g. to release a per-CPU lock taken with compare_store()).
	void store_release(std::size_t index, T value) noexcept
	{
		static_assert(sizeof(T) == sizeof(intptr_t),
			      "rseq_cxx::percpu<T>::store_release: T must have the size of intptr_t");
		__atomic_store_n(word(index), to_word(value), __ATOMIC_RELEASE);
	}

	// The sum of every slot, each read atomically (not a snapshot of all).
	T sum() const noexcept
	{
		static_assert(std::is_integral<T>::value,
			      "rseq_cxx::percpu<T>::sum: T must be an integer type");
		T total = T();
		for (std::size_t i = 0; i < size_; i++)
			total = (T) (total + load(i));
		return total;
	}

	// Calls f(index, value) for every slot (plain access: see operator[]).
	template <typename F>
	void visit(F &&f)
	{
		for (std::size_t i = 0; i < size_; i++)
			f(i, at(i));
	}

	template <typename F>
	void visit(F &&f) const
	{
		for (std::size_t i = 0; i < size_; i++)
			f(i, static_cast<const T &>(at(i)));
	}

	// Each operation exists twice: on the current slot, and, with the
	// suffix _on, on slot index, whichever CPU the thread runs on.

	// slot += count.
	result add(T count) noexcept
	{
		return add_at(here(), count);
	}

	result add_on(std::size_t index, T count) noexcept
	{
		return add_at(on(index), count);
	}

	// If slot == expected, slot = desired: done; otherwise compare_failed.
	// Compares the object representations (bytes), not with operator==.
	result compare_store(T expected, T desired) noexcept
	{
		return compare_store_at(here(), expected, desired);
	}

	result compare_store_on(std::size_t index, T expected, T desired) noexcept
	{
		return compare_store_at(on(index), expected, desired);
	}

	// Intrusive per-CPU lists, for percpu<Node *> where Node has a member
	// `Node *next'.  push() links node in front of a slot's list; pop()
	// unlinks the first node of a slot's list into node, or returns
	// compare_failed when that list is empty.
	template <typename Node>
	result push(Node *node) noexcept
	{
		return push_at(here(), node);
	}

	template <typename Node>
	result push_on(std::size_t index, Node *node) noexcept
	{
		return push_at(on(index), node);
	}

	template <typename Node>
	result pop(Node *&node) noexcept
	{
		return pop_at(here(), node);
	}

	template <typename Node>
	result pop_on(std::size_t index, Node *&node) noexcept
	{
		return pop_at(on(index), node);
	}

private:
	static constexpr rseq_percpu_mode c_mode = (rseq_percpu_mode) Mode;
	// Where an operation works: the slot of the thread's current CPU (or
	// concurrency id), or a given one.
	struct target {
		bool current;
		std::size_t index;
	};

	static target here() noexcept
	{
		return target{ true, 0 };
	}

	static target on(std::size_t index) noexcept
	{
		return target{ false, index };
	}

	int index_of(target where) const noexcept
	{
		return where.current ? current_index() : (int) where.index;
	}

	template <typename Node>
	static void check_list_node() noexcept
	{
		static_assert(std::is_same<T, Node *>::value,
			      "rseq_cxx::percpu<T>: push and pop need T = Node *");
		static_assert(std::is_standard_layout<Node>::value,
			      "rseq_cxx::percpu<Node *>: Node must be standard-layout (offsetof)");
		static_assert(std::is_same<decltype(Node::next), Node *>::value,
			      "rseq_cxx::percpu<Node *>: Node needs a member `Node *next'");
	}

	void allocate(const T &initial) noexcept
	{
		const int n = rseq_get_max_nr_cpus();
		void *mem = nullptr;
		if (n <= 0 || ::posix_memalign(&mem, alignof(slot), (std::size_t) n * sizeof(slot)))
			return;
		base_ = static_cast<unsigned char *>(mem);
		size_ = (std::size_t) n;
		for (std::size_t i = 0; i < size_; i++)
			::new (static_cast<void *>(base_ + i * stride_)) slot{ initial };
	}

	void release() noexcept
	{
		if (pooled_)
			librseq_mempool_percpu_free(base_, stride_);
		else
			::free(base_);
	}

	T &at(std::size_t index) const noexcept
	{
		return reinterpret_cast<slot *>(base_ + index * stride_)->value;
	}

	// The operations see a slot as one intptr_t.  They never access it as
	// such in C++: the asm takes its address and declares a memory clobber,
	// and cpu_opv() works on it from the library.
	intptr_t *word(std::size_t index) const noexcept
	{
		return reinterpret_cast<intptr_t *>(&at(index));
	}

	static intptr_t to_word(const T &value) noexcept
	{
		intptr_t w;
		memcpy(&w, &value, sizeof(w));
		return w;
	}

	static T from_word(intptr_t w) noexcept
	{
		T value;
		memcpy(&value, &w, sizeof(value));
		return value;
	}

	result add_at(target where, T count) noexcept
	{
		static_assert(std::is_integral<T>::value && sizeof(T) == sizeof(intptr_t),
			      "rseq_cxx::percpu<T>::add: T must be an integer of the size of intptr_t");
		const intptr_t c = to_word(count);
		return run(where, [&](int i, bool slow) {
			return slow ? rseq_load_add_store__ptr_opv(RSEQ_MO_RELAXED, c_mode, word(i), c, i)
				    : rseq_load_add_store__ptr(RSEQ_MO_RELAXED, c_mode, word(i), c, i);
		});
	}

	result compare_store_at(target where, T expected, T desired) noexcept
	{
		static_assert(sizeof(T) == sizeof(intptr_t),
			      "rseq_cxx::percpu<T>::compare_store: T must have the size of intptr_t");
		const intptr_t e = to_word(expected), d = to_word(desired);
		return run(where, [&](int i, bool slow) {
			return slow ? rseq_load_cbne_store__ptr_opv(RSEQ_MO_RELAXED, c_mode, word(i), e,
								    d, i)
				    : rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, c_mode, word(i), e, d,
								i);
		});
	}

	// Retried while the head changes under it, which means another node
	// came or went: lock-free, like any compare-and-swap loop.
	template <typename Node>
	result push_at(target where, Node *node) noexcept
	{
		check_list_node<Node>();
		const intptr_t n = to_word(node);
		for (;;) {
			const result r = run(where, [&](int i, bool slow) {
				const intptr_t head = __atomic_load_n(word(i), __ATOMIC_RELAXED);
				// Private until the commit publishes it.
				node->next = reinterpret_cast<Node *>(head);
				return slow ? rseq_load_cbne_store__ptr_opv(RSEQ_MO_RELAXED, c_mode,
									    word(i), head, n, i)
					    : rseq_load_cbne_store__ptr(RSEQ_MO_RELAXED, c_mode,
									word(i), head, n, i);
			});
			if (r.what != status::compare_failed)
				return r;
		}
	}

	template <typename Node>
	result pop_at(target where, Node *&node) noexcept
	{
		check_list_node<Node>();
		const long offset = (long) offsetof(Node, next);
		intptr_t first = 0;
		const result r = run(where, [&](int i, bool slow) {
			return slow ? rseq_load_cbeq_store_add_load_store__ptr_opv(
					      RSEQ_MO_RELAXED, c_mode, word(i), 0, offset, &first, i)
				    : rseq_load_cbeq_store_add_load_store__ptr(
					      RSEQ_MO_RELAXED, c_mode, word(i), 0, offset, &first, i);
		});
		node = r.what == status::done ? reinterpret_cast<Node *>(first) : nullptr;
		return r;
	}

	// The loop every operation shares.  attempt(i, false) runs the
	// operation's restartable sequence on slot i and returns what it
	// returned (0 done, 1 comparison failed, -1 aborted); attempt(i, true)
	// performs the same operation through cpu_opv() (0, 1, or -1 with
	// errno when the library refused it).
	//
	// An abort on a registered thread is transient (preemption, migration,
	// a signal, a cpu_opv() fence): try again, on the slot of the CPU the
	// thread is on now (or, for a fixed target, as long as the thread runs
	// there).  After fast_path_attempts aborts in a row (a debugger
	// single-steps the thread, say), and at once for a thread that cannot
	// run a sequence at all (not registered, no rseq, mm_cid mode without
	// mm_cid), cpu_opv() completes the operation.  Its result is final.
	// A concurrency id past the slots of a pool of fewer CPUs.
	static result out_of_range() noexcept
	{
		errno = ERANGE;
		return result{ status::invalid, -1 };
	}

	template <typename Attempt>
	result run(target where, Attempt attempt) noexcept
	{
		if (!valid() || (!where.current && where.index >= size_)) {
			errno = EINVAL;
			return result{ status::invalid, -1 };
		}
		if (rseq_likely(thread_registered() &&
				(Mode == percpu_mode::cpu_id || rseq_mm_cid_available()))) {
			for (unsigned int aborts = 0; aborts < fast_path_attempts; aborts++) {
				RSEQ_INJECT_C(7);
				const int i = index_of(where);
				if ((std::size_t) i >= size_)
					return out_of_range();
				if (!where.current && !rseq_percpu_running_on(c_mode, i))
					break;
				const int ret = attempt(i, false);
				if (rseq_likely(ret == 0))
					return result{ status::done, i };
				if (ret > 0) {
					RSEQ_INJECT_C(9);
					return result{ status::compare_failed, i };
				}
				RSEQ_INJECT_C(8);
			}
		}
		const int i = index_of(where);
		if ((std::size_t) i >= size_)
			return out_of_range();
		const int ret = attempt(i, true);
		if (ret == 0)
			return result{ status::done, i };
		if (ret > 0) {
			RSEQ_INJECT_C(9);
			return result{ status::compare_failed, i };
		}
		return result{ status::invalid, -1 };
	}

	unsigned char *base_ = nullptr;
	std::size_t stride_ = sizeof(slot);	// between two slots
	std::size_t size_ = 0;
	bool pooled_ = false;
};

// A pool of per-CPU T (rseq_mempool(3)): allocate() gives an item as a
// percpu<T>, whose operator[] is a CPU's T and whose operations are those
// of any percpu<T>.  The CPUs' copies are a stride apart rather than each
// in cache lines of its own, and cost memory only on the CPUs that write
// them.  Items must be destroyed before their pool.
//
// In mm_cid mode, a pool of fewer CPUs than rseq_get_max_nr_cpus() (the
// most threads the process runs at once, say) keeps the memory of a
// process with few threads small on a large machine; an operation of a
// thread whose concurrency id is past the pool's CPUs is then invalid
// (ERANGE).
template <typename T>
class mempool {
	static_assert(std::is_trivially_copyable<T>::value,
		      "rseq_cxx::mempool<T>: T must be trivially copyable");

public:
	// MAX_NR_CPUS 0: rseq_get_max_nr_cpus().  Check valid() before use.
	explicit mempool(const char *name = nullptr, int max_nr_cpus = 0,
			 rseq_mempool_populate_policy policy = RSEQ_MEMPOOL_POPULATE_COW_INIT,
			 std::size_t stride = RSEQ_MEMPOOL_STRIDE) noexcept
		: stride_(stride)
	{
		rseq_mempool_attr *attr = rseq_mempool_attr_create();
		if (attr && rseq_mempool_attr_set_percpu(attr, stride, max_nr_cpus) == 0 &&
		    rseq_mempool_attr_set_populate_policy(attr, policy) == 0)
			pool_ = rseq_mempool_create(name, sizeof(T), attr);
		rseq_mempool_attr_destroy(attr);
	}

	~mempool()
	{
		if (pool_)
			rseq_mempool_destroy(pool_);
	}

	mempool(const mempool &) = delete;
	mempool &operator=(const mempool &) = delete;

	mempool(mempool &&other) noexcept : pool_(other.pool_), stride_(other.stride_)
	{
		other.pool_ = nullptr;
	}

	mempool &operator=(mempool &&other) noexcept
	{
		if (this != &other) {
			if (pool_)
				rseq_mempool_destroy(pool_);
			pool_ = other.pool_;
			stride_ = other.stride_;
			other.pool_ = nullptr;
		}
		return *this;
	}

	bool valid() const noexcept
	{
		return pool_ != nullptr;
	}

	explicit operator bool() const noexcept
	{
		return valid();
	}

	rseq_mempool *get() const noexcept
	{
		return pool_;
	}

	std::size_t stride() const noexcept
	{
		return stride_;
	}

	// An item: invalid (see percpu<T>::valid()) when the pool is full or
	// has no memory left.
	template <percpu_mode Mode = percpu_mode::cpu_id>
	percpu<T, Mode> allocate(const T &initial = T()) noexcept
	{
		return percpu<T, Mode>(*this, initial);
	}

private:
	rseq_mempool *pool_ = nullptr;
	std::size_t stride_;
};

} // namespace rseq_cxx

#endif // _RSEQ_RSEQ_HPP
