/* SPDX-License-Identifier: MIT */
/* The plugin of the dlclose test: a library linked with librseq, loaded
   and unloaded at run time by a program that does not link librseq.  */
#ifndef LIBRSEQ_TESTS_PLUGIN_H
#define LIBRSEQ_TESTS_PLUGIN_H

#include <stdbool.h>

/* Starts the plugin's own threads, which register and run "critical
   sections" (leaving rseq_cs set, as per-CPU code does) until
   plugin_stop(), which joins them and says whether all went well.  */
int plugin_start(void);
bool plugin_stop(void);

/* Runs on a thread of the program: takes a reference, leaves rseq_cs set,
   then prepares for the unload (rseq_prepare_unload()) and drops the
   reference unless KEEP.  True if the thread was registered throughout.  */
bool plugin_visit(bool keep);

#endif
