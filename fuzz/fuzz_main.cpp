// libFuzzer entry point; built once per target with MENTORBOT_FUZZ_TARGET naming the function.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    mentorbot::fuzz::MENTORBOT_FUZZ_TARGET({reinterpret_cast<const char*>(data), size});
    return 0;
}
