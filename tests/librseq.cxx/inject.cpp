// SPDX-License-Identifier: MIT
// inject available|unavailable: the retry loop of rseq_cxx::percpu, seen
// through the RSEQ_INJECT_C hooks (7: before choosing the CPU, 8: after an
// abort, 9: after a comparison failure).  A held cpu_opv() fence makes the
// critical sections abort on demand: a registered thread must retry until
// it commits, exactly once, however many times it aborts; a thread that is
// not registered must give up after rseq_cxx::fast_path_attempts aborts.
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

const char *mode_name(percpu_mode mode)
{
	return mode == percpu_mode::cpu_id ? "cpu_id" : "mm_cid";
}

// A registered thread: forced aborts, then a commit.
template <percpu_mode Mode>
void check_registered()
{
	const char *m = mode_name(Mode);
	percpu<long, Mode> pc;
	REQUIRE(pc.valid());

	reset_hits();
	rseq_cxx::result r = pc.add(1);
	check(r.what == status::done && pc.sum() == 1 && hits[7] == hits[8] + 1 && hits[9] == 0,
	      "add [%s]: point 7 on every attempt, 8 after each abort, never 9", m);

	fence_mode = (int) Mode;
	for (int forced : { 1, 3 * (int) rseq_cxx::fast_path_attempts }) {
		reset_hits();
		aborts_to_force = forced;
		on_point = release_after_aborts;
		hold_fences(fence_mode, true);
		r = pc.add(10);
		on_point = nullptr;
		hold_fences(fence_mode, false);
		check(r.what == status::done && hits[8] >= forced && hits[7] == hits[8] + 1,
		      "add [%s]: retried after %s forced aborts until done", m,
		      forced == 1 ? "1" : "3 x fast_path_attempts");
		check(pc.sum() == (forced == 1 ? 11 : 21),
		      "add [%s]: the aborted attempts (%s) stored nothing", m,
		      forced == 1 ? "1" : "3 x fast_path_attempts");
	}

	reset_hits();
	r = pc.compare_store(-1, 5);
	check(r.what == status::compare_failed && hits[9] == 1 && hits[7] == hits[8] + 1 &&
		      pc.sum() == 21,
	      "compare_store [%s]: a mismatch passes point 9 once and returns", m);
}

// A thread that is not registered: bounded attempts, then unavailable.
template <percpu_mode Mode>
void check_unregistered()
{
	const char *m = mode_name(Mode);
	const int attempts = Mode == percpu_mode::mm_cid && !rseq_mm_cid_available()
				     ? 0
				     : (int) rseq_cxx::fast_path_attempts;
	percpu<long, Mode> pc;
	REQUIRE(pc.valid());

	reset_hits();
	rseq_cxx::result r = pc.add(1);
	check(r.what == status::unavailable && r.index == -1 && pc.sum() == 0,
	      "add [%s]: unavailable on a thread that is not registered", m);
	check(hits[7] == attempts && hits[8] == attempts && hits[9] == 0,
	      "add [%s]: gives up after fast_path_attempts aborts (got %d, %d)", m, hits[7],
	      hits[8]);
	reset_hits();
	r = pc.compare_store(0, 1);
	check(r.what == status::unavailable && hits[7] == attempts && pc.sum() == 0,
	      "compare_store [%s]: unavailable on a thread that is not registered", m);
}

} // namespace

int main(int argc, char **argv)
{
	REQUIRE(argc == 2);
	const bool available = !strcmp(argv[1], "available");
	REQUIRE(available || !strcmp(argv[1], "unavailable"));
	if (available) {
		rseq_cxx::registration guard;
		REQUIRE(guard.registered());
		plan(2 * 6 + (rseq_owner() == RSEQ_OWNER_LIBRSEQ ? 2 * 3 : 0));
		check_registered<percpu_mode::cpu_id>();
		check_registered<percpu_mode::mm_cid>();
		// Where librseq owns the registration, a new thread is not
		// registered until it takes a reference.
		if (rseq_owner() == RSEQ_OWNER_LIBRSEQ) {
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
	plan(2 * 3);
	check_unregistered<percpu_mode::cpu_id>();
	check_unregistered<percpu_mode::mm_cid>();
	return 0;
}
