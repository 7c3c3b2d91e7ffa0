// SPDX-License-Identifier: MIT
// guard libc|librseq|ERRNO: rseq_cxx::registration holds exactly one
// reference on its thread's registration for as long as it says so, through
// moves, nesting and early reset; when registering fails (ERRNO: ENOSYS,
// EPERM) it says why and holds nothing.
// guard wrong-thread: a registration released on another thread is a
// programming error, which aborts the process.
#include <errno.h>
#include <string.h>
#include <thread>
#include <utility>
#include <rseq/rseq.hpp>
#include "check.h"

using rseq_cxx::registration;

namespace {

// The number of user references the calling thread holds: the
// unregistrations that succeed before one says EINVAL, taken back after.
int user_references()
{
	int n = 0;
	while (rseq_unregister_current_thread() == 0)
		n++;
	REQUIRE(errno == EINVAL);
	for (int i = 0; i < n; i++)
		REQUIRE(rseq_register_current_thread() == 0);
	return n;
}

void check_refs(int expected, const char *when)
{
	const int n = user_references();
	check_why(n == expected, when, "%d references, expected %d", n, expected);
}

// Every check here holds on any thread whose registration works.
void check_available()
{
	{
		registration a;
		check(a.registered() && static_cast<bool>(a) && a.error() == 0,
		      "a guard says it registered, without error");
		check(rseq_cxx::thread_registered(), "the thread is registered under a guard");
		check_refs(1, "a guard holds one reference");
		{
			registration b;
			check(b.registered(), "a second guard on the same thread registers too");
			check_refs(2, "two guards hold two references");
		}
		check_refs(1, "the second guard's destructor dropped its reference only");
	}
	check_refs(0, "the first guard's destructor dropped its reference");

	registration *a = new registration;
	registration c(std::move(*a));
	check(!a->registered() && c.registered() && c.error() == 0,
	      "a move transfers the reference");
	delete a;
	check_refs(1, "destroying a moved-from guard drops nothing");
	c.reset();
	check(!c.registered(), "reset() says the reference is gone");
	check_refs(0, "reset() drops the reference");
	c.reset();
	check_refs(0, "a second reset() drops nothing");

	{
		registration x, y;
		x = std::move(y);
		check(x.registered() && !y.registered(), "a move assignment transfers the reference");
		check_refs(1, "a move assignment drops the reference the target held");
		registration &alias = x;
		x = std::move(alias);
		check(x.registered(), "a self move assignment keeps the reference");
		check_refs(1, "a self move assignment keeps the count");
	}
	check_refs(0, "guards that were moved from and to leave nothing behind");
}

// On a new thread: whether the guard really makes the kernel update the
// area, where librseq registers threads on their first reference.
void check_new_thread(bool librseq_owns)
{
	bool before = false, during = false, after = false;
	std::thread t([&] {
		before = rseq_cxx::thread_registered();
		{
			registration g;
			during = g.registered() && rseq_cxx::thread_registered();
		}
		after = rseq_cxx::thread_registered();
	});
	t.join();
	check(during, "a new thread is registered under a guard");
	if (librseq_owns && before) {
		unsupported("librseq registered the new thread before its first reference: "
			    "the guard's own registration cannot be seen");
		unsupported("(idem) the guard's unregistration cannot be seen");
		return;
	}
	check(before == !librseq_owns,
	      librseq_owns ? "a new thread starts unregistered (librseq owns it)"
			   : "a new thread starts registered (libc owns it)");
	check(after == !librseq_owns,
	      librseq_owns ? "the guard's destructor unregistered the new thread"
			   : "the new thread stays registered (libc owns it)");
}

void check_unavailable(int expected_errno)
{
	registration a;
	check(!a.registered() && !static_cast<bool>(a), "a guard says it did not register");
	check_why(a.error() == expected_errno, "a guard tells why it did not register",
		  "error %d (%s), expected %d", a.error(), strerror(a.error()), expected_errno);
	check(!rseq_cxx::thread_registered(), "the thread is not registered");
	check_refs(0, "a guard that failed holds no reference");
	registration b(std::move(a));
	check(!b.registered() && b.error() == expected_errno,
	      "a failed guard moves as failed, with its error");
}

void wrong_thread()
{
	registration g;
	REQUIRE(g.registered());
	std::thread t([&] { g.reset(); });
	t.join();
	check(false, "releasing a guard on another thread returns");
}

} // namespace

int main(int argc, char **argv)
{
	REQUIRE(argc == 2);
	const char *arg = argv[1];
	if (!strcmp(arg, "wrong-thread")) {
		plan(1);
		wrong_thread();
		return 0;
	}
	if (!strcmp(arg, "libc") || !strcmp(arg, "librseq")) {
		plan(20);
		check_available();
		check_new_thread(!strcmp(arg, "librseq"));
		return 0;
	}
	plan(5);
	check_unavailable(!strcmp(arg, "EPERM") ? EPERM : ENOSYS);
	return 0;
}
