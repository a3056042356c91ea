#pragma once
// Invariant checks inside fuzz targets. A broken invariant is a finding like a crash, so it
// aborts with a message libFuzzer shows next to the reproducer. Not for production code, where
// untrusted input never reaches an abort.
//
//   FUZZ_CHECK(IsValidUtf8(decoded), "DecodePath returned invalid UTF-8");

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, message)                                                           \
  do {                                                                                           \
    if (!(condition)) {                                                                          \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, message, \
                   #condition);                                                                  \
      std::abort();                                                                              \
    }                                                                                            \
  } while (false)
