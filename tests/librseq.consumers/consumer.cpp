// SPDX-License-Identifier: MIT
// consumer-cxx libc|librseq shared|static: the C++ side of consumer.c,
// through <rseq/rseq.hpp>, built with exceptions and RTTI as a C++ project
// may.  A static link cannot interpose pthread_create (librseq(7)): there,
// when librseq owns the registration, a new thread registers on its first
// rseq_register_current_thread().
#include <cstdio>
#include <cstring>
#include <thread>
#include <rseq/rseq.hpp>

static int failed;

static void check(bool ok, const char *what)
{
	std::printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
	failed |= !ok;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	const int want = !std::strcmp(argv[1], "libc") ? RSEQ_OWNER_LIBC : RSEQ_OWNER_LIBRSEQ;
	const bool on_demand = want == RSEQ_OWNER_LIBRSEQ && !std::strcmp(argv[2], "static");
	bool thread_ok = false;

	std::thread t([&] {
		bool registered = rseq_cxx::thread_registered();
		if (on_demand && !registered && rseq_register_current_thread() == 0)
			registered = rseq_cxx::thread_registered();
		const int cpu = rseq_cxx::current_cpu();
		thread_ok = registered && cpu >= 0 && cpu < rseq_cxx::max_nr_cpus();
	});
	t.join();
	std::printf("PLAN: 3\n");
	check(rseq_owner() == want, "C++: rseq_owner() names the expected owner");
	check(rseq_cxx::thread_registered(), "C++: the initial thread is registered");
	check(thread_ok, on_demand ? "C++: a std::thread registers on demand and reads a valid CPU"
			 : "C++: a std::thread is registered at its start and reads a valid CPU");
	return failed;
}
