// Finds which of many simulated people's names occur in a text, in one pass over the text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace mentorbot::simulation {

// The simulation's names are eight lowercase letters; each eight-letter run of a text is packed
// into a number and looked up, so a text costs the same however many names are asked about
// (a member forgotten among hundreds, in every row of every table).
class NameFinder {
public:
    static constexpr std::size_t length = 8;

    // Adds a name of eight lowercase letters, found as `who`.
    void add(std::string_view name, int who) { names_[pack(name)] = who; }
    bool empty() const { return names_.empty(); }

    // Calls `found(who)` for each place a name occurs in `text`, as often as it occurs.
    template <typename Found>
    void each_in(std::string_view text, Found found) const {
        std::uint64_t window = 0;
        std::size_t run = 0;
        for (char letter : text) {
            if (letter < 'a' || letter > 'z') {
                run = 0;
                continue;
            }
            window = ((window << 5) | std::uint64_t(letter - 'a' + 1)) & mask;
            if (++run < length) continue;
            if (auto name = names_.find(window); name != names_.end()) found(name->second);
        }
    }

private:
    static constexpr std::uint64_t mask = (std::uint64_t{1} << (5 * length)) - 1;
    static std::uint64_t pack(std::string_view name) {
        std::uint64_t packed = 0;
        for (char letter : name) packed = (packed << 5) | std::uint64_t(letter - 'a' + 1);
        return packed & mask;
    }
    std::unordered_map<std::uint64_t, int> names_;
};

}  // namespace mentorbot::simulation
