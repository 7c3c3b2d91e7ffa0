/* SPDX-License-Identifier: MIT */
/* versions libc-path: prints "LIBC <path>", the C library this program runs
   with (versions.exp reads its symbol versions).
   versions libc|librseq FUNCTION@VERSION...: each versioned definition a
   program or library may have been linked against binds to librseq's
   interposer, and the thread it creates is registered from its first
   statement: pthread_create@GLIBC_2.0 of i386 as well as the current
   one.  */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <threads.h>
#include "rseq-threads.h"

typedef int (*thrd_create_fn)(thrd_t *, thrd_start_t, void *);

static void *posix_thread(void *arg)
{
	*(int32_t *) arg = rseq_current_cpu_raw();
	return NULL;
}

static int c11_thread(void *arg)
{
	*(int32_t *) arg = rseq_current_cpu_raw();
	return 0;
}

static bool from_librseq(void *f)
{
	Dl_info info;

	if (!f || !dladdr(f, &info) || !info.dli_fname)
		return false;
	const char *base = strrchr(info.dli_fname, '/');
	return !strcmp(base ? base + 1 : info.dli_fname, "librseq.so.1");
}

static int32_t create_through(const char *function, void *f)
{
	int32_t cpu = -9;

	if (!strcmp(function, "pthread_create")) {
		pthread_t t;

		REQUIRE(((pthread_create_fn) f)(&t, NULL, posix_thread, &cpu) == 0);
		REQUIRE(pthread_join(t, NULL) == 0);
	} else {
		thrd_t t;

		REQUIRE(!strcmp(function, "thrd_create"));
		REQUIRE(((thrd_create_fn) f)(&t, c11_thread, &cpu) == thrd_success);
		REQUIRE(thrd_join(t, NULL) == thrd_success);
	}
	return cpu;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "libc-path")) {
		struct link_map *map;
		void *libc = dlopen(LIBC_SO, RTLD_LAZY | RTLD_NOLOAD);

		REQUIRE(libc && dlinfo(libc, RTLD_DI_LINKMAP, &map) == 0);
		printf("LIBC %s\n", map->l_name);
		return 0;
	}
	librseq_mode(argc, argv);
	plan(2 * (argc - 2));
	for (int i = 2; i < argc; i++) {
		char function[64];
		const char *at = strchr(argv[i], '@');

		REQUIRE(at && (size_t) (at - argv[i]) < sizeof(function));
		memcpy(function, argv[i], at - argv[i]);
		function[at - argv[i]] = 0;
		void *f = dlvsym(RTLD_DEFAULT, function, at + 1);
		check(from_librseq(f), "%s binds to librseq.so.1", argv[i]);
		const int32_t cpu = create_through(function, f ? f : dlsym(RTLD_DEFAULT, function));
		char name[128];
		snprintf(name, sizeof(name), "%s: its thread is registered from its first statement",
			 argv[i]);
		check_why(cpu >= 0, name, "cpu_id %d", cpu);
	}
	return 0;
}
