// libFuzzer entry point; built once per target with MENTORBOT_FUZZ_TARGET naming the function.
#include <cstddef>
#include <cstdint>

#include <spdlog/spdlog.h>

#include "fuzz/fuzz_targets.h"

// Malformed input is logged and dropped by design; millions of warnings only slow the fuzzer.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    mentorbot::fuzz::MENTORBOT_FUZZ_TARGET({reinterpret_cast<const char*>(data), size});
    return 0;
}
