// SPDX-License-Identifier: MIT
// percpu registered|unregistered: rseq_cxx::percpu<T> in both per-CPU
// modes.  Its layout; then add, compare_store and list push/pop, on the
// current slot and on chosen slots (_on), from more threads than CPUs, with
// exact results.  "registered": half the threads hold a registration and
// run the restartable sequences while the other half, unregistered where
// librseq owns the registration, complete through cpu_opv() on the same
// slots.  "unregistered": no thread can register (no rseq), so every
// operation completes through cpu_opv(), with the same exact results.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <thread>
#include <utility>
#include <vector>
#include <rseq/rseq.hpp>
#include "check.h"

using rseq_cxx::percpu;
using rseq_cxx::percpu_mode;
using rseq_cxx::status;

namespace {

enum {
	NR_THREADS = 4,
	ADDS_ON = 4000,
	ADDS = 2 * ADDS_ON,
	INCREMENTS = 5000,
	NODES = 64,
	CYCLES = 5000
};

// An add_on() adds this, an add() adds 1: a slot's value then tells how
// many of each it received, as long as fewer than ON_WEIGHT adds() land on
// one slot (NR_THREADS * ADDS is) and intptr_t holds the rest (32-bit
// too: ADDS_ON * NR_THREADS * ON_WEIGHT < 2^31).
const intptr_t ON_WEIGHT = 1 << 16;

const char *mode_name(percpu_mode mode)
{
	return mode == percpu_mode::cpu_id ? "cpu_id" : "mm_cid";
}

const char *status_name(status s)
{
	switch (s) {
	case status::done: return "done";
	case status::compare_failed: return "compare_failed";
	case status::invalid: return "invalid";
	}
	return "?";
}

// A check's name: what it says, then the mode, "[cpu_id]".
struct label {
	char text[160];

	label(const char *what, percpu_mode mode)
	{
		snprintf(text, sizeof(text), "%s [%s]", what, mode_name(mode));
	}

	operator const char *() const
	{
		return text;
	}
};

bool can_register;

// Runs body(thread number) on NR_THREADS threads; the even ones hold a
// registration (which succeeds exactly when threads can register).
template <typename Body>
void run_threads(Body body)
{
	std::vector<std::thread> threads;
	for (int t = 0; t < NR_THREADS; t++) {
		threads.emplace_back([=] {
			if (t % 2 == 0) {
				rseq_cxx::registration guard;
				REQUIRE(guard.registered() == can_register);
				body(t);
			} else {
				body(t);
			}
		});
	}
	for (auto &thread : threads)
		thread.join();
}

// One counter per status, shared by the threads.
struct tally {
	long counts[3] = { 0, 0, 0 };

	void add(status s)
	{
		__atomic_fetch_add(&counts[(int) s], 1, __ATOMIC_RELAXED);
	}

