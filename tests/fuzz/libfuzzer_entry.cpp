// libFuzzer's entry point for one target; CMake names it with ISOTEST_FUZZ_TARGET.
#include "targets.hpp"

#ifndef ISOTEST_FUZZ_TARGET
#error "ISOTEST_FUZZ_TARGET must name a function of isotest::fuzz"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return isotest::fuzz::ISOTEST_FUZZ_TARGET(data, size);
}
