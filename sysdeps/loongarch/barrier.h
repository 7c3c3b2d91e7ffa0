/* SPDX-License-Identifier: MIT */
/* Memory barriers for LoongArch: dbar, with the hint the compiler's
   built-ins choose for each fence, acquire and release (0, the full
   barrier, on compilers that predate the lighter hints of later revisions
   of the architecture; older processors treat every hint as 0).  */
#include "../generic/barrier.h"
