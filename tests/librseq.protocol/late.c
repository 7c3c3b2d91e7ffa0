/* SPDX-License-Identifier: MIT */
/* late libc|librseq LIBRSEQ_SO: a program that speaks the protocol (and
   exports its symbols) registers two threads itself, then dlopen()s
   librseq, which adopts the program's object: it counts itself in on
   threads already registered, and leaves the registration to the protocol
   reference still held when it lets go.  */
#define DEFINE_PROTOCOL_SYMBOLS
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <rseq/rseq.h>
#include "check.h"
#include "participant.h"
#include "rseq-threads.h"

static bool owned;
static int (*reg)(void), (*unreg)(void), (*owner)(void);
static pthread_barrier_t loaded;

static int32_t cpu_id(void)
{
	return (int32_t) RSEQ_READ_ONCE(__rseq_abi.cpu_id);
}

static void *older(void *arg)
{
	struct participant_acquired how;
	const bool ok = participant_acquire(&how);

	(void) arg;
	pthread_barrier_wait(&loaded);	/* librseq is loaded */
	pthread_barrier_wait(&loaded);	/* and the symbols are found */
	check(ok == owned, "an older thread registered the program's __rseq_abi itself");
	const int r = reg();
	const uint32_t count = __rseq_refcount;
	check_why(r == 0 && (owned ? count == 2 && cpu_id() >= 0 : count == 0),
		  "librseq counts itself in on the thread's registration",
		  "ret %d count %u cpu_id %d", r, count, cpu_id());
	check(owner() == (owned ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC),
	      "the thread's registration is librseq's");
	unreg();
	check_why(owned ? __rseq_refcount == 1 && cpu_id() >= 0 : __rseq_refcount == 0,
		  "librseq's release leaves the protocol's reference registered",
		  "count %u cpu_id %d", __rseq_refcount, cpu_id());
	if (ok)
		participant_release();
	check_why(__rseq_refcount == 0 && cpu_id() == RSEQ_ABI_CPU_ID_UNINITIALIZED,
		  "the last protocol reference unregisters", "count %u cpu_id %d",
		  __rseq_refcount, cpu_id());
	return NULL;
}

int main(int argc, char **argv)
{
	owned = librseq_mode(argc, argv);
	REQUIRE(argc > 2);
	if (!participant_has_sequence()) {
		plan(1);
		unsupported("the protocol test has no hand-written sequence for this architecture");
		return 0;
	}
	plan(8);
	struct participant_acquired how;
	const bool ok = participant_acquire(&how);
	pthread_t t;
	REQUIRE(pthread_barrier_init(&loaded, NULL, 2) == 0);
	REQUIRE(pthread_create(&t, NULL, older, NULL) == 0);

	void *lib = REQUIRE_DLOPEN(argv[2], RTLD_NOW | RTLD_LOCAL);
	pthread_barrier_wait(&loaded);
	const ptrdiff_t *offset = dlsym(lib, "rseq_offset");
	reg = (int (*)(void)) dlsym(lib, "rseq_register_current_thread");
	unreg = (int (*)(void)) dlsym(lib, "rseq_unregister_current_thread");
	owner = (int (*)(void)) dlsym(lib, "rseq_owner");
	REQUIRE(offset && reg && unreg && owner);
	pthread_barrier_wait(&loaded);

	const void *area = (const char *) rseq_thread_pointer() + *offset;
	check(owned ? area == &__rseq_abi : area != &__rseq_abi,
	      "librseq adopts the program's __rseq_abi when it owns the registration");
	check_why(ok == owned && (owned ? __rseq_refcount == 2 && cpu_id() >= 0
					: __rseq_refcount == 0 && how.err == EINVAL),
		  "the loading thread's protocol registration is counted with librseq's",
		  "ok %d count %u cpu_id %d errno %d", ok, __rseq_refcount, cpu_id(), how.err);
	check(owner() == (owned ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC),
	      "the loading thread's registration is librseq's");
	REQUIRE(pthread_join(t, NULL) == 0);
	note("area: %s; participants: %s", owned ? "the program's __rseq_abi" : "libc's",
	     owned ? "the program's code, then librseq too (2)" : "librseq alone");
	return 0;
}
