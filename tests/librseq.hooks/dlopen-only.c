/* SPDX-License-Identifier: MIT */
/* dlopen-only libc|librseq LIBRSEQ_SO: librseq only dlopen()ed (with
   RTLD_GLOBAL even) comes after libc in the lookup scope, so it cannot
   interpose pthread_create().  The documented behaviour: when librseq owns
   the registration, the thread that loads it is registered; a thread that
   existed before, or that is created afterwards, starts unregistered and
   registers on its first rseq_register_current_thread(); dropping that
   reference unregisters it again.  When glibc owns it, every thread is
   registered throughout.  */
#include "rseq-threads.h"

static const ptrdiff_t *offset;
static int (*register_thread)(void);
static int (*unregister_thread)(void);
static bool librseq;
static pthread_barrier_t loaded;

static void *lookup(void *lib, const char *name)
{
	void *p = dlsym(lib, name);

	REQUIRE(p != NULL);
	return p;
}

static void lazy_registration(const char *who)
{
	char name[160];
	const int32_t before = cpu_id_at(*offset);

	snprintf(name, sizeof(name), "%s %s", who,
		 librseq ? "starts unregistered" : "starts registered");
	check_why(librseq ? before == RSEQ_ABI_CPU_ID_UNINITIALIZED : before >= 0, name,
		  "cpu_id %d", before);
	int r = register_thread();
	int32_t cpu = cpu_id_at(*offset);
	snprintf(name, sizeof(name), "%s: rseq_register_current_thread() registers it", who);
	check_why(r == 0 && cpu >= 0, name, "returned %d, cpu_id %d", r, cpu);
	r = unregister_thread();
	cpu = cpu_id_at(*offset);
	snprintf(name, sizeof(name), "%s: dropping the reference %s", who,
		 librseq ? "unregisters it" : "leaves glibc's registration");
	check_why(r == 0 && (librseq ? cpu == RSEQ_ABI_CPU_ID_UNINITIALIZED : cpu >= 0),
		  name, "returned %d, cpu_id %d", r, cpu);
}

static void *older_thread(void *arg)
{
	(void) arg;
	pthread_barrier_wait(&loaded);
	lazy_registration("a thread older than the dlopen()");
	return NULL;
}

static void *newer_thread(void *arg)
{
	(void) arg;
	lazy_registration("a thread created after the dlopen()");
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t older, newer;

	librseq = librseq_mode(argc, argv);
	REQUIRE(argc == 3);
	plan(8);
	REQUIRE(pthread_barrier_init(&loaded, NULL, 2) == 0);
	REQUIRE(pthread_create(&older, NULL, older_thread, NULL) == 0);

	void *lib = REQUIRE_DLOPEN(argv[2], RTLD_NOW | RTLD_GLOBAL);
	offset = lookup(lib, "rseq_offset");
	register_thread = (int (*)(void)) lookup(lib, "rseq_register_current_thread");
	unregister_thread = (int (*)(void)) lookup(lib, "rseq_unregister_current_thread");
	int (*owner)(void) = (int (*)(void)) lookup(lib, "rseq_owner");
	check(owner() == (librseq ? RSEQ_OWNER_LIBRSEQ : RSEQ_OWNER_LIBC),
	      "the expected component owns the registration");
	check_why(cpu_id_at(*offset) >= 0, "the thread that called dlopen() is registered",
		  "cpu_id %d", cpu_id_at(*offset));

	pthread_barrier_wait(&loaded);
	REQUIRE(pthread_join(older, NULL) == 0);
	REQUIRE(pthread_create(&newer, NULL, newer_thread, NULL) == 0);
	REQUIRE(pthread_join(newer, NULL) == 0);
	return 0;
}
