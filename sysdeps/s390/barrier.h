/* SPDX-License-Identifier: MIT */
/* Memory barriers for s390.  Its ordering is as strong as x86's (only a
   later load may pass an earlier store), and the compiler's built-ins know
   it: acquire and release cost no instruction, the full barrier is the
   serialising bcr 14,0 (bcr 15,0 before the fast-serialization facility).  */
#include "../generic/barrier.h"
