// Pod formation: a first arrangement by kind, then swaps between equivalent members to keep earlier pod-mates apart.
#include "domain/pod_formation.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <functional>
#include <iterator>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace mentorbot {

std::string_view pod_kind_name(PodKind kind) {
    switch (kind) {
        case PodKind::learning: return "learning";
        case PodKind::circle: return "circle";
        case PodKind::cohort: return "cohort";
    }
    return "learning";
}

PodKind parse_pod_kind(std::string_view name) {
    if (name == "learning") return PodKind::learning;
    if (name == "circle") return PodKind::circle;
    if (name == "cohort") return PodKind::cohort;
    throw std::invalid_argument("unknown pod kind: " + std::string(name));
}

namespace {

// Our own generator and draws, so the same seed gives the same pods with any standard library.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, bound).
    std::size_t below(std::size_t bound) {
        return static_cast<std::size_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
    }

private:
    std::uint64_t state_;
};

// A pool member reduced to small integers.
struct Entry {
    const PodCandidate* candidate = nullptr;
    int department = 0;  // index into the sorted department names
    int month = 0;       // index into the sorted start months
    std::uint64_t tiebreak = 0;
    int band = 0;  // the time band: members who can meet at a common hour
};

// Interns strings to indices that follow their sorted order.
std::vector<int> intern_sorted(const std::vector<const std::string*>& values, std::vector<std::string>& names) {
    std::vector<std::string_view> distinct;
    distinct.reserve(values.size());
    for (const std::string* value : values) distinct.emplace_back(*value);
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    names.assign(distinct.begin(), distinct.end());
    std::vector<int> indices;
    indices.reserve(values.size());
    for (const std::string* value : values) {
        auto found = std::lower_bound(distinct.begin(), distinct.end(), std::string_view(*value));
        indices.push_back(static_cast<int>(found - distinct.begin()));
    }
    return indices;
}

// The current arrangement and the earlier pod-mates of each member.
class Arrangement {
public:
    Arrangement(std::size_t members, std::size_t pods) : pod_of_(members, 0), slot_(members, 0), pods_(pods) {}

    void place(int member, int pod) {
        pod_of_[member] = pod;
        slot_[member] = static_cast<int>(pods_[pod].size());
        pods_[pod].push_back(member);
    }
    int pod_of(int member) const { return pod_of_[member]; }
    const std::vector<std::vector<int>>& pods() const { return pods_; }

    void swap_members(int a, int b) {
        int pod_a = pod_of_[a], pod_b = pod_of_[b];
        std::swap(pods_[pod_a][slot_[a]], pods_[pod_b][slot_[b]]);
        std::swap(pod_of_[a], pod_of_[b]);
        std::swap(slot_[a], slot_[b]);
    }

    std::vector<std::vector<int>> earlier_mates;  // sorted, distinct, per member

    // Earlier pod-mates of `member` in `pod`, not counting `ignored`.
    int mates_in(int member, int pod, int ignored = -1) const {
        int count = 0;
        for (int mate : earlier_mates[member])
            if (mate != ignored && pod_of_[mate] == pod) ++count;
        return count;
    }

    int repeated_pairs() const {
        long long twice = 0;
        for (std::size_t member = 0; member < pod_of_.size(); ++member)
            twice += mates_in(static_cast<int>(member), pod_of_[member]);
        return static_cast<int>(twice / 2);
    }

private:
    std::vector<int> pod_of_;
    std::vector<int> slot_;
    std::vector<std::vector<int>> pods_;
};

// The pod count closest to members / target (half rounds up), lowered while that would
// leave a pod below two people, or below target - 1 when fewer pods can avoid it: an odd
// person out joins a pod rather than being left alone. A pool of one forms nothing.
int number_of_pods(std::size_t members, int target_size) {
    if (members < 2) return 0;
    const auto size = static_cast<std::size_t>(target_size);
    std::size_t pods = std::max<std::size_t>(1, (members + size / 2) / size);
    // The smallest pod the pool allows: one pod of everyone when the pool is below target - 1.
    std::size_t smallest = std::min(std::max<std::size_t>(2, size - 1), members);
    return static_cast<int>(std::min(pods, members / smallest));
}

