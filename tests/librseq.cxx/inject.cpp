// SPDX-License-Identifier: MIT
// inject registered|unregistered: the retry loop of rseq_cxx::percpu, seen
// through the RSEQ_INJECT_C hooks (7: before choosing the CPU, 8: after an
// abort, 9: after a comparison failure).  Holding the cpu_opv() fences
// makes the critical sections abort on demand: a registered thread retries
// until it commits, exactly once; after rseq_cxx::fast_path_attempts aborts
// in a row it completes through cpu_opv(), once the fence is free.  A
// thread that is not registered, or an _on operation aimed at a CPU the
// thread does not run on, goes to cpu_opv() without a single attempt.
#include <sched.h>
#include <string.h>
#include <thread>

namespace {

int hits[10];
void (*on_point)(int);

void inject_point(int n)
{
	hits[n]++;
	if (on_point)
		on_point(n);
}

} // namespace

#define RSEQ_INJECT_C(n) inject_point(n)
#include <rseq/rseq.hpp>
#include "check.h"

using rseq_cxx::percpu;
using rseq_cxx::percpu_mode;
using rseq_cxx::status;

namespace {

// The fence of every CPU (or mm_cid) of one mode, held or released, as
// cpu_opv() would hold one: the critical sections abort while it is.
void hold_fences(int mode, bool held)
{
	const int n = rseq_get_max_nr_cpus();
	for (int i = 0; i < n; i++)
		__atomic_store_n(&rseq_opv_fence_table[mode][i].held, held ? 1U : 0U,
				 __ATOMIC_RELAXED);
}

int fence_mode;
int aborts_to_force;

// Releases the fences after the abort that makes aborts_to_force.
void release_after_aborts(int n)
{
	if (n == 8 && hits[8] >= aborts_to_force)
		hold_fences(fence_mode, false);
}

void reset_hits()
{
	memset(hits, 0, sizeof(hits));
}

// Makes the next attempts abort, n of them (counted at point 8).
void force_aborts(int n)
{
	reset_hits();
	aborts_to_force = n;
	on_point = release_after_aborts;
	hold_fences(fence_mode, true);
}

void stop_forcing()
{
	on_point = nullptr;
	hold_fences(fence_mode, false);
}

const char *mode_name(percpu_mode mode)
{
	return mode == percpu_mode::cpu_id ? "cpu_id" : "mm_cid";
}

// A registered thread: forced aborts, then a commit.
template <percpu_mode Mode>
void check_registered()
{
	const char *m = mode_name(Mode);
	const int attempts = (int) rseq_cxx::fast_path_attempts;
	percpu<long, Mode> pc;
	REQUIRE(pc.valid());

	reset_hits();
	rseq_cxx::result r = pc.add(1);
	check(r.what == status::done && pc.sum() == 1 && hits[7] == hits[8] + 1 && hits[9] == 0,
	      "add [%s]: point 7 on every attempt, 8 after each abort, never 9", m);

	fence_mode = (int) Mode;
	force_aborts(1);
	r = pc.add(10);
	stop_forcing();
	check(r.what == status::done && hits[8] >= 1 && hits[7] == hits[8] + 1 && pc.sum() == 11,
	      "add [%s]: retried after an abort until done, the abort stored nothing", m);

	force_aborts(attempts);
	r = pc.add(10);
	stop_forcing();
	check(r.what == status::done && hits[7] == attempts && hits[8] == attempts &&
		      pc.sum() == 21,
	      "add [%s]: after fast_path_attempts aborts, done once through cpu_opv()", m);

	reset_hits();
	r = pc.add(1);
	check(r.what == status::done && hits[7] == hits[8] + 1 && pc.sum() == 22,
	      "add [%s]: cpu_opv() left the fence free: the next add commits in a sequence", m);

	reset_hits();
	r = pc.compare_store(-1, 5);
	check(r.what == status::compare_failed && hits[9] == 1 && hits[7] == hits[8] + 1 &&
		      pc.sum() == 22,
	      "compare_store [%s]: a mismatch passes point 9 once and returns", m);

	force_aborts(attempts);
	r = pc.compare_store(-1, 5);
	stop_forcing();
	check(r.what == status::compare_failed && hits[9] == 1 && hits[7] == attempts &&
		      pc.sum() == 22,
	      "compare_store [%s]: a mismatch found by cpu_opv() passes point 9 once", m);
}

// _on operations on a thread pinned to its CPU: aimed at the slot it runs
// on they try the sequence first; aimed at another one they go to
// cpu_opv() without an attempt (an attempt there would abort: point 8).
template <percpu_mode Mode>
void check_on()
{
	const char *m = mode_name(Mode);
	percpu<long, Mode> pc;
	REQUIRE(pc.valid());
	cpu_set_t saved, one;
	REQUIRE(sched_getaffinity(0, sizeof(saved), &saved) == 0);
	CPU_ZERO(&one);
	CPU_SET(rseq_current_cpu(), &one);
	REQUIRE(sched_setaffinity(0, sizeof(one), &one) == 0);

	const std::size_t here = (std::size_t) pc.current_index();
	fence_mode = (int) Mode;
	force_aborts(2);
	rseq_cxx::result r = pc.add_on(here, 1);
	stop_forcing();
	check_why(r.what == status::done && r.index == (int) here && hits[8] == 2 &&
			  hits[7] == 3 && pc.load(here) == 1,
		  Mode == percpu_mode::cpu_id ? "add_on [cpu_id]: on the thread's own slot, retried "
						"in sequences until done"
					      : "add_on [mm_cid]: on the thread's own slot, retried "
						"in sequences until done",
		  "%d on %d, points 7: %d, 8: %d", (int) r.what, r.index, hits[7], hits[8]);

	if (pc.size() < 2) {
		unsupported("add_on [%s]: a single possible CPU, no other slot to aim at", m);
	} else {
		const std::size_t other = (here + 1) % pc.size();
		reset_hits();
		r = pc.add_on(other, 5);
		check_why(r.what == status::done && r.index == (int) other && hits[8] == 0 &&
				  pc.load(other) == 5 && pc.sum() == 6,
			  Mode == percpu_mode::cpu_id ? "add_on [cpu_id]: on another slot, straight "
							"to cpu_opv()"
						      : "add_on [mm_cid]: on another slot, straight "
							"to cpu_opv()",
			  "%d on %d, point 8: %d", (int) r.what, r.index, hits[8]);
	}
	REQUIRE(sched_setaffinity(0, sizeof(saved), &saved) == 0);
}

// A thread that is not registered: no attempt, cpu_opv() at once.
template <percpu_mode Mode>
void check_unregistered()
{
	const char *m = mode_name(Mode);
	percpu<long, Mode> pc;
	REQUIRE(pc.valid());

	reset_hits();
	rseq_cxx::result r = pc.add(1);
	check(r.what == status::done && r.index >= 0 && pc.sum() == 1 && hits[7] == 0 &&
		      hits[8] == 0,
	      "add [%s]: done through cpu_opv() at once on a thread that is not registered", m);
	reset_hits();
	r = pc.compare_store(-1, 5);
	check(r.what == status::compare_failed && hits[7] == 0 && hits[9] == 1 && pc.sum() == 1,
	      "compare_store [%s]: a mismatch on a thread that is not registered", m);
	reset_hits();
	r = pc.add_on(pc.size() - 1, 2);
	check(r.what == status::done && r.index == (int) pc.size() - 1 && hits[7] == 0 &&
		      pc.sum() == 3,
	      "add_on [%s]: done through cpu_opv() on a thread that is not registered", m);
}

} // namespace