	long operator[](status s) const
	{
		return counts[(int) s];
	}
};

struct alignas(128) wide {
	long value;
};

template <percpu_mode Mode>
void check_layout()
{
	percpu<long, Mode> pc(7);
	REQUIRE(pc.valid());
	check_why(pc.size() == (std::size_t) rseq_get_max_nr_cpus(),
		  label("layout: one slot per possible CPU", Mode), "%zu slots", pc.size());
	bool lines = true, initial = true;
	for (std::size_t i = 0; i < pc.size(); i++) {
		const uintptr_t a = (uintptr_t) &pc[i];
		lines &= a % 64 == 0 && (i == 0 || a - (uintptr_t) &pc[i - 1] >= 64);
		initial &= pc[i] == 7;
	}
	check(lines, "%s", label("layout: each slot starts a cache line of its own", Mode).text);
	check(initial && pc.sum() == 7 * (long) pc.size(), "%s",
	      label("layout: every slot starts from the constructor's value", Mode).text);

	percpu<wide, Mode> w;
	bool aligned = w.valid();
	for (std::size_t i = 0; i < w.size(); i++)
		aligned &= (uintptr_t) &w[i] % alignof(wide) == 0;
	check(aligned, "%s",
	      label("layout: a type aligned beyond a cache line keeps its alignment", Mode).text);

	percpu<long, Mode> moved(std::move(pc));
	errno = 0;
	const rseq_cxx::result r = pc.add(1);
	check_why(moved.valid() && moved.sum() == 7 * (long) moved.size() && !pc.valid() &&
			  pc.size() == 0 && r.what == status::invalid && r.index == -1 &&
			  errno == EINVAL,
		  label("layout: a move takes the slots; operations on the moved-from array are "
			"invalid (EINVAL)",
			Mode),
		  "%s on %d, errno %d", status_name(r.what), r.index, errno);
}

// Operations on a slot that does not exist change nothing.
template <percpu_mode Mode>
void check_out_of_range()
{
	percpu<long, Mode> pc(3);
	REQUIRE(pc.valid());
	errno = 0;
	const rseq_cxx::result a = pc.add_on(pc.size(), 1);
	const int add_errno = errno;
	const rseq_cxx::result c = pc.compare_store_on((std::size_t) -1, 3, 4);
	check_why(a.what == status::invalid && a.index == -1 && add_errno == EINVAL &&
			  c.what == status::invalid && pc.sum() == 3 * (long) pc.size(),
		  label("_on: a slot out of range is invalid (EINVAL) and changes nothing", Mode),
		  "add_on %s (errno %d), compare_store_on %s", status_name(a.what), add_errno,
		  status_name(c.what));
}

// add() on the current slot and add_on() on every slot in turn, at the
// same time on the same slots, from registered and unregistered threads.
template <percpu_mode Mode>
void check_add()
{
	percpu<intptr_t, Mode> pc;
	tally results;
	REQUIRE(pc.valid());
	const std::size_t n = pc.size();
	std::vector<long> on_expected(n, 0);
	for (int t = 0; t < NR_THREADS; t++)
		for (int i = 0; i < ADDS_ON; i++)
			on_expected[(std::size_t) (i + t) % n]++;
	run_threads([&](int t) {
		for (int i = 0; i < ADDS_ON; i++) {
			results.add(pc.add_on((std::size_t) (i + t) % n, ON_WEIGHT).what);
			results.add(pc.add(1).what);
			results.add(pc.add(1).what);
		}
	});
	const long all = (long) NR_THREADS * (ADDS + ADDS_ON);
	check_why(results[status::done] == all, label("add: every add and add_on is done", Mode),
		  "done %ld, compare_failed %ld, invalid %ld of %ld", results[status::done],
		  results[status::compare_failed], results[status::invalid], all);
	long ones = 0;
	bool per_slot = true;
	for (std::size_t i = 0; i < n; i++) {
		const intptr_t v = pc.load(i);
		per_slot &= v / ON_WEIGHT == on_expected[i];
		ones += (long) (v % ON_WEIGHT);
	}
	check(per_slot, "%s",
	      label("add_on: every slot received exactly the adds aimed at it", Mode).text);
	check_why(ones == (long) NR_THREADS * ADDS,
		  label("add: the adds on the current slots sum up exactly", Mode), "%ld, expected %ld",
		  ones, (long) NR_THREADS * ADDS);
}

template <percpu_mode Mode>
void check_compare_store()
{
	percpu<long, Mode> pc(5);
	REQUIRE(pc.valid());

	rseq_cxx::result r = pc.compare_store(4, 9);
	check_why(r.what == status::compare_failed && pc.sum() == 5 * (long) pc.size(),
		  label("compare_store: a mismatch says so and stores nothing", Mode), "%s, sum %ld",
		  status_name(r.what), pc.sum());
	r = pc.compare_store(5, 9);
	bool others = true;
	for (std::size_t i = 0; i < pc.size(); i++)
		others &= (int) i == r.index || pc[i] == 5;
	check_why(r.what == status::done && r.index >= 0 && pc[(std::size_t) r.index] == 9 && others,
		  label("compare_store: a match stores into its own slot only", Mode), "%s on %d",
		  status_name(r.what), r.index);

	// Every slot in turn, whichever CPU the thread runs on.
	percpu<long, Mode> on(5);
	bool each = true;
	for (std::size_t i = 0; i < on.size(); i++) {
		const rseq_cxx::result miss = on.compare_store_on(i, 4, 9);
		const rseq_cxx::result hit = on.compare_store_on(i, 5, 9);
		each &= miss.what == status::compare_failed && hit.what == status::done &&
			hit.index == (int) i && on[i] == 9 && on.sum() == 5 * (long) on.size() + 4 * (long) (i + 1);
	}
	check(each, "%s",
	      label("compare_store_on: each slot compares and stores on its own", Mode).text);

	// Increments by compare-and-store: each one done adds exactly 1 to the
	// slot it compared, whichever slot the thread read its value from.
	// Odd threads aim at one chosen slot, even ones at their current slot.
	percpu<long, Mode> counters;
	tally results, mismatches;
	const std::size_t chosen = counters.size() - 1;
	run_threads([&](int t) {
		for (int i = 0; i < INCREMENTS; i++) {
			rseq_cxx::result s;
			do {
				if (t % 2) {
					const long seen = counters.load(chosen);
					s = counters.compare_store_on(chosen, seen, seen + 1);
				} else {
					const int slot = counters.current_index();
					const long seen = counters.load((std::size_t) slot);
					s = counters.compare_store(seen, seen + 1);
				}
				if (s.what == status::compare_failed)
					mismatches.add(s.what);
			} while (s.what == status::compare_failed);
			results.add(s.what);
		}
	});
	const long all = (long) NR_THREADS * INCREMENTS;
	note("[%s] %ld comparisons failed under contention", mode_name(Mode),
	     mismatches[status::compare_failed]);
	check_why(results[status::done] == all,
		  label("compare_store: every increment is done", Mode), "done %ld, invalid %ld",
		  results[status::done], results[status::invalid]);
	check_why(counters.sum() == all, label("compare_store: the sum is exact", Mode), "%ld",
		  counters.sum());
}

// next is not the first member, so that pop() must use its offset.
struct node {
	int hits;
	node *next;
};

// Pop from an empty list, then push and pop one node, on one thread: on
// the current slot, then on each slot in turn.
template <percpu_mode Mode>
void check_list_single(percpu<node *, Mode> &heads)
{
	static node one;
	one.next = nullptr;
	node *out = &one;
	rseq_cxx::result r = heads.pop(out);
	check_why(r.what == status::compare_failed && out == nullptr,
		  label("list: pop from an empty list says compare_failed", Mode), "%s",
		  status_name(r.what));
	r = heads.push(&one);
	const std::size_t i = (std::size_t) r.index;
	check_why(r.what == status::done && heads[i] == &one && one.next == nullptr,
		  label("list: push links the node as the head of its slot's list", Mode),
		  "%s on %d", status_name(r.what), r.index);
	const rseq_cxx::result p = heads.pop(out);
	// The thread may have moved to a CPU whose list is empty.
	check_why(p.index == r.index ? p.what == status::done && out == &one && heads[i] == nullptr
				     : p.what == status::compare_failed && out == nullptr,
		  label("list: pop unlinks the head, or finds its list empty", Mode),
		  "push on %d, pop %s on %d", r.index, status_name(p.what), p.index);
	heads[i] = nullptr;

	static node two[2];
	bool each = true;
	for (std::size_t s = 0; s < heads.size(); s++) {
		each &= heads.push_on(s, &two[0]).what == status::done &&
			heads.push_on(s, &two[1]).what == status::done && heads[s] == &two[1] &&
			two[1].next == &two[0] && two[0].next == nullptr;
		node *a = nullptr, *b = nullptr, *c = &one;
		each &= heads.pop_on(s, a).index == (int) s && a == &two[1] &&
			heads.pop_on(s, b).what == status::done && b == &two[0] &&
			heads.pop_on(s, c).what == status::compare_failed && c == nullptr &&
			heads[s] == nullptr;
	}
	check(each, "%s",
	      label("list: push_on and pop_on work on the list of the slot given", Mode).text);
}

template <percpu_mode Mode>
void check_list()
{
	percpu<node *, Mode> heads;
	REQUIRE(heads.valid());
	check_list_single(heads);

	// Each thread pushes its nodes, then pops one and pushes it back, many
	// times: even threads on their current slot, odd ones from and to
	// slots they choose.  No node may be lost or duplicated.
	static node nodes[NR_THREADS][NODES];
	memset(nodes, 0, sizeof(nodes));
	tally pushes, pops;
	const std::size_t n = heads.size();
	run_threads([&](int t) {
		for (int i = 0; i < NODES; i++)
			pushes.add(heads.push(&nodes[t][i]).what);
		for (int i = 0; i < CYCLES; i++) {
			node *got;
			const status s = t % 2 ? heads.pop_on((std::size_t) i % n, got).what
					       : heads.pop(got).what;
			pops.add(s);
			if (s == status::done)
				pushes.add(t % 2 ? heads.push_on((std::size_t) (i + 1) % n, got).what
						 : heads.push(got).what);
		}
	});
	const long all = (long) NR_THREADS * NODES;
	check_why(pushes[status::done] == all + pops[status::done] &&
			  pushes[status::invalid] == 0 && pops[status::invalid] == 0 &&
			  pops[status::done] + pops[status::compare_failed] == (long) NR_THREADS * CYCLES,
		  label("list: every push is done, every pop is done or finds its list empty", Mode),
		  "pushes done %ld, invalid %ld; pops done %ld, empty %ld, invalid %ld",
		  pushes[status::done], pushes[status::invalid], pops[status::done],
		  pops[status::compare_failed], pops[status::invalid]);

	long found = 0;
	bool once = true;
	heads.visit([&](std::size_t, node *head) {
		// Bounded: a cycle must not hang the test.
		for (node *p = head; p != nullptr && found <= all; p = p->next) {
			found++;
			p->hits++;
		}
	});
	for (auto &row : nodes)
		for (auto &x : row)
			once &= x.hits == 1;
	check_why(found == all && once, label("list: every node is in exactly one list, once", Mode),
		  "%ld nodes found of %ld", found, all);
}

template <percpu_mode Mode>
void check_mode()
{
	if (Mode == percpu_mode::mm_cid && !rseq_mm_cid_available())
		note("no mm_cid here: every mm_cid-mode operation goes through cpu_opv()");
	check_layout<Mode>();
	check_out_of_range<Mode>();
	check_add<Mode>();
	check_compare_store<Mode>();
	check_list<Mode>();
}

} // namespace

int main(int argc, char **argv)
{
	REQUIRE(argc == 2);
	can_register = !strcmp(argv[1], "registered");
	REQUIRE(can_register || !strcmp(argv[1], "unregistered"));
	plan(2 * 20);
	check_mode<percpu_mode::cpu_id>();
	check_mode<percpu_mode::mm_cid>();
	return 0;
}
