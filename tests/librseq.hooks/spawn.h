/* SPDX-License-Identifier: MIT */
#ifndef LIBRSEQ_TESTS_SPAWN_H
#define LIBRSEQ_TESTS_SPAWN_H

/* Runs ROUTINE(ARG) in a thread created by the library; 0 or an error.  */
int spawn_and_join(void *(*routine)(void *), void *arg);

#endif