int main(int argc, char **argv)
{
	REQUIRE(argc == 2);
	const bool registered = !strcmp(argv[1], "registered");
	REQUIRE(registered || !strcmp(argv[1], "unregistered"));
	if (!registered) {
		plan(2 * 3);
		check_unregistered<percpu_mode::cpu_id>();
		check_unregistered<percpu_mode::mm_cid>();
		return 0;
	}
	rseq_cxx::registration guard;
	REQUIRE(guard.registered());
	const bool librseq_owns = rseq_owner() == RSEQ_OWNER_LIBRSEQ;
	plan(2 * 6 + 2 * 2 + (librseq_owns ? 2 * 3 : 0));
	check_registered<percpu_mode::cpu_id>();
	check_registered<percpu_mode::mm_cid>();
	check_on<percpu_mode::cpu_id>();
	check_on<percpu_mode::mm_cid>();
	// Where librseq owns the registration, a new thread is not
	// registered until it takes a reference.
	if (librseq_owns) {
		std::thread t([] {
			if (rseq_cxx::thread_registered()) {
				for (int i = 0; i < 2 * 3; i++)
					unsupported("unregistered thread, check %d: librseq "
						    "registers new threads at creation", i + 1);
				return;
			}
			check_unregistered<percpu_mode::cpu_id>();
			check_unregistered<percpu_mode::mm_cid>();
		});
		t.join();
	}
	return 0;
}
