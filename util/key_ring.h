// A first-in first-out memory of short keys with a value each, found by key, that reuses its storage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mentorbot {

// The memories of recent deliveries (envelope ids, replies to re-sends) see one new key
// per command and drop the oldest: a hash set plus a queue of copies cost two
// allocations and two frees per command, and hashing every key twice. Here the keys live
// in a ring of slots whose strings keep their capacity when a slot is reused, and an
// open-addressing index finds them by a string_view: once the ring has wrapped, adding a
// key allocates nothing. The ring grows (doubling) only while more keys are kept than
// ever before.
template <typename Value>
class KeyRing {
public:
    KeyRing() = default;

    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }

    Value* find(std::string_view key) {
        const std::size_t at = index_of(key, std::hash<std::string_view>{}(key));
        return at == npos ? nullptr : &slots_[index_[at] - 1].value;
    }
    const Value* find(std::string_view key) const { return const_cast<KeyRing*>(this)->find(key); }

    // Adds `key` as the newest entry; false, with nothing changed, when it is kept already.
    bool push(std::string_view key, Value value) {
        const std::size_t hash = std::hash<std::string_view>{}(key);
        if (index_of(key, hash) != npos) return false;
        if (count_ == slots_.size()) grow();
        const std::size_t position = (oldest_ + count_) & (slots_.size() - 1);
        Slot& slot = slots_[position];
        // assign() keeps the capacity the slot's string had: no allocation once wrapped.
        slot.key.assign(key.data(), key.size());
        slot.hash = hash;
        slot.value = std::move(value);
        ++count_;
        place(position);
        return true;
    }

    // The oldest entry; only when !empty().
    std::string_view oldest_key() const { return slots_[oldest_].key; }
    Value& oldest() { return slots_[oldest_].value; }
    const Value& oldest() const { return slots_[oldest_].value; }
    void pop_oldest() {
        Slot& slot = slots_[oldest_];
        unplace(index_of(slot.key, slot.hash));
        slot.value = Value();
        oldest_ = (oldest_ + 1) & (slots_.size() - 1);
        --count_;
    }

    // Forgets every entry; the storage stays for the next ones.
    void clear() {
        while (!empty()) pop_oldest();
    }

private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    struct Slot {
        std::string key;
        std::size_t hash = 0;
        Value value{};
    };

    // The index position that holds `key`, or npos.
    std::size_t index_of(std::string_view key, std::size_t hash) const {
        if (index_.empty()) return npos;
        const std::size_t mask = index_.size() - 1;
        for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
            const std::uint32_t entry = index_[at];
            if (entry == 0) return npos;
            const Slot& slot = slots_[entry - 1];
            if (slot.hash == hash && slot.key == key) return at;
        }
    }

    void place(std::size_t slot_position) {
        const std::size_t mask = index_.size() - 1;
        std::size_t at = slots_[slot_position].hash & mask;
        while (index_[at] != 0) at = (at + 1) & mask;
        index_[at] = static_cast<std::uint32_t>(slot_position + 1);
    }

    // Linear probing without tombstones: later entries of the same run move back into the
    // hole unless their home lies after it, so every lookup still ends at an empty entry.
    void unplace(std::size_t hole) {
        const std::size_t mask = index_.size() - 1;
        for (std::size_t next = (hole + 1) & mask; index_[next] != 0; next = (next + 1) & mask) {
            const std::size_t home = slots_[index_[next] - 1].hash & mask;
            const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
            if (stays) continue;
            index_[hole] = index_[next];
            hole = next;
        }
        index_[hole] = 0;
    }

    // Twice the slots, oldest first from slot 0, and an index at most a quarter full.
    void grow() {
        std::vector<Slot> bigger(slots_.empty() ? 16 : 2 * slots_.size());
        for (std::size_t i = 0; i < slots_.size(); ++i)
            bigger[i] = std::move(slots_[(oldest_ + i) & (slots_.size() - 1)]);
        slots_ = std::move(bigger);
        oldest_ = 0;
        index_.assign(4 * slots_.size(), 0);
        for (std::size_t i = 0; i < count_; ++i) place(i);
    }

    // A power of two long, so positions wrap with a mask.
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> index_;
    std::size_t oldest_ = 0;
    std::size_t count_ = 0;
};

}  // namespace mentorbot
