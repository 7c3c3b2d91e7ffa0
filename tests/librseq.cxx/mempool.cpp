// SPDX-License-Identifier: MIT
// mempool: rseq_cxx::mempool<T>, items as percpu<T> in both per-CPU modes:
// a CPU's T through operator[], a stride apart; add and list push/pop from
// more threads than CPUs with exact results; the item's initial value on
// every CPU; move; and a pool of fewer CPUs than the machine's.
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>
#include <thread>
#include <utility>
#include <vector>
#include <rseq/rseq.hpp>
#include "check.h"

using rseq_cxx::mempool;
using rseq_cxx::percpu;
using rseq_cxx::percpu_mode;

namespace {

enum { NR_THREADS = 4, ADDS = 5000, NODES = 32, CYCLES = 3000 };

struct node {
	node *next;
	long id;
};

template <percpu_mode Mode>
void run(const char *mode)
{
	mempool<long> counters("cxx counters");
	mempool<node *> lists("cxx lists");
	REQUIRE(counters && lists);

	percpu<long, Mode> count = counters.template allocate<Mode>(7);
	const std::size_t n = count.size();
	bool initial = count.valid() && n == (std::size_t) rseq_get_max_nr_cpus();
	for (std::size_t i = 0; i < n; i++)
		initial = initial && count[i] == 7;
	const bool strided = n < 2 || (reinterpret_cast<char *>(&count[1]) -
				       reinterpret_cast<char *>(&count[0]) ==
				       (long) counters.stride());
	check(initial && strided, "an item: every CPU's T holds the initial value, a stride apart [%s]",
	      mode);
	for (std::size_t i = 0; i < n; i++)
		count[i] = 0;

	percpu<node *, Mode> list = lists.template allocate<Mode>();
	std::vector<node> nodes(NODES);
	for (int i = 0; i < NODES; i++) {
		nodes[i].id = i;
		REQUIRE(list.push_on((std::size_t) i % n, &nodes[i]));
	}
	std::vector<std::thread> threads;
	for (int t = 0; t < NR_THREADS; t++)
		threads.emplace_back([&] {
			rseq_cxx::registration guard;
			for (int i = 0; i < ADDS; i++)
				REQUIRE(count.add(1));
			for (int i = 0; i < CYCLES; i++) {
				node *popped = nullptr;
				if (list.pop(popped) && popped)
					REQUIRE(list.push(popped));
			}
		});
	for (auto &t : threads)
		t.join();
	check(count.sum() == (long) NR_THREADS * ADDS, "add from many threads counts exactly [%s]",
	      mode);
	long found = 0, ids = 0;
	for (std::size_t i = 0; i < n; i++)
		for (node *p = list[i]; p && found <= NODES; p = p->next, found++)
			ids += p->id;
	check(found == NODES && ids == (long) NODES * (NODES - 1) / 2,
	      "push and pop keep every node once [%s]", mode);

	percpu<long, Mode> moved(std::move(count));
	check(moved.valid() && !count.valid() && moved.sum() == (long) NR_THREADS * ADDS,
	      "an item moves [%s]", mode);
}

} // namespace

int main()
{
	plan(2 * 4 + 2);
	run<percpu_mode::cpu_id>("cpu_id");
	run<percpu_mode::mm_cid>("mm_cid");

	// Two CPUs' worth: enough for the one thread of a new process, whose
	// concurrency id is 0 (the ids of a process with threads that exited
	// shrink back only lazily).
	fflush(stdout);
	const pid_t pid = fork();
	REQUIRE(pid >= 0);
	if (pid > 0) {
		int status;
		REQUIRE(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
			WEXITSTATUS(status) == 0);
		return 0;
	}
	mempool<long> small("small", 2);
	percpu<long, percpu_mode::mm_cid> c = small.allocate<percpu_mode::mm_cid>();
	bool added = c.valid() && c.size() == 2;
	for (int i = 0; i < 100 && added; i++)
		added = (bool) c.add(1);
	check(added && c.sum() == 100, "a pool of fewer CPUs, indexed by mm_cid");
	errno = 0;
	check(c.add_on(2, 1).what == rseq_cxx::status::invalid && errno == EINVAL,
	      "a slot past the pool's CPUs is invalid");
	return 0;
}