// "2026-09" → months since year 0, for how far apart two start months are; nullopt otherwise.
std::optional<long long> month_number(const std::string& month) {
    if (month.size() != 7 || month[4] != '-') return std::nullopt;
    for (std::size_t i = 0; i < month.size(); ++i)
        if (i != 4 && (month[i] < '0' || month[i] > '9')) return std::nullopt;
    int year = std::stoi(month.substr(0, 4)), number = std::stoi(month.substr(5, 2));
    if (number < 1 || number > 12) return std::nullopt;
    return year * 12LL + number - 1;
}

// What a cut between two neighbours in start-month order costs, compared field by field.
struct CutCost {
    int splits_fitting_month = 0;  // splits a month whose people fit in one pod
    int splits_month = 0;          // splits any month
    long long closeness = 0;       // minus the months between the neighbours: cut where starts lie far apart
    auto operator<=>(const CutCost&) const = default;
    CutCost operator+(const CutCost& other) const {
        return {splits_fitting_month + other.splits_fitting_month, splits_month + other.splits_month,
                closeness + other.closeness};
    }
};

// Cuts `order` (members in start-month order) into `pod_count` consecutive runs whose sizes
// differ by at most one. Which runs get the extra member moves the cuts; a shortest path over
// (runs so far, larger runs so far) picks the cheapest cuts. Only states that can still end
// with exactly the right number of larger runs are kept, at most min(larger, smaller) + 1 per
// run, which with pod_count ≈ members / target is about target / 2.
std::vector<std::size_t> cohort_cuts(const std::vector<int>& order, const std::vector<Entry>& entries,
                                     const std::vector<std::optional<long long>>& month_numbers, int pod_count) {
    const std::size_t n = order.size(), k = static_cast<std::size_t>(pod_count);
    const std::size_t base = n / k, larger = n % k;
    const std::size_t largest_pod = base + (larger > 0 ? 1 : 0);
    constexpr long long far_apart = 1200;  // an unknown or unreadable month: as good as a century away

    std::vector<std::size_t> month_size(month_numbers.size(), 0);
    for (int member : order) ++month_size[static_cast<std::size_t>(entries[member].month)];
    auto cost_at = [&](std::size_t position) {  // a cut just before order[position]
        const Entry& before = entries[order[position - 1]];
        const Entry& after = entries[order[position]];
        if (before.month == after.month)
            return CutCost{month_size[static_cast<std::size_t>(before.month)] <= largest_pod ? 1 : 0, 1, 0};
        const auto& from = month_numbers[static_cast<std::size_t>(before.month)];
        const auto& to = month_numbers[static_cast<std::size_t>(after.month)];
        return CutCost{0, 0, -(from && to ? std::max(0LL, *to - *from) : far_apart)};
    };

    // Row j holds the states t (larger runs among the first j) in [low(j), high(j)].
    auto low = [&](std::size_t j) { return larger + j > k ? larger + j - k : 0; };
    auto high = [&](std::size_t j) { return std::min(j, larger); };
    std::vector<std::size_t> row_start(k + 2, 0);
    for (std::size_t j = 0; j <= k; ++j) row_start[j + 1] = row_start[j] + (high(j) - low(j) + 1);
    std::vector<bool> took_larger(row_start[k + 1], false);  // how each state was reached
    std::vector<CutCost> cost(1), next;
    for (std::size_t j = 1; j <= k; ++j) {
        next.assign(high(j) - low(j) + 1, CutCost{});
        for (std::size_t t = low(j); t <= high(j); ++t) {
            // From (j - 1, t): this run has `base` members; from (j - 1, t - 1): one more.
            bool from_same = t >= low(j - 1) && t <= high(j - 1);
            bool from_fewer = t >= 1 && t - 1 >= low(j - 1) && t - 1 <= high(j - 1);
            bool larger_run = !from_same || (from_fewer && cost[t - 1 - low(j - 1)] < cost[t - low(j - 1)]);
            CutCost best = cost[(larger_run ? t - 1 : t) - low(j - 1)];
            if (j < k) best = best + cost_at(j * base + t);
            next[t - low(j)] = best;
            took_larger[row_start[j] + (t - low(j))] = larger_run;
        }
        cost.swap(next);
    }

    std::vector<std::size_t> ends(k);  // ends[j]: one past the last member of run j
    std::size_t t = larger;
    for (std::size_t j = k; j >= 1; --j) {
        ends[j - 1] = j * base + t;
        if (took_larger[row_start[j] + (t - low(j))]) --t;
    }
    return ends;
}

