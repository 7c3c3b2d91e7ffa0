#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes the seed corpus of opv-fuzz (tests/fuzz/corpus/): one small input
# per kind of vector the contract describes, in the input format of
# opv-fuzz.cpp (a 12-byte header, then 40-byte records, little-endian).
# The seeds are committed; run this again only when the format changes:
#   python3 tests/fuzz/make-seeds.py tests/fuzz/corpus
import os
import struct
import sys

(EQ, NE, MEMCPY, ADD, OR, AND, XOR, LSHIFT, RSHIFT, MB, MEMCPY_RELEASE,
 ADD_RELEASE) = range(12)
ARENA, READ_ONLY, NULL_PAGE, HOLE, WILD = range(5)
SLACK = 64  # opv-fuzz.cpp kSlack: arena offset o is written o + SLACK


def header(opcount, flags=0, raw_flags=False, cpu_kind=0, cpu=0, placement=0):
    return struct.pack('<IBBbBi', flags, 1 if raw_flags else 0, cpu_kind, opcount,
                       placement, cpu)


def record(op, length, a=(ARENA, 0), b=(ARENA, 0), expect=(0, 0), bits=0, value=0):
    def where(region, offset):
        return offset + SLACK if region in (ARENA, READ_ONLY) else offset
    return struct.pack('<iIBBBBIQQQ', op, length, a[0], b[0], expect[0], expect[1], bits,
                       where(*a) & (2**64 - 1), where(*b) & (2**64 - 1), value)


def vector(records, **kw):
    return header(len(records), **kw) + b''.join(records)


SEEDS = {
    'memcpy-4096': vector([record(MEMCPY, 4096, (ARENA, 8192), (ARENA, 0))]),
    'memcpy-mb-memcpy': vector([record(MEMCPY, 64, (ARENA, 128), (ARENA, 0)),
                                record(MB, 0),
                                record(MEMCPY_RELEASE, 64, (ARENA, 256), (ARENA, 128))]),
    'compare-exchange': vector([record(EQ, 8, (ARENA, 0), (ARENA, 0)),
                                record(MEMCPY, 8, (ARENA, 0), (ARENA, 16))]),
    'second-compare-fails': vector([record(EQ, 16, (ARENA, 0), (ARENA, 0)),
                                    record(NE, 16, (ARENA, 32), (ARENA, 32)),
                                    record(ADD, 8, (ARENA, 64), value=1)]),
    'integers-1-2': vector([record(op, n, (ARENA, 64 + 8 * i), value=0x8181818181818181,
                                   bits=n * 8 - 1)
                            for i, (op, n) in enumerate(
                                [(o, n) for n in (1, 2)
                                 for o in (ADD, OR, AND, XOR, LSHIFT, RSHIFT, ADD_RELEASE)])]),
    'integers-4-8': vector([record(op, n, (ARENA, 64 + 8 * i + 3), value=2**64 - 5, bits=3)
                            for i, (op, n) in enumerate(
                                [(o, n) for n in (4, 8)
                                 for o in (ADD, OR, AND, XOR, LSHIFT, RSHIFT, ADD_RELEASE)])]),
    'limit-4216': vector([record(MEMCPY, 4096, (ARENA, 4096), (ARENA, 0))] +
                         [record(ADD, 8, (ARENA, 8192 + 8 * i), value=i) for i in range(15)]),
    # One more byte in the last copy or comparison makes 4217.
    'limit-4216-copy': vector([record(MEMCPY, 4096, (ARENA, 4096), (ARENA, 0))] +
                              [record(ADD, 8, (ARENA, 8192 + 8 * i), value=i) for i in range(14)] +
                              [record(MEMCPY, 8, (ARENA, 9000), (ARENA, 64))]),
    'limit-4216-compare': vector([record(EQ, 4096, (ARENA, 4096), (ARENA, 4096))] +
                                 [record(MB, 0)] * 14 +
                                 [record(NE, 120, (ARENA, 0), (ARENA, 8192))]),
    'limit-4217': vector([record(MEMCPY, 4096, (ARENA, 4096), (ARENA, 0))] +
                         [record(ADD, 8, (ARENA, 8192 + 8 * i), value=i) for i in range(14)] +
                         [record(MEMCPY, 9, (ARENA, 9000), (ARENA, 64))]),
    'copy-4097': vector([record(MEMCPY, 4097, (ARENA, 4096), (ARENA, 0))]),
    'seventeen-ops': vector([record(ADD, 8, (ARENA, 8 * i), value=1) for i in range(17)]),
    'two-full-copies': vector([record(MEMCPY, 4096, (ARENA, 4096), (ARENA, 0)),
                               record(MEMCPY, 4096, (ARENA, 8192), (ARENA, 0))]),
    'bad-shapes': vector([record(ADD, 8, (ARENA, 0), value=1),
                          record(LSHIFT, 4, (ARENA, 8), bits=32),
                          record(MEMCPY, 65537, (ARENA, 0), (ARENA, 0)),
                          record(12, 8)]),
    'faults-expected': vector([record(ADD, 8, (ARENA, 0), value=1),
                               record(MEMCPY, 8, (ARENA, 8), (NULL_PAGE, 0), expect=(0, 1))]),
    'read-only-destination': vector([record(ADD, 8, (ARENA, 0), value=1),
                                     record(MEMCPY, 8, (READ_ONLY, 0), (ARENA, 8))]),
    'hole-and-wild': vector([record(EQ, 8, (HOLE, 4096), (ARENA, 0), expect=(1, 0)),
                             record(OR, 4, (WILD, 2**64 - 2), value=1)]),
    'straddles-guard': vector([record(MEMCPY, 16, (ARENA, 3 * 4096 - 8), (ARENA, 0))]),
    'query-nr': header(-1, flags=1, raw_flags=True, cpu_kind=2, cpu=-1),
    'query-vec-len-max': header(99, flags=2, raw_flags=True),
    'unknown-flag': vector([record(ADD, 8)], flags=8, raw_flags=True),
    'mm-cid-remote': vector([record(ADD, 4, (ARENA, 0), value=7)], flags=4, cpu_kind=1, cpu=1),
    'bad-cpu': vector([record(ADD, 4)], cpu_kind=2, cpu=1 << 20),
    'vector-runs-into-guard': header(3, placement=1) + record(ADD, 8, value=1) * 2,
    'vector-in-arena': vector([record(MEMCPY, 32, (ARENA, 32), (ARENA, 256)),
                               record(XOR, 8, (ARENA, 8), value=2**64 - 1)], placement=2),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), 'corpus')
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
