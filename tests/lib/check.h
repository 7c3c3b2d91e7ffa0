/* SPDX-License-Identifier: MIT */
/* How test programs report: one line per check, "PASS: what" or
   "FAIL: what (details)", read by tests/lib/librseq.exp.  Names must not
   change from run to run (check_why() keeps varying details out of them).  "NOTE:" lines
   are shown in the log only; "UNSUPPORTED:" says a check could not run
   here, and why.  A program exits 0 when it ran to the end, whatever its
   checks said: the .exp judges the lines, and a crash or a missing line
   is a failure of its own.  */
#ifndef LIBRSEQ_TESTS_CHECK_H
#define LIBRSEQ_TESTS_CHECK_H

#include <dlfcn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

static inline void check_vreport(const char *tag, const char *fmt, va_list ap)
{
	flockfile(stdout);
	fputs(tag, stdout);
	fputs(": ", stdout);
	vfprintf(stdout, fmt, ap);
	fputc('\n', stdout);
	fflush(stdout);
	funlockfile(stdout);
}

__attribute__((format(printf, 2, 3)))
static inline bool check(bool ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_vreport(ok ? "PASS" : "FAIL", fmt, ap);
	va_end(ap);
	return ok;
}

/* A check whose name stays the same from run to run, with details that may
   not (CPU numbers, addresses) printed only when it fails.  */
__attribute__((format(printf, 3, 4)))
static inline bool check_why(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	flockfile(stdout);
	printf("%s: %s", ok ? "PASS" : "FAIL", name);
	if (!ok) {
		fputs(" (", stdout);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		fputc(')', stdout);
	}
	fputc('\n', stdout);
	fflush(stdout);
	funlockfile(stdout);
	return ok;
}

__attribute__((format(printf, 1, 2)))
static inline void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_vreport("NOTE", fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 1, 2)))
static inline void unsupported(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_vreport("UNSUPPORTED", fmt, ap);
	va_end(ap);
}

/* The number of checks the program will print, so that a program that stops
   early fails even if every line it printed passed.  */
static inline void plan(int n)
{
	printf("PLAN: %d\n", n);
	fflush(stdout);
}

/* For set-up steps that are not themselves checks: fail loudly.  */
#define REQUIRE(cond)							\
	do {								\
		if (!(cond)) {						\
			printf("FAIL: %s:%d: set-up failed: %s\n",	\
			       __FILE__, __LINE__, #cond);		\
			fflush(stdout);					\
			exit(1);					\
		}							\
	} while (0)

/* dlopen() as a set-up step: a failure says what the dynamic linker
   said.  */
#define REQUIRE_DLOPEN(path, flags)						\
	require_dlopen_at((path), (flags), __FILE__, __LINE__)
static inline void *require_dlopen_at(const char *path, int flags, const char *file, int line)
{
	void *handle = dlopen(path, flags);

	if (!handle) {
		printf("FAIL: %s:%d: set-up failed: dlopen(%s): %s\n", file, line, path, dlerror());
		fflush(stdout);
		exit(1);
	}
	return handle;
}

#endif