// First arrangement: an order of members, dealt round robin (learning, circle) or cut
// into consecutive runs (cohort). Both give sizes that differ by at most one.
// `members` are the band's members (indices into entries), placed in pods first_pod onwards.
void arrange_by_kind(PodKind kind, const std::vector<Entry>& entries, std::vector<int> order,
                     const std::vector<std::optional<long long>>& month_numbers, int first_pod, int pod_count,
                     Arrangement& arrangement) {
    auto by = [&](auto key) {
        std::sort(order.begin(), order.end(), [&](int a, int b) {
            auto ka = key(entries[a]), kb = key(entries[b]);
            if (ka != kb) return ka < kb;
            if (entries[a].tiebreak != entries[b].tiebreak) return entries[a].tiebreak < entries[b].tiebreak;
            return a < b;
        });
    };
    switch (kind) {
        case PodKind::learning: {
            // Sorted by level and dealt one by one: any k consecutive members in this order
            // land in k different pods, so the k most junior and the k most senior are spread.
            by([](const Entry& e) { return e.candidate->level; });
            for (std::size_t position = 0; position < order.size(); ++position)
                arrangement.place(order[position], first_pod + static_cast<int>(position % pod_count));
            return;
        }
        case PodKind::circle: {
            // Each department's members are consecutive, largest department first, and dealt
            // one by one: a department of c members reaches min(c, k) pods, the most possible.
            std::vector<int> department_size;
            for (int member : order) {
                const Entry& e = entries[member];
                if (e.department >= static_cast<int>(department_size.size()))
                    department_size.resize(e.department + 1, 0);
                ++department_size[e.department];
            }
            by([&](const Entry& e) { return std::pair(-department_size[e.department], e.department); });
            for (std::size_t position = 0; position < order.size(); ++position)
                arrangement.place(order[position], first_pod + static_cast<int>(position % pod_count));
            return;
        }
        case PodKind::cohort: {
            // In start-month order, cut into consecutive runs: pods follow one another in
            // start-month order, and the cuts keep a month's people together where they fit.
            by([](const Entry& e) { return e.month; });
            std::vector<std::size_t> ends = cohort_cuts(order, entries, month_numbers, pod_count);
            std::size_t position = 0;
            for (int pod = 0; pod < pod_count; ++pod)
                for (; position < ends[static_cast<std::size_t>(pod)]; ++position)
                    arrangement.place(order[position], first_pod + pod);
            return;
        }
    }
}

// What a member may be swapped with without changing what the kind promises.
// Members of different time bands are never equivalent: a swap must not move anyone out of hours.
long long equivalence_key(PodKind kind, const Entry& entry) {
    long long within = 0;
    switch (kind) {
        case PodKind::learning: within = entry.candidate->level; break;
        case PodKind::circle: within = entry.department; break;
        case PodKind::cohort: within = entry.month; break;
    }
    return static_cast<long long>(entry.band) * (1LL << 32) + within;
}

