/* SPDX-License-Identifier: MIT */
/* The body shared by remote-target.c and remote-foreign.c: NTHREADS threads
   that print "TID AREA" (AREA from the program's own AREA_OF_SELF), then
   "ready", then wait at most SECONDS.  */
#ifndef LIBRSEQ_TESTS_REMOTE_TARGET_H
#define LIBRSEQ_TESTS_REMOTE_TARGET_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_barrier_t remote_target_printed;
static unsigned long (*remote_target_area)(void);

static void remote_target_print_self(void)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

	pthread_mutex_lock(&lock);
	printf("%ld 0x%lx\n", (long) syscall(SYS_gettid), remote_target_area());
	fflush(stdout);
	pthread_mutex_unlock(&lock);
}

static void *remote_target_thread(void *arg)
{
	(void) arg;
	remote_target_print_self();
	pthread_barrier_wait(&remote_target_printed);
	for (;;)
		pause();
	return NULL;
}

static int remote_target_main(int argc, char **argv, unsigned long (*area_of_self)(void))
{
	if (argc != 3)
		return 2;
	const int n = atoi(argv[1]), seconds = atoi(argv[2]);
	pthread_t thread;

	remote_target_area = area_of_self;
	if (n < 0 || pthread_barrier_init(&remote_target_printed, NULL, (unsigned) n + 1))
		return 2;
	for (int i = 0; i < n; i++) {
		if (pthread_create(&thread, NULL, remote_target_thread, NULL)) {
			perror("pthread_create");
			return 1;
		}
	}
	remote_target_print_self();
	pthread_barrier_wait(&remote_target_printed);
	puts("ready");
	fflush(stdout);
	sleep((unsigned) seconds);
	return 0;
}

#endif
