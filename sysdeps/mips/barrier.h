/* SPDX-License-Identifier: MIT */
/* Memory barriers for MIPS.  sync, the full barrier, is the one ordering
   instruction every processor of the family has, and what the compiler's
   built-ins emit for every fence, acquire and release.  */
#include "../generic/barrier.h"