// Swaps members with equivalent members of other pods while that reduces the number of
// earlier pod-mates who meet again. Each swap strictly reduces that number, so it ends;
// it stops when no member has an improving swap among the candidates it looked at.
void keep_earlier_mates_apart(PodKind kind, const std::vector<Entry>& entries, Arrangement& arrangement,
                              SeededRandom& random, std::vector<int>& swaps_per_pod) {
    constexpr std::size_t candidates_per_try = 48;

    std::unordered_map<long long, std::vector<int>> buckets;
    for (std::size_t member = 0; member < entries.size(); ++member)
        buckets[equivalence_key(kind, entries[member])].push_back(static_cast<int>(member));

    // Only members who meet an earlier pod-mate need a look; after a pass, only those
    // still meeting one (a swap can move the problem, never grow it).
    std::vector<int> meeting_again;
    for (std::size_t member = 0; member < entries.size(); ++member)
        if (arrangement.mates_in(static_cast<int>(member), arrangement.pod_of(static_cast<int>(member))) > 0)
            meeting_again.push_back(static_cast<int>(member));

    bool improved = true;
    while (improved && !meeting_again.empty()) {
        improved = false;
        for (int member : meeting_again) {
            while (true) {
                int home = arrangement.pod_of(member);
                int mates_here = arrangement.mates_in(member, home);
                if (mates_here == 0) break;
                const std::vector<int>& bucket = buckets[equivalence_key(kind, entries[member])];
                bool try_all = bucket.size() <= candidates_per_try;
                std::size_t tries = try_all ? bucket.size() : candidates_per_try;
                int best_partner = -1, best_change = 0;
                for (std::size_t t = 0; t < tries; ++t) {
                    int other = bucket[try_all ? t : random.below(bucket.size())];
                    int away = arrangement.pod_of(other);
                    if (away == home) continue;
                    int before = mates_here + arrangement.mates_in(other, away);
                    int after = arrangement.mates_in(member, away, other) + arrangement.mates_in(other, home, member);
                    if (after - before < best_change) {
                        best_change = after - before;
                        best_partner = other;
                        if (after == 0) break;  // nobody meets again: good enough, stop looking
                    }
                }
                if (best_partner < 0) break;
                ++swaps_per_pod[home];
                ++swaps_per_pod[arrangement.pod_of(best_partner)];
                arrangement.swap_members(member, best_partner);
                improved = true;
            }
        }
        std::vector<int> still;
        for (std::size_t member = 0; member < entries.size(); ++member)
            if (arrangement.mates_in(static_cast<int>(member), arrangement.pod_of(static_cast<int>(member))) > 0)
                still.push_back(static_cast<int>(member));
        meeting_again.swap(still);
    }
}

// Working hours as quarter hours of the UTC day.
constexpr int minutes_per_day = 24 * 60;
constexpr int quarters_per_day = minutes_per_day / 15;
using Quarters = std::bitset<quarters_per_day>;

Quarters quarters_of(const PodCandidate& candidate) {
    Quarters quarters;
    if (candidate.hours_length <= 0 || candidate.hours_length >= minutes_per_day) return quarters.set();
    const int start = (candidate.hours_utc_start % minutes_per_day + minutes_per_day) % minutes_per_day;
    for (int quarter = 0; quarter < quarters_per_day; ++quarter) {
        const int since_start = ((quarter * 15 - start) % minutes_per_day + minutes_per_day) % minutes_per_day;
        if (since_start < candidate.hours_length) quarters.set(static_cast<std::size_t>(quarter));
    }
    return quarters;
}

int circular_distance(int a_minute, int b_minute) {
    const int d = ((a_minute - b_minute) % minutes_per_day + minutes_per_day) % minutes_per_day;
    return std::min(d, minutes_per_day - d);
}

