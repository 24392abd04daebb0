// Finds positions in a sorted list when they are mostly asked for in ascending order, as ranking asks.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace mentorbot {

// Ranking scores every eligible mentor of a topic in position order, and for each asks
// whether they have the topic as a skill, share the requester's goals, and have ratings: a
// binary search each in lists of thousands on a popular topic, most of a mentor's fit. Asked
// in ascending order, each search starts where the last one ended and gallops forward, so a
// pass over the list costs about its length; a position lower than the last one asked starts
// again from the beginning, so any order is still answered right.
class AscendingSearch {
public:
    AscendingSearch() = default;
    explicit AscendingSearch(std::span<const std::uint32_t> sorted)
        : first_(sorted.data()), last_(sorted.data() + sorted.size()), at_(first_) {}

    // The place of the first element not below `position` (the list's length when none is).
    std::size_t seek(std::uint32_t position) {
        if (position < last_asked_) at_ = first_;
        last_asked_ = position;
        if (at_ == last_ || *at_ >= position) return place();
        // *low is below the position: double the stride until an element is not (or the
        // list ends), then search the last stride.
        const std::uint32_t* low = at_;
        std::ptrdiff_t stride = 1;
        while (stride < last_ - low && low[stride] < position) {
            low += stride;
            stride *= 2;
        }
        at_ = std::lower_bound(low + 1, low + std::min(stride, last_ - low), position);
        return place();
    }

    bool contains(std::uint32_t position) {
        const std::size_t found = seek(position);
        return first_ + found != last_ && first_[found] == position;
    }

private:
    std::size_t place() const { return static_cast<std::size_t>(at_ - first_); }

    const std::uint32_t* first_ = nullptr;
    const std::uint32_t* last_ = nullptr;
    const std::uint32_t* at_ = nullptr;
    std::uint32_t last_asked_ = 0;
};

}  // namespace mentorbot
