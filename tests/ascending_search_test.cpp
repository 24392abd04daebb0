// Positions found in a sorted list in any order of asking, as a binary search finds them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "domain/ascending_search.h"

using namespace mentorbot;

namespace {

std::size_t lower_bound_place(const std::vector<std::uint32_t>& sorted, std::uint32_t position) {
    return static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), position) - sorted.begin());
}

}  // namespace

TEST_CASE("a search that goes on from the last answer finds what a binary search finds, in any order",
          "[matching][ranking]") {
    std::mt19937 random(20261207);
    for (const std::size_t size : {0u, 1u, 2u, 7u, 100u, 3000u}) {
        std::vector<std::uint32_t> sorted;
        std::uint32_t next = 0;
        for (std::size_t i = 0; i < size; ++i) sorted.push_back(next += 1 + random() % 5);
        const std::uint32_t beyond = next + 10;

        std::vector<std::uint32_t> ascending;
        for (std::uint32_t position = 0; position <= beyond; ++position) ascending.push_back(position);
        std::vector<std::uint32_t> descending(ascending.rbegin(), ascending.rend());
        std::vector<std::uint32_t> shuffled = ascending;
        std::shuffle(shuffled.begin(), shuffled.end(), random);
        // Mostly ascending with steps back, as ranking asks after its first pass.
        std::vector<std::uint32_t> sawtooth;
        for (std::uint32_t round = 0; round < 3; ++round) {
            for (std::uint32_t position = round; position <= beyond; position += 1 + random() % 40)
                sawtooth.push_back(position);
        }

        for (const auto* order : {&ascending, &descending, &shuffled, &sawtooth}) {
            AscendingSearch search(sorted);
            for (std::uint32_t position : *order) {
                INFO("list of " << size << ", position " << position);
                REQUIRE(search.seek(position) == lower_bound_place(sorted, position));
                REQUIRE(search.contains(position) == std::binary_search(sorted.begin(), sorted.end(), position));
            }
        }
    }
}