// The quarter hour most members work at, the one nearest `preferred` among equals: with
// `members` all sharing one, that is the shared one nearest to what was asked for.
int meeting_quarter(const std::vector<Quarters>& hours, const std::vector<int>& members, int preferred) {
    std::array<int, quarters_per_day> working{};
    for (int member : members)
        for (int quarter = 0; quarter < quarters_per_day; ++quarter)
            if (hours[member][static_cast<std::size_t>(quarter)]) ++working[static_cast<std::size_t>(quarter)];
    int best = 0;
    for (int quarter = 1; quarter < quarters_per_day; ++quarter) {
        const auto q = static_cast<std::size_t>(quarter), b = static_cast<std::size_t>(best);
        if (working[q] > working[b] || (working[q] == working[b] && circular_distance(quarter * 15, preferred) <
                                                                        circular_distance(best * 15, preferred)))
            best = quarter;
    }
    return best;
}

// A group of members who share a working hour, to be split into `pods` pods by the kind's rules.
struct Band {
    std::vector<int> members;
    int pods = 0;
};

// Exhaustive search for a partition into groups of these sizes in which every group shares a
// working hour; fills group_of and returns true when there is one.
bool fit_groups(const std::vector<Quarters>& hours, std::vector<std::size_t> room, std::vector<int>& group_of) {
    const std::size_t n = hours.size();
    std::vector<Quarters> shared(room.size());
    std::vector<std::size_t> used(room.size(), 0);
    group_of.assign(n, -1);
    std::function<bool(std::size_t)> place = [&](std::size_t member) {
        if (member == n) return true;
        for (std::size_t g = 0; g < room.size(); ++g) {
            if (used[g] == room[g]) continue;
            // Empty groups of one size are alike: trying the first of them is enough.
            bool alike_earlier = false;
            for (std::size_t e = 0; e < g && used[g] == 0; ++e)
                if (used[e] == 0 && room[e] == room[g]) alike_earlier = true;
            if (alike_earlier) continue;
            const Quarters before = shared[g];
            const Quarters after = used[g] == 0 ? hours[member] : (before & hours[member]);
            if (after.none()) continue;
            shared[g] = after;
            ++used[g];
            group_of[member] = static_cast<int>(g);
            if (place(member + 1)) return true;
            --used[g];
            shared[g] = before;
        }
        return false;
    };
    return place(0);
}

// Splits the pool into bands of whole pods whose members share a working hour (see form_pods).
std::vector<Band> time_bands(const std::vector<const PodCandidate*>& members, const std::vector<Quarters>& hours,
                             int pod_count, int preferred) {
    const std::size_t n = members.size(), k = static_cast<std::size_t>(pod_count);
    Quarters everyone;
    everyone.set();
    for (const Quarters& quarters : hours) everyone &= quarters;
    std::vector<int> all(n);
    std::iota(all.begin(), all.end(), 0);
    if (everyone.any() || k == 1) return {Band{all, pod_count}};

    const std::size_t base = n / k, larger = n % k;
    auto run_size = [&](std::size_t run) { return base + (run < larger ? 1 : 0); };

    // Around the clock by the middle of each working day; anyone's hours suit those without any.
    std::vector<int> middle(n);
    for (std::size_t i = 0; i < n; ++i) {
        const PodCandidate& c = *members[i];
        middle[i] = c.hours_length <= 0 || c.hours_length >= minutes_per_day
                        ? preferred
                        : ((c.hours_utc_start + c.hours_length / 2) % minutes_per_day + minutes_per_day) %
                              minutes_per_day;
    }
    std::vector<int> order = all;
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return std::pair(middle[a], a) < std::pair(middle[b], b); });

    // Where the circle is cut: at the first member of each quarter hour.
    std::vector<std::size_t> offsets;
    for (std::size_t p = 0; p < n; ++p)
        if (p == 0 || middle[order[p]] / 15 != middle[order[p - 1]] / 15) offsets.push_back(p);
    std::size_t best_offset = 0, best_fitting = 0;
    for (std::size_t offset : offsets) {
        std::size_t fitting = 0, position = offset;
        for (std::size_t run = 0; run < k; ++run) {
            Quarters shared;
            shared.set();
            const std::size_t size = run_size(run);
            for (std::size_t i = 0; i < size; ++i, ++position) shared &= hours[order[position % n]];
            if (shared.any()) fitting += size;
        }
        if (fitting > best_fitting) {
            best_fitting = fitting;
            best_offset = offset;
        }
        if (fitting == n) break;
    }

    constexpr std::size_t searched_exhaustively = 12;
    if (best_fitting < n && n <= searched_exhaustively) {
        std::vector<std::size_t> room(k);
        for (std::size_t run = 0; run < k; ++run) room[run] = run_size(run);
        std::vector<int> group_of;
        if (fit_groups(hours, room, group_of)) {
            std::vector<Band> bands(k);
            for (std::size_t i = 0; i < n; ++i)
                bands[static_cast<std::size_t>(group_of[i])].members.push_back(static_cast<int>(i));
            for (Band& band : bands) band.pods = 1;
            return bands;
        }
    }

    // Neighbouring runs that still share an hour become one band.
    std::vector<Band> bands;
    Quarters band_shared;
    std::size_t position = best_offset;
    for (std::size_t run = 0; run < k; ++run) {
        Quarters run_shared;
        run_shared.set();
        std::vector<int> run_members;
        for (std::size_t i = 0; i < run_size(run); ++i, ++position) {
            run_members.push_back(order[position % n]);
            run_shared &= hours[run_members.back()];
        }
        if (!bands.empty() && band_shared.any() && (band_shared & run_shared).any()) {
            band_shared &= run_shared;
            bands.back().members.insert(bands.back().members.end(), run_members.begin(), run_members.end());
            ++bands.back().pods;
        } else {
            band_shared = run_shared;
            bands.push_back(Band{std::move(run_members), 1});
        }
    }
    return bands;
}

}  // namespace

