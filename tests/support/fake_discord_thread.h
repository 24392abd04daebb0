// The fake Discord on its own thread, started at once, for tests that run the real binary against it.
#pragma once

#include "tests/fake_discord/fake_discord.h"
#include "tests/support/fake_on_thread.h"
#include "tests/support/test_ca.h"

namespace mentorbot::testing {

// Runs the fake Discord on its own thread, from the start, while the test waits for the binary.
struct FakeDiscordThread : FakeOnThread<FakeDiscord> {
    FakeDiscord& discord = fake;
    explicit FakeDiscordThread(const TestCertificates& certificates) : FakeOnThread(certificates) { run(); }
};

}  // namespace mentorbot::testing
