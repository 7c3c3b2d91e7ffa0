/* SPDX-License-Identifier: MIT */
/* preinit-foreign libc|librseq: code that runs before librseq's constructor
   (here an ELF preinit function of the program) registers an area of its
   own on the initial thread.  When librseq owns the registration, its
   constructor finds the thread taken and leaves it alone: no abort,
   rseq_owner() says RSEQ_OWNER_OTHER on that thread and
   rseq_register_current_thread() fails with EBUSY there, while new threads
   are registered by librseq as usual.  Once the other code unregisters,
   the thread registers through librseq.  When glibc owns the registration,
   the early rseq() call fails (EINVAL: glibc's area is registered) and
   nothing else changes.  */
#include <errno.h>
#include "rseq-threads.h"
#include "share.h"

static int early;

static void register_early(void)
{
	early = raw_register_own();
}

__attribute__((used, section(".preinit_array")))
static void (*const preinit)(void) = register_early;

struct seen {
	int32_t cpu;
	int owner;
};

static void *new_thread(void *arg)
{
	struct seen *s = arg;

	s->cpu = rseq_current_cpu_raw();
	s->owner = rseq_owner();
	return NULL;
}

int main(int argc, char **argv)
{
	const bool librseq = librseq_mode(argc, argv);
	const int process_owner = librseq ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC;
	struct seen s = { -9, -9 };
	pthread_t t;

	plan(6);
	check_why(early == (librseq ? 0 : -EINVAL),
		  librseq ? "the early rseq() call of an area of its own returned 0"
			  : "the early rseq() call of an area of its own returned -EINVAL",
		  "got %d", early);
	const int owner = rseq_owner();
	check_why(owner == (librseq ? RSEQ_OWNER_OTHER : RSEQ_OWNER_LIBC),
		  librseq ? "rseq_owner() on the initial thread is RSEQ_OWNER_OTHER"
			  : "rseq_owner() on the initial thread is RSEQ_OWNER_LIBC",
		  "got %d", owner);
	errno = 0;
	const int r = rseq_register_current_thread();
	const int err = errno;
	check_why(librseq ? r == -1 && err == EBUSY : r == 0,
		  librseq ? "rseq_register_current_thread() there: -1, EBUSY"
			  : "rseq_register_current_thread() there: 0",
		  "returned %d, errno %d", r, err);
	if (!librseq)
		REQUIRE(rseq_unregister_current_thread() == 0);

	REQUIRE(pthread_create(&t, NULL, new_thread, &s) == 0);
	REQUIRE(pthread_join(t, NULL) == 0);
	check_why(s.cpu >= 0 && s.owner == process_owner,
		  "a new thread is registered, and its rseq_owner() is the process's",
		  "cpu_id %d, owner %d", s.cpu, s.owner);

	const int gone = raw_unregister_own();
	const int again = rseq_register_current_thread();
	const int32_t cpu = rseq_current_cpu_raw();
	check_why((librseq ? gone == 0 : gone == -EINVAL) && again == 0 && cpu >= 0 &&
		  rseq_owner() == process_owner,
		  "once the other code unregisters, rseq_register_current_thread() registers",
		  "unregister %d, register %d, cpu_id %d, owner %d", gone, again, cpu,
		  rseq_owner());
	const int left = rseq_unregister_current_thread();
	const int32_t cpu_after = rseq_current_cpu_raw();
	check_why(left == 0 && (librseq ? cpu_after == RSEQ_ABI_CPU_ID_UNINITIALIZED
				: cpu_after >= 0),
		  "and the last unregister unregisters (the hooks hold no reference on it)",
		  "unregister %d, cpu_id %d", left, cpu_after);
	return 0;
}