FormationResult form_pods(const FormationRequest& request) {
    if (request.target_size < 1) throw std::invalid_argument("pod size must be at least 1");
    const std::size_t n = request.pool.size();

    // Canonical order (by member id) so the input order never changes the outcome.
    std::vector<const PodCandidate*> members;
    members.reserve(n);
    for (const PodCandidate& candidate : request.pool) {
        if (candidate.level < 1 || candidate.level > 6)
            throw std::invalid_argument("level must be 1–6 for " + candidate.member_id);
        members.push_back(&candidate);
    }
    std::sort(members.begin(), members.end(),
              [](const PodCandidate* a, const PodCandidate* b) { return a->member_id < b->member_id; });
    for (std::size_t i = 1; i < n; ++i)
        if (members[i - 1]->member_id == members[i]->member_id)
            throw std::invalid_argument("member listed twice: " + members[i]->member_id);

    std::vector<const std::string*> departments, months;
    departments.reserve(n);
    months.reserve(n);
    for (const PodCandidate* m : members) {
        departments.push_back(&m->department);
        months.push_back(&m->start_month);
    }
    std::vector<std::string> department_names, month_names;
    std::vector<int> department_of = intern_sorted(departments, department_names);
    std::vector<int> month_of = intern_sorted(months, month_names);

    SeededRandom random(request.seed);
    std::vector<Entry> entries(n);
    for (std::size_t i = 0; i < n; ++i) entries[i] = Entry{members[i], department_of[i], month_of[i], random.next()};

    const int pod_count = number_of_pods(n, request.target_size);
    if (pod_count == 0) return {};
    Arrangement arrangement(n, static_cast<std::size_t>(pod_count));
    std::vector<std::optional<long long>> month_numbers;
    month_numbers.reserve(month_names.size());
    for (const std::string& month : month_names) month_numbers.push_back(month_number(month));
    std::vector<Quarters> hours(n);
    for (std::size_t i = 0; i < n; ++i) hours[i] = quarters_of(*members[i]);
    const int preferred = (request.preferred_utc_minute % minutes_per_day + minutes_per_day) % minutes_per_day;
    int first_pod = 0, band_number = 0;
    for (Band& band : time_bands(members, hours, pod_count, preferred)) {
        for (int member : band.members) entries[static_cast<std::size_t>(member)].band = band_number;
        arrange_by_kind(request.kind, entries, std::move(band.members), month_numbers, first_pod, band.pods,
                        arrangement);
        first_pod += band.pods;
        ++band_number;
    }

    // Earlier pod-mates, by index, counted once however many rounds they shared.
    arrangement.earlier_mates.assign(n, {});
    if (!request.earlier_pods.empty()) {
        std::unordered_map<std::string_view, int> index_of;
        index_of.reserve(n);
        for (std::size_t i = 0; i < n; ++i) index_of.emplace(members[i]->member_id, static_cast<int>(i));
        std::vector<int> present;
        for (const auto& earlier : request.earlier_pods) {
            present.clear();
            for (const std::string& id : earlier) {
                auto found = index_of.find(id);
                if (found != index_of.end()) present.push_back(found->second);
            }
            for (std::size_t a = 0; a < present.size(); ++a)
                for (std::size_t b = 0; b < present.size(); ++b)
                    if (present[a] != present[b]) arrangement.earlier_mates[present[a]].push_back(present[b]);
        }
        for (auto& mates : arrangement.earlier_mates) {
            std::sort(mates.begin(), mates.end());
            mates.erase(std::unique(mates.begin(), mates.end()), mates.end());
        }
    }

    FormationResult result;
    std::vector<int> swaps_per_pod(static_cast<std::size_t>(pod_count), 0);
    result.repeated_pairs_before_swaps = arrangement.repeated_pairs();
    if (result.repeated_pairs_before_swaps > 0)
        keep_earlier_mates_apart(request.kind, entries, arrangement, random, swaps_per_pod);
    result.repeated_pairs_after_swaps = arrangement.repeated_pairs();

    result.pods.resize(static_cast<std::size_t>(pod_count));
    for (int pod = 0; pod < pod_count; ++pod) {
        FormedPod& formed = result.pods[pod];
        const std::vector<int>& inside = arrangement.pods()[pod];
        std::vector<int> sorted_inside(inside.begin(), inside.end());
        std::sort(sorted_inside.begin(), sorted_inside.end());  // indices follow member id order
        formed.member_ids.reserve(sorted_inside.size());
        int twice_repeated = 0;
        for (int member : sorted_inside) {
            const Entry& e = entries[member];
            formed.member_ids.push_back(e.candidate->member_id);
            ++formed.why.levels[e.candidate->level];
            ++formed.why.departments[department_names[e.department]];
            ++formed.why.start_months[month_names[e.month]];
            twice_repeated += arrangement.mates_in(member, pod);
        }
        formed.why.repeated_pairs = twice_repeated / 2;
        formed.why.swaps = swaps_per_pod[pod];
        const int quarter = meeting_quarter(hours, sorted_inside, preferred);
        formed.meeting_utc_minute = quarter * 15;
        for (int member : sorted_inside)
            if (!hours[static_cast<std::size_t>(member)][static_cast<std::size_t>(quarter)])
                formed.outside_hours.push_back(entries[static_cast<std::size_t>(member)].candidate->member_id);
    }
    return result;
}

