// SPDX-License-Identifier: MIT
// percpu available|unavailable: rseq_cxx::percpu<T> in both per-CPU modes.
// Its layout; then add, compare_store, and list push/pop from more threads
// than CPUs, with exact results.  "unavailable" is a process where no
// thread can register (no rseq): every operation must then report
// status::unavailable, quickly, and change nothing.
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

enum { NR_THREADS = 4, ADDS = 20000, INCREMENTS = 20000, NODES = 64, CYCLES = 20000 };

const char *mode_name(percpu_mode mode)
{
	return mode == percpu_mode::cpu_id ? "cpu_id" : "mm_cid";
}

const char *status_name(status s)
{
	switch (s) {
	case status::done: return "done";
	case status::compare_failed: return "compare_failed";
	case status::unavailable: return "unavailable";
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

// Runs body(thread number) on NR_THREADS threads, each holding a guard.
template <typename Body>
void run_threads(bool available, Body body)
{
	std::vector<std::thread> threads;
	for (int t = 0; t < NR_THREADS; t++) {
		threads.emplace_back([=] {
			rseq_cxx::registration guard;
			REQUIRE(guard.registered() == available);
			body(t);
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
	const rseq_cxx::result r = pc.add(1);
	check(moved.valid() && moved.sum() == 7 * (long) moved.size() && !pc.valid() &&
		      pc.size() == 0 && r.what == status::unavailable && r.index == -1,
	      "%s", label("layout: a move takes the slots; the moved-from array is empty", Mode).text);
}

template <percpu_mode Mode>
void check_add(bool available)
{
	percpu<intptr_t, Mode> pc;
	tally results;
	REQUIRE(pc.valid());
	run_threads(available, [&](int t) {
		for (int i = 0; i < ADDS; i++)
			results.add(pc.add(t + 1).what);
	});
	const long all = (long) NR_THREADS * ADDS;
	const long expected = available ? (long) ADDS * NR_THREADS * (NR_THREADS + 1) / 2 : 0;
	check_why(results[available ? status::done : status::unavailable] == all,
		  label(available ? "add: every add is done" : "add: every add says unavailable",
			Mode),
		  "done %ld, compare_failed %ld, unavailable %ld", results[status::done],
		  results[status::compare_failed], results[status::unavailable]);
	check_why(pc.sum() == expected, label("add: the sum is exact", Mode),
		  "%ld, expected %ld", (long) pc.sum(), expected);
}

template <percpu_mode Mode>
void check_compare_store(bool available)
{
	percpu<long, Mode> pc(5);
	REQUIRE(pc.valid());

	rseq_cxx::result r = pc.compare_store(4, 9);
	check_why(r.what == (available ? status::compare_failed : status::unavailable) &&
			  pc.sum() == 5 * (long) pc.size(),
		  label(available ? "compare_store: a mismatch says so and stores nothing"
				  : "compare_store: a mismatch says unavailable and stores nothing",
			Mode),
		  "%s, sum %ld", status_name(r.what), pc.sum());
	r = pc.compare_store(5, 9);
	bool others = true;
	for (std::size_t i = 0; i < pc.size(); i++)
		others &= (int) i == r.index || pc[i] == 5;
	if (available)
		check_why(r.what == status::done && r.index >= 0 && pc[(std::size_t) r.index] == 9 &&
				  others,
			  label("compare_store: a match stores into its own slot only", Mode),
			  "%s on %d", status_name(r.what), r.index);
	else
		check_why(r.what == status::unavailable && r.index == -1 && others,
			  label("compare_store: a match says unavailable and stores nothing", Mode),
			  "%s on %d", status_name(r.what), r.index);

	// Increments by compare-and-store: each one done adds exactly 1 to the
	// slot it compared, whichever slot the thread read its value from.
	percpu<long, Mode> counters;
	tally results, mismatches;
	run_threads(available, [&](int) {
		for (int i = 0; i < INCREMENTS; i++) {
			rseq_cxx::result s;
			do {
				const long seen = counters.load((std::size_t) counters.current_index());
				s = counters.compare_store(seen, seen + 1);
				if (s.what == status::compare_failed)
					mismatches.add(s.what);
			} while (s.what == status::compare_failed);
			results.add(s.what);
		}
	});
	const long all = (long) NR_THREADS * INCREMENTS;
	note("[%s] %ld comparisons failed under contention", mode_name(Mode),
	     mismatches[status::compare_failed]);
	check_why(results[available ? status::done : status::unavailable] == all,
		  label(available ? "compare_store: every increment is done"
				  : "compare_store: every increment says unavailable",
			Mode),
		  "done %ld, unavailable %ld", results[status::done], results[status::unavailable]);
	check_why(counters.sum() == (available ? all : 0),
		  label("compare_store: the sum is exact", Mode), "%ld", counters.sum());
}

// next is not the first member, so that pop() must use its offset.
struct node {
	int hits;
	node *next;
};

// Pop from an empty list, then push and pop one node, on one thread.
template <percpu_mode Mode>
void check_list_single(bool available, percpu<node *, Mode> &heads)
{
	static node one;
	one.next = nullptr;
	node *out = &one;
	rseq_cxx::result r = heads.pop(out);
	check_why(r.what == (available ? status::compare_failed : status::unavailable) &&
			  out == nullptr,
		  label(available ? "list: pop from an empty list says compare_failed"
				  : "list: pop from an empty list says unavailable",
			Mode),
		  "%s", status_name(r.what));
	r = heads.push(&one);
	if (!available) {
		bool empty = true;
		heads.visit([&](std::size_t, node *head) { empty &= head == nullptr; });
		check_why(r.what == status::unavailable && r.index == -1 && empty,
			  label("list: push says unavailable and links nothing", Mode), "%s on %d",
			  status_name(r.what), r.index);
		r = heads.pop(out);
		check_why(r.what == status::unavailable && out == nullptr,
			  label("list: pop after push says unavailable", Mode), "%s",
			  status_name(r.what));
		return;
	}
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
}

template <percpu_mode Mode>
void check_list(bool available)
{
	percpu<node *, Mode> heads;
	REQUIRE(heads.valid());
	check_list_single(available, heads);

	// Each thread pushes its nodes, then pops one and pushes it back, many
	// times, on whatever CPU it is.  No node may be lost or duplicated.
	static node nodes[NR_THREADS][NODES];
	memset(nodes, 0, sizeof(nodes));
	tally pushes, pops;
	run_threads(available, [&](int t) {
		for (int i = 0; i < NODES; i++)
			pushes.add(heads.push(&nodes[t][i]).what);
		for (int i = 0; i < CYCLES; i++) {
			node *n;
			const status s = heads.pop(n).what;
			pops.add(s);
			if (s == status::done)
				pushes.add(heads.push(n).what);
		}
	});
	const long all = (long) NR_THREADS * NODES;
	if (available)
		check_why(pushes[status::done] == all + pops[status::done] &&
				  pops[status::unavailable] == 0,
			  label("list: every push and pop is done or finds its list empty", Mode),
			  "pushes done %ld, unavailable %ld; pops done %ld, unavailable %ld",
			  pushes[status::done], pushes[status::unavailable], pops[status::done],
			  pops[status::unavailable]);
	else
		check_why(pushes[status::unavailable] == all &&
				  pops[status::unavailable] == (long) NR_THREADS * CYCLES,
			  label("list: every push and pop says unavailable", Mode),
			  "pushes unavailable %ld, pops unavailable %ld", pushes[status::unavailable],
			  pops[status::unavailable]);

	long found = 0;
	bool once = true;
	heads.visit([&](std::size_t, node *head) {
		// Bounded: a cycle must not hang the test.
		for (node *n = head; n != nullptr && found <= all; n = n->next) {
			found++;
			n->hits++;
		}
	});
	for (auto &row : nodes)
		for (auto &n : row)
			once &= n.hits == (available ? 1 : 0);
	check_why(found == (available ? all : 0) && once,
		  label("list: every node is in exactly one list, once", Mode),
		  "%ld nodes found of %ld", found, available ? all : 0L);
}

template <percpu_mode Mode>
void check_mode(bool available)
{
	// Without mm_cid in the area, mm_cid mode cannot be used at all.
	if (Mode == percpu_mode::mm_cid && available && !rseq_mm_cid_available()) {
		note("the kernel keeps no mm_cid: mm_cid mode is unavailable");
		available = false;
	}
	check_layout<Mode>();
	check_add<Mode>(available);
	check_compare_store<Mode>(available);
	check_list<Mode>(available);
}

} // namespace

int main(int argc, char **argv)
{
	REQUIRE(argc == 2);
	const bool available = !strcmp(argv[1], "available");
	REQUIRE(available || !strcmp(argv[1], "unavailable"));
	plan(2 * 16);
	check_mode<percpu_mode::cpu_id>(available);
	check_mode<percpu_mode::mm_cid>(available);
	return 0;
}
