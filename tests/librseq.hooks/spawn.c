/* SPDX-License-Identifier: MIT */
/* A shared library that creates threads and knows nothing of librseq (it
   is not linked with it): its pthread_create() reference binds to
   librseq's interposer all the same.  */
#include <pthread.h>
#include "spawn.h"

int spawn_and_join(void *(*routine)(void *), void *arg)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, routine, arg);

	return err ? err : pthread_join(t, NULL);
}