namespace {

std::string or_unknown(const std::string& value) { return value.empty() ? "unknown" : value; }

std::string describe_levels(const PodExplanation& why) {
    std::string text = "levels ";
    bool first = true;
    for (const auto& [level, count] : why.levels)
        for (int i = 0; i < count; ++i) {
            if (!first) text += ",";
            text += std::to_string(level);
            first = false;
        }
    return text;
}

std::string describe_counts(const std::map<std::string, int>& counts, const std::string& singular,
                            const std::string& plural) {
    std::string text = std::to_string(counts.size()) + " " + (counts.size() == 1 ? singular : plural) + " (";
    bool first = true;
    for (const auto& [name, count] : counts) {
        if (!first) text += ", ";
        text += or_unknown(name);
        if (count > 1) text += " ×" + std::to_string(count);
        first = false;
    }
    return text + ")";
}

// "2026-09" → "Sep 2026"; anything else as it is.
std::string month_name(const std::string& month) {
    static constexpr const char* names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto number = month_number(month);
    if (!number) return month;
    return std::string(names[*number % 12]) + " " + month.substr(0, 4);
}

// "joined Sep 2026 (3), Oct 2026 (1)": month names and head counts, which cannot be read as a
// duration the way "4 months" could. Unknown start dates come last.
std::string describe_start_months(const std::map<std::string, int>& months) {
    std::string text;
    int unknown = 0;
    for (const auto& [month, count] : months) {
        if (month.empty()) {
            unknown += count;
            continue;
        }
        text += (text.empty() ? "joined " : ", ") + month_name(month) + " (" + std::to_string(count) + ")";
    }
    if (unknown > 0)
        text += (text.empty() ? "" : ", ") + std::string("start date unknown (") + std::to_string(unknown) + ")";
    return text;
}

std::string count_in_words(std::size_t count) {
    static constexpr const char* words[] = {"no",  "one",   "two",   "three", "four", "five",
                                            "six", "seven", "eight", "nine",  "ten"};
    return count < std::size(words) ? words[count] : std::to_string(count);
}

}  // namespace

