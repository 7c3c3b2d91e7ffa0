# Programs and files of the cxx group (see tests/Makefile.am): the C++ face,
# <rseq/rseq.hpp>, built the way a library with the strictest C++ policy
# would use it (no exceptions, no RTTI); percpu also as C++11, the oldest
# dialect the header supports.
cxx_test_cxxflags = $(AM_CXXFLAGS) -fno-exceptions -fno-rtti
check_PROGRAMS += \
	librseq.cxx/guard \
	librseq.cxx/percpu \
	librseq.cxx/percpu-cxx11 \
	librseq.cxx/inject \
	librseq.cxx/mempool \
	librseq.cxx/mempool-cxx11
librseq_cxx_guard_SOURCES = librseq.cxx/guard.cpp
librseq_cxx_guard_CXXFLAGS = $(cxx_test_cxxflags)
librseq_cxx_percpu_SOURCES = librseq.cxx/percpu.cpp
librseq_cxx_percpu_CXXFLAGS = $(cxx_test_cxxflags)
librseq_cxx_percpu_cxx11_SOURCES = librseq.cxx/percpu.cpp
librseq_cxx_percpu_cxx11_CXXFLAGS = $(cxx_test_cxxflags) -std=c++11
librseq_cxx_mempool_SOURCES = librseq.cxx/mempool.cpp
librseq_cxx_mempool_CXXFLAGS = $(cxx_test_cxxflags)
librseq_cxx_mempool_cxx11_SOURCES = librseq.cxx/mempool.cpp
librseq_cxx_mempool_cxx11_CXXFLAGS = $(cxx_test_cxxflags) -std=c++11
librseq_cxx_inject_SOURCES = librseq.cxx/inject.cpp
librseq_cxx_inject_CXXFLAGS = $(cxx_test_cxxflags)
EXTRA_DIST += librseq.cxx/cxx.exp