std::string describe_pod(const FormedPod& pod, PodKind kind) {
    const PodExplanation& why = pod.why;
    std::string levels = describe_levels(why);
    std::string departments = describe_counts(why.departments, "department", "departments");
    std::string months = describe_start_months(why.start_months);
    std::vector<std::string> parts;
    switch (kind) {
        case PodKind::learning: parts = {levels, departments, months}; break;
        case PodKind::circle: parts = {departments, levels, months}; break;
        case PodKind::cohort: parts = {months, levels, departments}; break;
    }
    if (why.repeated_pairs == 0) parts.push_back("no one met here before");
    else
        parts.push_back(std::to_string(why.repeated_pairs) + (why.repeated_pairs == 1 ? " pair" : " pairs") +
                        " met before (no equivalent member to swap with)");
    if (why.swaps > 0)
        parts.push_back(std::to_string(why.swaps) + (why.swaps == 1 ? " swap" : " swaps") +
                        " kept earlier pod-mates apart");
    std::string text;
    for (const std::string& part : parts) {
        if (!text.empty()) text += " · ";
        text += part;
    }
    return text;
}

std::string describe_sizes(const FormationResult& result, int target_size) {
    const std::size_t target = static_cast<std::size_t>(std::max(target_size, 2));  // no pod is smaller than 2
    std::size_t people = 0, above = 0, below = 0, odd_size = 0;
    for (const FormedPod& pod : result.pods) {
        const std::size_t size = pod.member_ids.size();
        people += size;
        if (size > target) ++above;
        if (size < target) ++below;
        if (size != target) odd_size = size;  // sizes differ by at most one: one odd size at most
    }
    if (above == 0 && below == 0) return {};
    const std::size_t pods = result.pods.size(), odd = above + below;
    std::string text = std::to_string(people) + " people in pods of " + std::to_string(target) + ": ";
    if (above > 0) {
        // The people a pod of `target` each would leave over joined pods instead.
        const std::size_t left_over = people - pods * target;
        if (target == 2 && odd_size == 3)
            text += count_in_words(odd) + (odd == 1 ? " pod became a trio" : " pods became trios");
        else text += count_in_words(odd) + (odd == 1 ? " pod has " : " pods have ") + std::to_string(odd_size);
        return text + (left_over == 1 ? " so nobody is alone."
                                      : " so nobody is left in a pod of " + std::to_string(left_over) + ".");
    }
    return text + count_in_words(odd) + (odd == 1 ? " pod has " : " pods have ") + std::to_string(odd_size) + ", as " +
           std::to_string(people) + " people do not fill " + (pods == 1 ? "a pod" : count_in_words(pods) + " pods") +
           " of " + std::to_string(target) + ".";
}

}  // namespace mentorbot
