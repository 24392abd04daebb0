// The program simulation: synthetic people act through the real app on a manual clock; invariants are checked as they
// go.
#include "tests/simulation/program_simulation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <set>
#include <sstream>
#include <unordered_map>

#include <SQLiteCpp/SQLiteCpp.h>
#include <date/date.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "bot/app.h"
#include "bot/clock_travel.h"
#include "commands/flash_flow.h"
#include "commands/unmet_demand.h"
#include "config/config.h"
#include "domain/clock.h"
#include "domain/local_moment.h"
#include "domain/match_rules.h"
#include "domain/request_kind.h"
#include "domain/working_hours.h"
#include "storage/database.h"
#include "storage/program_figures.h"
#include "storage/request_store.h"
#include "tests/simulation/name_finder.h"
#include "tests/simulation/offline_optimum.h"
#include "tests/support/callers.h"
#include "tests/support/temp_directory.h"

namespace mentorbot::simulation {

namespace {

using namespace std::chrono_literals;

// Six continents' worth of zones: half-hour offsets, southern summer time, no summer time.
const std::vector<std::string> zones = {"America/Los_Angeles", "America/New_York", "America/Sao_Paulo",
                                        "Europe/London",       "Europe/Berlin",    "Asia/Kolkata",
                                        "Asia/Tokyo",          "Australia/Sydney"};
// Topics by popularity (earlier ones are wanted and offered more often). The last one
// nobody offers: real programs have demand no mentor can meet.
const std::vector<std::string> topics = {"kubernetes", "python",  "sql",     "react",      "security", "go",
                                         "terraform",  "rust",    "java",    "leadership", "hiring",   "sales",
                                         "design",     "writing", "pricing", "cobol"};
// Pools people sign up to: a topic and a kind of pod, and how the admin forms them.
struct PodPool {
    const char* topic;
    const char* kind;
    const char* form_options;
    double signup_share;
};
const std::vector<PodPool> pod_pools = {{"public-speaking", "learning", "size:4 every:1", 0.3},
                                        {"design-thinking", "circle", "size:5 every:2", 0.2}};
const std::vector<std::string> departments = {"Engineering", "Product", "Sales", "Finance", "People", "Support"};
// Mentors' working hours; one in twenty works a night shift that runs past midnight.
const std::vector<std::pair<int, int>> day_shifts = {
    {9 * 60, 17 * 60}, {8 * 60, 16 * 60}, {10 * 60, 18 * 60}, {7 * 60, 15 * 60}, {12 * 60, 20 * 60}};
const std::pair<int, int> night_shift = {22 * 60, 6 * 60};

// The shape of the organisation, itself drawn from the seed so that neither the bot nor the
// offline optimum it is measured against is tuned to one generator. Seeds differ in
// - topic popularity: how steeply the wanted topics fall off (a Zipf exponent) and, apart
//   from that, how steeply the offered ones do, so supply and demand need not agree;
// - level mix: junior-heavy organisations have few mentors above most requesters, senior-heavy
//   ones few people to mentor in reverse;
// - time-zone mix: everyone in one of eight zones, with one home zone holding an extra share;
// - mentor capacity: the range weekly session limits are drawn from.
struct Generator {
    double demand_skew = 1;
    double offer_skew = 1;
    double level_tilt = 0;  // above 0, more senior people; below, more junior
    std::size_t home_zone = 0;
    double home_share = 0;  // of people placed in the home zone before the rest spread evenly
    int capacity_low = 1;
    int capacity_high = 4;

    explicit Generator(unsigned seed) {
        // A stream of its own, so the shape does not depend on how the people are drawn.
        std::mt19937 random(seed * 2654435761U + 16);
        auto uniform = [&](double low, double high) {
            return std::uniform_real_distribution<double>(low, high)(random);
        };
        demand_skew = uniform(0.5, 1.6);
        offer_skew = uniform(0.5, 1.6);
        level_tilt = uniform(-0.5, 0.5);
        home_zone = std::uniform_int_distribution<std::size_t>(0, zones.size() - 1)(random);
        home_share = uniform(0, 0.6);
        capacity_low = std::uniform_int_distribution<int>(1, 2)(random);
        capacity_high = capacity_low + std::uniform_int_distribution<int>(1, 3)(random);
    }

    std::string describe() const {
        return fmt::format("topic skew wanted {:.2f} offered {:.2f}, level tilt {:+.2f}, {:.0f} % more in {}, "
                           "capacity {}-{}",
                           demand_skew, offer_skew, level_tilt, 100 * home_share, zones[home_zone], capacity_low,
                           capacity_high);
    }
};

struct Person {
    std::string name;
    std::string zone;
    int level = 2;
    std::vector<std::string> goals;
    bool mentor = false;
    std::vector<std::string> offers;
    int capacity = 2;
    WorkingHours hours;       // the offer's hours; everyone else works 09-17
    bool reverse_ok = false;  // takes reverse mentoring (from someone more junior)
    bool shadow_ok = false;   // lets people shadow them
    double accept = 0.6;
    double decline = 0.15;  // the rest of the time they stay silent
    Instant paused_until{};
    bool stopped = false;
    bool forgotten = false;
    std::vector<std::pair<Instant, Instant>> away;  // each pause, from the command to the local day of return
    Instant left = Instant::max();                  // stopped mentoring or was forgotten
    std::map<long long, int> sessions_by_week;      // local week start → sessions accepted that week
    std::set<std::string> pools;                    // pod topics signed up for
    std::set<std::string> opted_out;                // pod topics left for good

    // A mentor who stopped has no offer, so no offer hours: the default day again.
    WorkingSchedule schedule() const { return {zone, stopped ? WorkingHours{} : hours}; }
    std::string member_id() const { return testing::console_member(name); }
};

struct TrackedRequest {
    long long id = 0;
    int requester = 0;
    std::string topic;
    RequestKind kind = RequestKind::flash;
    std::optional<Instant> when;  // the moment a shadow request observes
    Instant created{};
    bool open = true;
    bool matched = false;
    int requester_working_hours_waited = 0;
    int neglected_ticks = 0;  // consecutive hourly checks with a fitting mentor free and never asked
    bool neglect_reported = false;
    bool servable = false;  // a mentor offered the topic at a fitting level when it was made
    bool made = false;      // make_request filled it in
    bool cancelled = false;
    int served_by = -1;  // the mentor who accepted it, and when
    Instant accepted{};
    std::set<int> offered_to;
    std::set<int> declined_by;
};

struct Event {
    Instant at;
    long long order;
    std::function<void()> run;
    bool operator>(const Event& other) const { return at != other.at ? at > other.at : order > other.order; }
};

long long week_key(const std::string& zone, Instant at) { return to_unix(local_week_start(zone, at)); }

// Working hours of `person` between two instants, on a quarter-hour grid.
double working_hours_between(const WorkingSchedule& person, Instant from, Instant to) {
    int quarters = 0;
    for (Instant at = from; at < to && at < from + date::days(28); at += 15min) {
        if (is_inside_working_hours(person, at)) ++quarters;
    }
    return quarters / 4.0;
}

// The number after `marker` in `text` ("Request #12" → 12), 0 when absent.
long long number_after(const std::string& text, const std::string& marker) {
    const auto at = text.find(marker);
    if (at == std::string::npos) return 0;
    return std::atoll(text.c_str() + at + marker.size());
}

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

class Simulation {
public:
    explicit Simulation(const SimulationSettings& settings)
        : settings_(settings),
          generator_(settings.seed),
          random_(settings.seed),
          start_(Seconds{date::sys_days{date::year{2026} / 11 / 30}}),
          clock_(start_),
          database_(directory_.file("simulation.db")) {
        report_.settings = settings;
        report_.generator = generator_.describe();
        config_ = default_config();
        app_ = std::make_unique<App>(database_, config_, clock_);
        app_->add_transport(transport_);
        transport_.on_delivery = [this](const OutboundMessage& message) { observe(message); };
    }

    SimulationReport run() {
        create_people();
        plan_weeks();
        const Instant end = start_ + date::days(7 * settings_.weeks);
        for (Instant tick = start_ + 1h; tick <= end; tick += 1h) at(tick, [this] { hourly_check(); });
        live_until(end);
        finish();
        return std::move(report_);
    }

private:
    // Delivers to a callback as the app hands messages over, at the clock's moment.
    class ObservingTransport final : public Transport {
    public:
        Platform platform() const override { return Platform::console; }
        void deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) override {
            on_delivery(message);
            done({true, false, {}});
        }
        std::function<void(const OutboundMessage&)> on_delivery;
    };

    // --- randomness ---
    double uniform() { return std::uniform_real_distribution<double>(0, 1)(random_); }
    int between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
    bool chance(double p) { return uniform() < p; }
    // Earlier topics are more popular (a Zipf-like law).
    const std::string& popular_topic(bool offerable) {
        const std::size_t count = offerable ? topics.size() - 1 : topics.size();
        const double skew = offerable ? generator_.offer_skew : generator_.demand_skew;
        std::vector<double> weights;
        for (std::size_t index = 0; index < count; ++index) weights.push_back(std::pow(double(index + 1), -skew));
        return topics[std::discrete_distribution<std::size_t>(weights.begin(), weights.end())(random_)];
    }
    int poisson(double mean) { return std::poisson_distribution<int>(mean)(random_); }

    // --- time ---
    Instant now() const { return clock_.now(); }
    void at(Instant when, std::function<void()> run) { events_.push({when, next_order_++, std::move(run)}); }
    void after(std::chrono::seconds delay, std::function<void()> run) { at(now() + delay, std::move(run)); }

    // Lives through time: the app's own jobs and the people's actions interleave in time order.
    void live_until(Instant end) {
        int stalled = 0;
        for (;;) {
            std::optional<Instant> next;
            if (!events_.empty()) next = events_.top().at;
            if (auto job = app_->next_job_due()) next = next ? std::min(*next, *job) : *job;
            // What falls due after the end (a rating someone would give tomorrow) stays undone.
            if (!next || *next > end) break;
            if (*next > now()) {
                clock_.set(*next);
                stalled = 0;
            } else if (++stalled > 10'000) {
                // A job that stays due however often it runs would hold time still for ever.
                broke(0, "a job due at " + format_in_zone(*next, "UTC") + " stays due after running");
                clock_.set(now() + 1min);
            }
            settle_due_work(*app_);
            while (!events_.empty() && events_.top().at <= now()) {
                Event event = events_.top();
                events_.pop();
                event.run();
                settle_due_work(*app_);
            }
        }
        if (end > now()) clock_.set(end);
        settle_due_work(*app_);
    }

    // --- people ---
    std::string fresh_name() {
        for (;;) {
            std::string name;
            for (int letter = 0; letter < 8; ++letter) name += char('a' + between(0, 25));
            if (by_name_.emplace(name, int(people_.size())).second) return name;
        }
    }

    Reply act(int who, const std::string& line) {
        ++report_.events;
        Reply reply = app_->run(testing::text_request(
            testing::console_caller(people_[std::size_t(who)].name, "console:local:#general"), line));
        settle_due_work(*app_);
        return reply;
    }

    void create_people() {
        std::set<std::string> zones_used;
        for (int index = 0; index < settings_.members; ++index) {
            Person person;
            person.name = fresh_name();
            // Everyone of the first eight in a zone of their own: every zone is used.
            if (index >= int(zones.size()) && chance(generator_.home_share)) {
                person.zone = zones[generator_.home_zone];
            } else {
                person.zone = zones[index < int(zones.size()) ? std::size_t(index)
                                                              : std::size_t(between(0, int(zones.size()) - 1))];
            }
            zones_used.insert(person.zone);
            std::vector<double> level_weights;
            for (int level = 1; level <= 6; ++level)
                level_weights.push_back(std::exp(generator_.level_tilt * (level - 3.5)));
            person.level = 1 +
                           int(std::discrete_distribution<int>(level_weights.begin(), level_weights.end())(random_));
            std::set<std::string> goals;
            const int goal_count = between(1, 3);
            while (int(goals.size()) < goal_count) goals.insert(popular_topic(false));
            person.goals.assign(goals.begin(), goals.end());
            person.mentor = person.level >= 3 && chance(0.35);
            people_.push_back(person);
        }
        report_.time_zones = int(zones_used.size());
        for (int index = 0; index < int(people_.size()); ++index) {
            Person& person = people_[std::size_t(index)];
            std::string goals;
            for (const auto& goal : person.goals) goals += (goals.empty() ? "" : ",") + goal;
            act(index, fmt::format("/profile set level:{} tz:{} dept:{} goals:{}", person.level, person.zone,
                                   departments[std::size_t(index) % departments.size()], goals));
            for (const PodPool& pool : pod_pools) {
                if (!chance(pool.signup_share)) continue;
                act(index, fmt::format("/pod signup {} kind:{}", pool.topic, pool.kind));
                person.pools.insert(pool.topic);
            }
            if (!person.mentor) continue;
            std::set<std::string> offers;
            const int offer_count = between(1, 3);
            while (int(offers.size()) < offer_count) offers.insert(popular_topic(true));
            person.offers.assign(offers.begin(), offers.end());
            person.capacity = between(generator_.capacity_low, generator_.capacity_high);
            const auto shift = chance(0.05) ? night_shift : day_shifts[std::size_t(between(0, 4))];
            person.hours = {shift.first, shift.second};
            // One mentor in ten hardly ever answers; the others mostly do.
            if (chance(0.1)) {
                person.accept = 0.1;
                person.decline = 0;
            } else {
                person.accept = 0.5 + 0.3 * uniform();
                person.decline = 0.05 + 0.15 * uniform();
            }
            // Drawn all the same, so the rest of the organisation is the one the seed gives either way.
            if (settings_.every_offer_accepted) {
                person.accept = 1;
                person.decline = 0;
            }
            std::string topics_text;
            for (const auto& topic : person.offers) topics_text += (topics_text.empty() ? "" : ",") + topic;
            person.reverse_ok = chance(0.25);
            person.shadow_ok = chance(0.25);
            const Reply reply =
                act(index, fmt::format("/mentor offer topics:{} capacity:{} hours:{:02}:{:02}-{:02}:{:02}{}{}",
                                       topics_text, person.capacity, shift.first / 60, shift.first % 60,
                                       shift.second / 60, shift.second % 60, person.reverse_ok ? " reverse:yes" : "",
                                       person.shadow_ok ? " shadow:yes" : ""));
            if (reply.response.text.find("Topics:") == std::string::npos) {
                broke(0, "setting up mentor " + person.name + " failed: " + reply.response.text);
            }
            ++report_.mentors;
        }
        for (int index = 0; index < int(people_.size()); ++index) {
            for (const auto& topic : people_[std::size_t(index)].offers) mentors_by_topic_[topic].push_back(index);
        }
    }

    // The mentors who offered a topic when they started, in the order they were made: offers
    // never change in the simulation, so whatever else holds is checked on these alone.
    const std::vector<int>& offering(const std::string& topic) const {
        static const std::vector<int> nobody;
        auto mentors = mentors_by_topic_.find(topic);
        return mentors == mentors_by_topic_.end() ? nobody : mentors->second;
    }

    // An instant inside the person's 09-17 working day, on weekday `day` (0 = Monday) of week `week`.
    Instant working_moment(const Person& person, int week, int day) {
        const auto local_day = date::sys_days{date::year{2026} / 11 / 30} + date::days(7 * week + day);
        const int minute = between(9 * 60, 17 * 60 - 1);
        const std::string text = date::format("%F", local_day) + fmt::format(" {:02}:{:02}", minute / 60, minute % 60);
        return parse_local_datetime(text, person.zone).value_or(start_);
    }

    void plan_weeks() {
        for (int week = 0; week < settings_.weeks; ++week) {
            for (int who = 0; who < int(people_.size()); ++who) {
                const int count = poisson(settings_.requests_per_member_per_week);
                for (int request = 0; request < count; ++request) {
                    at(working_moment(people_[std::size_t(who)], week, between(0, 4)),
                       [this, who] { make_request(who); });
                }
                if (people_[std::size_t(who)].mentor) {
                    if (chance(0.06))
                        at(working_moment(people_[std::size_t(who)], week, between(0, 4)), [this, who] { pause(who); });
                    if (chance(0.01))
                        at(working_moment(people_[std::size_t(who)], week, between(0, 4)), [this, who] { stop(who); });
                }
                if (chance(0.004))
                    at(working_moment(people_[std::size_t(who)], week, between(0, 4)), [this, who] { forget(who); });
            }
        }
        // The admin forms each pod pool on the first Monday morning; rounds follow by themselves.
        at(start_ + 8h, [this] {
            for (const PodPool& pool : pod_pools) {
                act_as_admin(fmt::format("/pod form {} kind:{} {}", pool.topic, pool.kind, pool.form_options));
            }
        });
        for (int week = 0; week < settings_.weeks; ++week) {
            for (int who = 0; who < int(people_.size()); ++who) {
                for (const PodPool& pool : pod_pools) {
                    if (!people_[std::size_t(who)].pools.count(pool.topic)) continue;
                    const Instant when = working_moment(people_[std::size_t(who)], week, between(0, 4));
                    if (chance(0.03)) {
                        at(when, [this, who, &pool] { leave_pool(who, pool); });
                    } else if (chance(0.05)) {
                        at(when, [this, who, &pool] { skip_round(who, pool); });
                    }
                }
            }
        }
        // However the dice fall, the first week has someone who stops, someone who pauses and a
        // mentor who asks to be forgotten once they have sessions.
        std::vector<int> mentors;
        for (int who = 0; who < int(people_.size()); ++who) {
            if (people_[std::size_t(who)].mentor) mentors.push_back(who);
        }
        if (mentors.size() >= 3) {
            at(working_moment(people_[std::size_t(mentors[0])], 0, 2), [this, who = mentors[0]] { pause(who); });
            at(working_moment(people_[std::size_t(mentors[1])], 0, 3), [this, who = mentors[1]] { stop(who); });
            at(working_moment(people_[std::size_t(mentors[2])], 0, 4), [this, who = mentors[2]] { forget(who); });
        }
    }

    bool active(int who) const { return !people_[std::size_t(who)].forgotten; }

    void make_request(int who) {
        if (!active(who)) return;
        Person& person = people_[std::size_t(who)];
        const std::string topic = chance(0.8) ? person.goals[std::size_t(between(0, int(person.goals.size()) - 1))]
                                              : popular_topic(false);
        const double roll = uniform();
        const RequestKind kind = roll < 0.55   ? RequestKind::flash
                                 : roll < 0.7  ? RequestKind::micro
                                 : roll < 0.8  ? RequestKind::near_peer
                                 : roll < 0.88 ? RequestKind::long_term
                                 : roll < 0.94 ? RequestKind::peer
                                 : roll < 0.97 ? RequestKind::reverse
                                               : RequestKind::shadow;
        std::string line = fmt::format("/flash request topic:{} kind:{}", topic, request_kind_name(kind));
        if (kind == RequestKind::micro) line += " note:\"stuck on one question\"";
        std::optional<Instant> when;
        if (kind == RequestKind::shadow) {
            line += " when:\"tomorrow 11:00\"";
            when = parse_local_moment("tomorrow 11:00", person.zone, now());
        }
        const Reply reply = act(who, line);
        const long long id = number_after(reply.response.text, "Request #");
        if (id == 0) return;  // refused, e.g. too many open requests: the bot said why
        ++report_.requests;
        TrackedRequest& tracked = requests_[id];
        tracked.id = id;
        tracked.requester = who;
        tracked.topic = topic;
        tracked.kind = kind;
        tracked.created = now();
        tracked.when = when;
        tracked.made = true;
        tracked.servable = any_mentor(tracked, [](int, const Person&) { return true; });
        if (tracked.servable) ++report_.servable;
        if (chance(0.04)) {
            after(std::chrono::hours(between(1, 48)), [this, id] { cancel_request(id); });
        }
    }

    void cancel_request(long long id) {
        TrackedRequest& request = requests_[id];
        if (!request.open || request.matched || !active(request.requester)) return;
        const Reply reply = act(request.requester, fmt::format("/flash cancel id:{}", id));
        if (reply.response.text.find("ancelled") != std::string::npos) {
            request.open = false;
            request.cancelled = true;
            ++report_.cancelled;
        }
    }

    void pause(int who) {
        Person& person = people_[std::size_t(who)];
        if (!active(who) || person.stopped) return;
        const auto back = date::floor<date::days>(now()) + date::days(between(2, 7));
        const Reply reply = act(who, "/mentor pause until:" + date::format("%F", back));
        // Resumes during that local day; until the day after, count them as away.
        person.paused_until = back + date::days(1);
        // For the optimum, away until that day begins where they live, when the bot takes them back.
        person.away.emplace_back(now(),
                                 parse_local_datetime(date::format("%F", back) + " 00:00", person.zone).value_or(back));
        ++report_.pauses;
        (void)reply;
    }

    void stop(int who) {
        Person& person = people_[std::size_t(who)];
        if (!active(who) || person.stopped) return;
        act(who, "/mentor stop");
        person.stopped = true;
        person.left = std::min(person.left, now());
        ++report_.stops;
    }

    Reply act_as_admin(const std::string& line) {
        ++report_.events;
        Reply reply = app_->run(
            testing::text_request(testing::console_caller("olivia", "console:local:#general"), line));
        settle_due_work(*app_);
        return reply;
    }

    void leave_pool(int who, const PodPool& pool) {
        Person& person = people_[std::size_t(who)];
        if (!active(who) || person.opted_out.count(pool.topic)) return;
        const Reply reply = act(who, fmt::format("/pod signup {} kind:{} cancel:yes", pool.topic, pool.kind));
        if (reply.response.text.find("⚠️") != std::string::npos) return;
        person.opted_out.insert(pool.topic);
        ++report_.pod_opt_outs;
    }

    void skip_round(int who, const PodPool& pool) {
        if (!active(who) || people_[std::size_t(who)].opted_out.count(pool.topic)) return;
        const Reply reply = act(who, fmt::format("/pod skip {} kind:{}", pool.topic, pool.kind));
        if (reply.response.text.find("⚠️") == std::string::npos) ++report_.pod_skips;
    }

    // "Wed  2 Dec 16:00 (Europe/Berlin)" after `marker`, as an instant near now.
    std::optional<Instant> moment_after(const std::string& text, const std::string& marker) const {
        const auto at = text.find(marker);
        if (at == std::string::npos) return std::nullopt;
        char weekday[4] = {};
        char month[4] = {};
        char zone[64] = {};
        int day = 0, hour = 0, minute = 0;
        if (std::sscanf(text.c_str() + at + marker.size(), "%3s %d %3s %d:%d (%63[^)])", weekday, &day, month, &hour,
                        &minute, zone) != 6) {
            return std::nullopt;
        }
        static const std::string months = "JanFebMarAprMayJunJulAugSepOctNovDec";
        const auto month_index = months.find(month);
        if (month_index == std::string::npos) return std::nullopt;
        const auto year = int(date::year_month_day{date::floor<date::days>(now())}.year());
        for (int candidate : {year, year + 1}) {
            const std::string local = fmt::format("{}-{:02}-{:02} {:02}:{:02}", candidate, month_index / 3 + 1, day,
                                                  hour, minute);
            if (auto moment = parse_local_datetime(local, zone); moment && *moment > now() - date::days(2))
                return moment;
        }
        return std::nullopt;
    }

    // Invariants 7-10 on what pod members are told.
    void observe_pod_message(int who, const std::string& whole) {
        // A new round's message may first say that the old pod ended.
        const auto placed_at = whole.find("🫂 You are in ");
        const std::string text = placed_at == std::string::npos ? whole : whole.substr(placed_at);
        const Person& person = people_[std::size_t(who)];
        if (placed_at != std::string::npos) {
            ++report_.pod_placements;
            const auto topic_at = text.find(" (");
            const std::string topic = topic_at == std::string::npos
                                          ? ""
                                          : text.substr(topic_at + 2, text.find(',', topic_at) - topic_at - 2);
            if (person.opted_out.count(topic))
                broke(9, person.name + " was placed in a " + topic + " pod after leaving");
            if (text.find("with nobody else yet") != std::string::npos) broke(7, "a pod of one: " + text.substr(0, 90));
            const auto first = moment_after(text, "first meeting ");
            if (!first) {
                broke(0, "no first meeting in: " + text.substr(0, 200));
            } else if (!is_inside_working_hours(person.schedule(), *first) &&
                       text.find("meets outside your working hours") == std::string::npos) {
                broke(8,
                      fmt::format("{} ({} {}) meets {} with no warning: {}", person.name, person.zone,
                                  person.hours.to_string(), format_in_zone(*first, person.zone), text.substr(0, 120)));
            }
        } else if (starts_with(text, "📋 Did your pod ")) {
            ++report_.pod_asks;
        } else if (starts_with(text, "👋 Pod ")) {
            ++report_.pod_nudges;
            const std::string pod = text.substr(std::string_view("👋 Pod ").size(),
                                                text.find(' ', std::string_view("👋 Pod ").size()) -
                                                    std::string_view("👋 Pod ").size());
            if (!nudged_[pod].insert(who).second) {
                broke(10, person.name + " was nudged twice about pod " + pod + " with no meeting between");
            }
        }
    }

    // A member says their pod met: a new quiet stretch may be nudged again.
    void note_pod_answer(const std::string& line) {
        const std::string prefix = "/pod met ";
        if (!starts_with(line, prefix) || line.find("answer:met") == std::string::npos) return;
        nudged_.erase(line.substr(prefix.size(), line.find(' ', prefix.size()) - prefix.size()));
    }

    void forget(int who) {
        Person& person = people_[std::size_t(who)];
        if (!active(who)) return;
        act(who, "/profile forget confirm:yes");
        person.forgotten = true;
        person.left = std::min(person.left, now());
        ++report_.forgotten;
        forgotten_.push_back(who);
        forgotten_names_.add(person.name, who);
        forgotten_unchecked_.add(person.name, who);
    }

    // --- what the bot sends ---
    void observe(const OutboundMessage& message) {
        if (message.destination.kind != Destination::Kind::direct_message) return;
        forgotten_names_.each_in(message.message.text, [&](int gone) {
            broke(6, "a DM after " + people_[std::size_t(gone)].name +
                         " was forgotten names them: " + message.message.text.substr(0, 160));
        });
        const std::string prefix = "console:local:";
        if (!starts_with(message.destination.target, prefix)) return;
        auto found = by_name_.find(message.destination.target.substr(prefix.size()));
        if (found == by_name_.end()) return;
        const int who = found->second;
        count_dm(who, message.message.text);
        observe_pod_message(who, message.message.text);
        if (starts_with(message.message.text, "The offer of request #") &&
            message.message.text.find(") expired.") != std::string::npos) {
            last_silence_[who] = now();
        }
        for (const Button& button : message.message.buttons) {
            if (starts_with(button.command_line, "/flash accept ")) {
                offered(who, std::atoll(button.command_line.c_str() + 14));
                return;
            }
        }
        // The rating ask is a menu: its options carry the session.
        for (const Select& select : message.message.selects) {
            for (const Button& option : select.options) {
                if (starts_with(option.command_line, "/feedback session id:")) {
                    asked_to_rate(who, number_after(option.command_line, "id:"));
                    return;
                }
            }
        }
        // Any other choice (an outcome, an update on a waiting request): most people press
        // the first button that does not give something up.
        for (const Button& button : message.message.buttons) {
            if (button.command_line.find("cancel") != std::string::npos) continue;
            if (chance(0.7)) {
                after(std::chrono::minutes(between(5, 120)), [this, who, line = button.command_line] {
                    if (!active(who)) return;
                    const Reply reply = act(who, line);
                    if (reply.response.text.find("⚠️") == std::string::npos) note_pod_answer(line);
                });
            }
            return;
        }
    }

    void count_dm(int who, const std::string& text) {
        const Person& person = people_[std::size_t(who)];
        ++report_.dms;
        const long long local_day = (to_unix(now()) + 60LL * utc_offset_minutes(person.zone, now())) / (24 * 3600);
        auto& day = dms_by_day_[{who, local_day}];
        day.push_back(text.substr(0, 70));
        const int count = int(day.size());
        report_.most_dms_in_a_day = std::max(report_.most_dms_in_a_day, count);
        if (count == settings_.max_dms_per_day + 1) {
            std::string what;
            for (const auto& line : day) what += "\n      " + line;
            broke(5, person.name + " got more than " + std::to_string(settings_.max_dms_per_day) + " DMs on one day (" +
                         date::format("%F", now()) + "):" + what);
        }
    }

    void offered(int mentor, long long id) {
        ++report_.offers;
        Person& person = people_[std::size_t(mentor)];
        if (!is_inside_working_hours(person.schedule(), now())) {
            broke(1, "offer of request #" + std::to_string(id) + " reached " + person.name + " at " +
                         format_in_zone(now(), person.zone) + ", outside " + person.hours.to_string());
        }
        // An offer may go out while the request is still being made (before make_request
        // learns its id): the entry is made here then, and filled in by make_request.
        requests_[id].offered_to.insert(mentor);
        pending_[mentor] = now();
        offer_times_[mentor].push_back(now());
        const double roll = uniform();
        const auto answer_after = std::chrono::minutes(between(1, 20));
        if (roll < person.accept) {
            after(answer_after, [this, mentor, id] { accept(mentor, id); });
        } else if (roll < person.accept + person.decline) {
            after(answer_after, [this, mentor, id] { decline(mentor, id); });
        } else {
            ++report_.offers_unanswered;
        }
    }

    void accept(int mentor, long long id) {
        pending_.erase(mentor);
        if (!active(mentor)) return;
        const Reply reply = act(mentor, fmt::format("/flash accept {}", id));
        if (reply.response.text.find("You accepted request #") == std::string::npos) return;
        ++report_.offers_accepted;
        Person& person = people_[std::size_t(mentor)];
        auto tracked_request = requests_.find(id);
        if (const long long session = number_after(reply.response.text, "session #");
            session > 0 && tracked_request != requests_.end()) {
            session_pairs_[session] = {mentor, tracked_request->second.requester};
            // Now and then one side cannot make it and proposes another time.
            if (chance(0.08)) {
                const int proposer = chance(0.5) ? mentor : tracked_request->second.requester;
                after(std::chrono::minutes(between(30, 20 * 60)), [this, proposer, id] { reschedule(proposer, id); });
            }
        }
        ++person.sessions_by_week[week_key(person.zone, now())];
        auto tracked = requests_.find(id);
        if (tracked == requests_.end()) return;
        TrackedRequest& request = tracked->second;
        // Served by the session that stands: a request the bot took back from a mentor who paused
        // or left and that another accept served since counts once, from its new mentor's week.
        const bool served_before = request.matched;
        if (served_before) give_back_week(request);
        request.served_by = mentor;
        request.accepted = now();
        if (served_before) return;
        request.matched = true;
        request.open = false;
        ++report_.matched;
        if (request.servable) ++report_.servable_matched;
    }

    // The bot deletes a called-off session, so it no longer fills its mentor's week.
    void give_back_week(const TrackedRequest& request) {
        if (request.served_by < 0) return;
        Person& mentor = people_[std::size_t(request.served_by)];
        auto week = mentor.sessions_by_week.find(week_key(mentor.zone, request.accepted));
        if (week != mentor.sessions_by_week.end() && week->second > 0) --week->second;
    }

    // Proposes 10:00 on a later weekday of the proposer's own week or the next.
    void reschedule(int who, long long request_id) {
        if (!active(who)) return;
        const Person& person = people_[std::size_t(who)];
        auto local_day = date::floor<date::days>(now() + std::chrono::minutes(utc_offset_minutes(person.zone, now())));
        local_day += date::days(between(1, 3));
        while (date::weekday(local_day).iso_encoding() > 5) local_day += date::days(1);
        const Reply reply = act(who, fmt::format("/flash reschedule {} when:\"{} 10:00\"", request_id,
                                                 date::format("%F", local_day)));
        if (reply.response.text.find("to confirm moving") != std::string::npos) ++report_.reschedules;
    }

    void decline(int mentor, long long id) {
        pending_.erase(mentor);
        if (!active(mentor)) return;
        const Reply reply = act(mentor, fmt::format("/flash decline {}", id));
        if (reply.response.text.find("declined") == std::string::npos &&
            reply.response.text.find("Declined") == std::string::npos) {
            return;
        }
        ++report_.offers_declined;
        auto tracked = requests_.find(id);
        if (tracked != requests_.end()) tracked->second.declined_by.insert(mentor);
    }

    void asked_to_rate(int who, long long session) {
        if (!chance(0.75)) return;
        after(std::chrono::minutes(between(10, 20 * 60)), [this, who, session] {
            if (!active(who)) return;
            const double roll = uniform();
            const int rating = roll < 0.45 ? 5 : roll < 0.8 ? 4 : roll < 0.92 ? 3 : roll < 0.97 ? 2 : 1;
            const Reply reply = act(who, fmt::format("/feedback session id:{} rating:{}", session, rating));
            if (reply.response.text.find("Thank you") == std::string::npos) return;
            ++report_.ratings;
            // A 1-2 rating keeps the two apart from then on.
            if (auto pair = session_pairs_.find(session); rating <= 2 && pair != session_pairs_.end()) {
                rated_badly_.insert(std::minmax(pair->second.first, pair->second.second));
            }
        });
    }

    // --- invariants ---
    void broke(int invariant, const std::string& what) {
        const long long count = ++report_.broken[invariant];
        if (count <= 5)
            report_.violations.push_back(fmt::format("[{}] {}: {}", invariant, format_in_zone(now(), "UTC"), what));
    }

    bool fits(const Person& mentor, int mentor_index, const TrackedRequest& request) const {
        if (mentor_index == request.requester || !mentor.mentor || mentor.stopped || mentor.forgotten) return false;
        if (std::find(mentor.offers.begin(), mentor.offers.end(), request.topic) == mentor.offers.end()) return false;
        if (request.declined_by.count(mentor_index)) return false;
        if (rated_badly_.count(std::minmax(mentor_index, request.requester))) return false;
        if (!opted_in(mentor, request)) return false;
        return passes_level_rule(request.kind, people_[std::size_t(request.requester)].level, mentor.level);
    }

    // A mentor free to take a request now: not away, room left this week, at work, and not
    // holding an offer they may still answer.
    bool free_now(const Person& mentor, int mentor_index) const {
        if (now() < mentor.paused_until) return false;
        auto week = mentor.sessions_by_week.find(week_key(mentor.zone, now()));
        if (week != mentor.sessions_by_week.end() && week->second >= mentor.capacity) return false;
        auto pending = pending_.find(mentor_index);
        if (pending != pending_.end() && now() - pending->second < 2h) return false;
        // Who let an offer lapse is asked again on their next working day.
        if (resting(mentor_index, 17h)) return false;
        // The bot sends a mentor at most four offers in a working day; three may already count as four.
        if (offers_in_working_day(mentor_index) >= 3) return false;
        return is_inside_working_hours(mentor.schedule(), now());
    }

    // Invariant 2 each hour: a request that has waited more than two of its requester's
    // working days while a fitting mentor had room at work and was never asked.
    void hourly_check() {
        sync_request_states();
        // Those forgotten since the last hour, in one pass over the tables.
        if (!forgotten_unchecked_.empty()) {
            check_forgotten_everywhere(forgotten_unchecked_);
            forgotten_unchecked_ = {};
        }
        std::map<std::string, std::vector<int>> free_by_topic;
        for (int index = 0; index < int(people_.size()); ++index) {
            const Person& person = people_[std::size_t(index)];
            if (person.mentor && !person.stopped && !person.forgotten && free_now(person, index)) {
                for (const auto& topic : person.offers) free_by_topic[topic].push_back(index);
            }
        }
        for (auto& [id, request] : requests_) {
            if (!request.open) continue;
            if (!active(request.requester)) {
                if (!request.neglect_reported) {
                    request.neglect_reported = true;
                    broke(6, fmt::format("request #{} of a forgotten member is still open ({})", id, bot_view(id)));
                }
                continue;
            }
            const Person& requester = people_[std::size_t(request.requester)];
            if (is_inside_working_hours({requester.zone, WorkingHours{}}, now()))
                ++request.requester_working_hours_waited;
            if (request.requester_working_hours_waited <= 16) continue;
            int neglecting = -1;
            for (int mentor : free_by_topic[request.topic]) {
                if (fits(people_[std::size_t(mentor)], mentor, request) && !request.offered_to.count(mentor)) {
                    neglecting = mentor;
                    break;
                }
            }
            request.neglected_ticks = neglecting >= 0 ? request.neglected_ticks + 1 : 0;
            if (request.neglected_ticks >= 2 && !request.neglect_reported) {
                request.neglect_reported = true;
                broke(2, fmt::format("request #{} ({}, {}) waited {} working hours while {} was free and never "
                                     "asked; the bot has it as {}",
                                     id, request_kind_name(request.kind), request.topic,
                                     request.requester_working_hours_waited, people_[std::size_t(neglecting)].name,
                                     bot_view(id)) +
                             "; mentor " + describe(neglecting) + "; the requester reads: " +
                             act(request.requester, fmt::format("/flash why id:{}", id)).response.text);
            }
        }
        if (to_unix(now()) % (24 * 3600) == 0) daily_check();
    }

    int offers_in_working_day(int mentor_index) const {
        auto times = offer_times_.find(mentor_index);
        if (times == offer_times_.end()) return 0;
        return int(std::count_if(times->second.begin(), times->second.end(),
                                 [&](Instant at) { return now() - at < 16h + 1min; }));
    }

    // Let an offer lapse within `window` (the bot rests such a mentor for 16 h).
    bool resting(int mentor_index, std::chrono::minutes window = 16h + 1min) const {
        auto silence = last_silence_.find(mentor_index);
        return silence != last_silence_.end() && now() - silence->second < window;
    }

    // Reverse and shadow requests go only to mentors who opted in; a shadow, only to one who
    // works at the moment to observe.
    static bool opted_in(const Person& mentor, const TrackedRequest& request) {
        if (request.kind == RequestKind::reverse) return mentor.reverse_ok;
        if (request.kind == RequestKind::shadow) {
            return mentor.shadow_ok && request.when && is_inside_working_hours(mentor.schedule(), *request.when);
        }
        return true;
    }

    // A mentor who offers the request's topic and passes its level rule, whatever else holds.
    bool offers_at_level(int mentor_index, const TrackedRequest& request) const {
        const Person& mentor = people_[std::size_t(mentor_index)];
        if (mentor_index == request.requester || !mentor.mentor || mentor.stopped || mentor.forgotten) return false;
        if (std::find(mentor.offers.begin(), mentor.offers.end(), request.topic) == mentor.offers.end()) return false;
        if (request.kind == RequestKind::reverse && !mentor.reverse_ok) return false;
        if (request.kind == RequestKind::shadow && !mentor.shadow_ok) return false;
        return passes_level_rule(request.kind, people_[std::size_t(request.requester)].level, mentor.level);
    }

    bool any_mentor(const TrackedRequest& request, const std::function<bool(int, const Person&)>& holds) const {
        for (int index : offering(request.topic)) {
            if (offers_at_level(index, request) && holds(index, people_[std::size_t(index)])) return true;
        }
        return false;
    }

    // Invariant 4: the reason /coach stats gives for each waiting request matches the state
    // the simulation knows: there is at least one mentor it describes.
    void check_unmet_reasons() {
        std::vector<OutboundMessage> ignored;
        FlashFlow flow{database_, config_, now(), ignored};
        for (const FlashRequest& waiting : RequestStore(database_).queued()) {
            auto tracked = requests_.find(waiting.id);
            if (tracked == requests_.end() || waiting.requester_id.empty()) continue;
            const TrackedRequest& request = tracked->second;
            const std::string reason = unmet_reason(flow, waiting);
            bool true_to_state = true;
            if (reason == "no mentor offers it") {
                for (int index : offering(request.topic)) {
                    const Person& mentor = people_[std::size_t(index)];
                    if (index != request.requester && !mentor.stopped && !mentor.forgotten) true_to_state = false;
                }
            } else if (reason == "no mentor fits the level rule") {
                true_to_state = !any_mentor(request, [](int, const Person&) { return true; });
            } else if (reason == "declined or unanswered by every fitting mentor") {
                true_to_state = any_mentor(request, [&](int index, const Person&) {
                    return request.offered_to.count(index) > 0 || request.declined_by.count(index) > 0;
                });
            } else if (reason == "fitting mentors left an offer unanswered today") {
                true_to_state = any_mentor(request, [&](int index, const Person&) { return resting(index); });
            } else if (reason == "fitting mentors had enough offers today") {
                true_to_state = any_mentor(request,
                                           [&](int index, const Person&) { return offers_in_working_day(index) >= 3; });
            } else if (reason == "a session with the fitting mentors was rated 1-2") {
                true_to_state = any_mentor(request, [&](int index, const Person&) {
                    return rated_badly_.count(std::minmax(index, request.requester)) > 0;
                });
            } else if (reason == "fitting mentors full this week") {
                true_to_state = any_mentor(request, [&](int, const Person& mentor) {
                    auto week = mentor.sessions_by_week.find(week_key(mentor.zone, now()));
                    return week != mentor.sessions_by_week.end() && week->second >= mentor.capacity;
                });
            } else if (reason == "fitting mentors paused") {
                true_to_state = any_mentor(request, [&](int, const Person& mentor) {
                    return now() < mentor.paused_until + date::days(1);
                });
            } else if (reason == "fitting mentors answering other requests") {
                true_to_state = any_mentor(request,
                                           [&](int index, const Person&) { return pending_.count(index) > 0; });
            } else if (reason == "held for working hours") {
                true_to_state = any_mentor(request, [&](int, const Person& mentor) {
                    return !is_inside_working_hours(mentor.schedule(), now()) ||
                           (request.when && !is_inside_working_hours(mentor.schedule(), *request.when));
                });
            } else if (reason == "a mentor fits, offered in the next round") {
                true_to_state = any_mentor(request, [&](int, const Person& mentor) {
                    return is_inside_working_hours(mentor.schedule(), now());
                });
            } else {
                true_to_state = false;
            }
            if (!true_to_state) {
                std::string fitting;
                for (int index : offering(request.topic)) {
                    if (offers_at_level(index, request)) fitting += "; " + describe(index) + " " + bot_level(index);
                }
                fitting += "; requester " + bot_level(request.requester) +
                           "; the matcher says: " + match_request(flow, waiting).result.summary;
                broke(4, fmt::format("request #{} ({}, {}) by level {} is said to wait because \"{}\", which the "
                                     "state does not show; the bot has it as {}; mentors who fit{}",
                                     waiting.id, request_kind_name(request.kind), request.topic,
                                     people_[std::size_t(request.requester)].level, reason, bot_view(waiting.id),
                                     fitting.empty() ? ": none" : fitting));
            }
        }
    }

    std::string describe(int who) const {
        const Person& person = people_[std::size_t(who)];
        auto week = person.sessions_by_week.find(week_key(person.zone, now()));
        return fmt::format("{} level {} in {} {} capacity {} used {}", person.name, person.level, person.zone,
                           person.hours.to_string(), person.capacity,
                           week == person.sessions_by_week.end() ? 0 : week->second);
    }

    std::string bot_level(int who) {
        SQLite::Statement query(database_.connection(), "SELECT COALESCE(level, 0) FROM members WHERE id = ?");
        query.bind(1, people_[std::size_t(who)].member_id());
        return query.executeStep() ? "(bot: level " + std::to_string(query.getColumn(0).getInt()) + ")"
                                   : "(bot: no member)";
    }

    std::string bot_view(long long id) {
        SQLite::Statement query(database_.connection(),
                                "SELECT status, pass, COALESCE(held_until, 0), candidates_tried, "
                                "(SELECT COUNT(*) FROM request_declines d WHERE d.request_id = r.id) "
                                "FROM requests r WHERE id = ?");
        query.bind(1, static_cast<int64_t>(id));
        if (!query.executeStep()) return "gone";
        return fmt::format("{} in pass {}, held until {}, {} tried, {} declines", query.getColumn(0).getString(),
                           query.getColumn(1).getInt(), query.getColumn(2).getInt64(), query.getColumn(3).getInt(),
                           query.getColumn(4).getInt());
    }

    // Which tracked requests are still open, as the bot has them (a mentor who leaves may
    // send an accepted request back to matching).
    void sync_request_states() {
        std::set<long long> open;
        SQLite::Statement query(database_.connection(),
                                "SELECT id FROM requests WHERE status IN ('new', 'offered', 'queued')");
        while (query.executeStep()) open.insert(query.getColumn(0).getInt64());
        for (auto& [id, request] : requests_) {
            request.open = open.count(id) > 0;
            // Taken back from a mentor who paused or left before the session: not served (yet).
            if (request.open && request.matched) {
                give_back_week(request);
                request.matched = false;
                request.served_by = -1;
                --report_.matched;
                if (request.servable) --report_.servable_matched;
            }
        }
    }

    // Invariant 3 each day: a rated one-off session counts as completed, and the sessions
    // whose slot has passed are each in exactly one outcome group.
    void daily_check() {
        check_unmet_reasons();
        check_nothing_failed();
        const int days = 7 * settings_.weeks + 7;
        const ProgramFigures figures = compute_program_figures(database_, to_unix(now()), days);
        if (figures.outcomes.grouped() != figures.outcomes.slot_passed) {
            broke(3, fmt::format("completed {} + no-shows {} + rescheduled {} + unconfirmed {} != {} sessions whose "
                                 "slot has passed",
                                 figures.outcomes.completed, figures.outcomes.no_shows, figures.outcomes.rescheduled,
                                 figures.outcomes.unconfirmed, figures.outcomes.slot_passed));
        }
        SQLite::Statement passed(database_.connection(),
                                 "SELECT COUNT(*) FROM sessions WHERE rhythm_days IS NULL AND starts_at IS NOT NULL "
                                 "AND COALESCE(first_starts_at, starts_at) + minutes * 60 <= ?");
        passed.bind(1, static_cast<int64_t>(to_unix(now())));
        passed.executeStep();
        if (passed.getColumn(0).getInt() != figures.outcomes.slot_passed) {
            broke(3, fmt::format("the figures count {} sessions whose slot has passed, the sessions table {}",
                                 figures.outcomes.slot_passed, passed.getColumn(0).getInt()));
        }
        SQLite::Statement contradicting(
            database_.connection(),
            "SELECT COUNT(*) FROM sessions s WHERE s.kind != 'long-term' AND s.completed_at IS NULL "
            "AND EXISTS (SELECT 1 FROM feedback f WHERE f.session_id = s.id)");
        contradicting.executeStep();
        if (const long long count = contradicting.getColumn(0).getInt64(); count > 0) {
            broke(3, std::to_string(count) + " rated sessions are not counted as completed");
        }
    }

    // Invariant 12 each day: every scheduled job ran on its first attempt and every message
    // was delivered. A job that throws is retried and, after five tries, dropped: a reminder or
    // a held note lost without anyone being told, which no other invariant would notice.
    void check_nothing_failed() {
        SQLite::Statement jobs(database_.connection(),
                               "SELECT id, kind, status, attempts, payload FROM jobs WHERE attempts > 0");
        while (jobs.executeStep()) {
            const long long id = jobs.getColumn(0).getInt64();
            if (!failures_seen_.insert("job " + std::to_string(id)).second) continue;
            broke(12, fmt::format("job {} ({}) failed {} time(s), now {}; payload {}", id,
                                  jobs.getColumn(1).getString(), jobs.getColumn(3).getInt(),
                                  jobs.getColumn(2).getString(), jobs.getColumn(4).getString().substr(0, 300)));
        }
        SQLite::Statement messages(database_.connection(),
                                   "SELECT id, status, attempts, COALESCE(last_error, '') FROM outbox "
                                   "WHERE status = 'failed' OR attempts > 1 OR last_error IS NOT NULL");
        while (messages.executeStep()) {
            const long long id = messages.getColumn(0).getInt64();
            if (!failures_seen_.insert("message " + std::to_string(id)).second) continue;
            broke(12, fmt::format("message {} was not delivered at once ({}, {} attempts): {}", id,
                                  messages.getColumn(1).getString(), messages.getColumn(2).getInt(),
                                  messages.getColumn(3).getString()));
        }
    }

    // Invariant 6: after forgetting, neither the member id nor the name is in any table.
    // Every row of every table is read once, whoever is asked about.
    void check_forgotten_everywhere(const NameFinder& gone) {
        if (gone.empty()) return;
        std::vector<std::string> tables;
        SQLite::Statement list(database_.connection(),
                               "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        while (list.executeStep()) tables.push_back(list.getColumn(0).getString());
        for (const auto& table : tables) {
            std::map<int, std::pair<long long, std::string>> found;  // who → rows holding them, the first one
            SQLite::Statement rows(database_.connection(), fmt::format("SELECT * FROM \"{}\"", table));
            while (rows.executeStep()) {
                std::set<int> in_row;
                for (int column = 0; column < rows.getColumnCount(); ++column) {
                    const SQLite::Column cell = rows.getColumn(column);
                    const char* text = cell.getText();
                    gone.each_in(std::string_view(text, std::size_t(cell.getBytes())),
                                 [&](int who) { in_row.insert(who); });
                }
                for (int who : in_row) {
                    auto& [count, first] = found[who];
                    // The first such row, whole, to see where the name was left.
                    if (count++ > 0) continue;
                    for (int column = 0; column < rows.getColumnCount(); ++column)
                        first += (column ? " | " : "") + rows.getColumn(column).getString();
                }
            }
            for (const auto& [who, holding] : found) {
                broke(6, fmt::format("{} rows of {} still hold {} after they were forgotten, e.g. {}", holding.first,
                                     table, people_[std::size_t(who)].name, holding.second.substr(0, 400)));
            }
        }
    }

    // Whether the hard rules let `mentor_index` serve `request` at some moment in [from, to).
    // Restated from what the simulation knows of each person rather than asked of the bot's
    // matcher, which the optimum is there to check; only the level rule is shared, a pure
    // function of the domain.
    bool could_serve(int mentor_index, const TrackedRequest& request, Instant from, Instant to) const {
        const Person& mentor = people_[std::size_t(mentor_index)];
        if (mentor_index == request.requester || !mentor.mentor) return false;
        if (std::find(mentor.offers.begin(), mentor.offers.end(), request.topic) == mentor.offers.end()) return false;
        if (!passes_level_rule(request.kind, people_[std::size_t(request.requester)].level, mentor.level)) return false;
        if (request.kind == RequestKind::reverse && !mentor.reverse_ok) return false;
        if (request.kind == RequestKind::shadow &&
            (!mentor.shadow_ok || !request.when ||
             !is_inside_working_hours({mentor.zone, mentor.hours}, *request.when))) {
            return false;
        }
        // Around: neither paused nor gone at some moment of it.
        Instant free = from;
        for (bool moved = true; moved;) {
            moved = false;
            for (const auto& [away_from, until] : mentor.away) {
                if (away_from <= free && free < until) {
                    free = until;
                    moved = true;
                }
            }
        }
        return free < std::min(to, mentor.left);
    }

    // One of a mentor's own weeks: the bot counts their sessions by the weeks where they live,
    // and offers them requests only while they are at work.
    struct MentorWeek {
        Instant start;
        Instant end;
        std::optional<Instant> last_at_work;  // the start of the last quarter-hour of the week they work in
    };

    // Whether the hard rules let `mentor_index` serve `request` in one of the mentor's weeks:
    // from when it was made (or the week began) to the end of the last quarter-hour they work in
    // it (hours end on the quarter). A request made later may use only fewer of them.
    bool could_serve_in(int mentor_index, const TrackedRequest& request, const MentorWeek& week) const {
        const Instant from = std::max(request.created, week.start);
        if (!week.last_at_work || *week.last_at_work + 15min <= from) return false;
        return could_serve(mentor_index, request, from, *week.last_at_work + 15min);
    }

    // The mentor's weeks from the one holding `from` to `end`, the last one cut short there.
    std::vector<MentorWeek> mentor_weeks(const Person& mentor, Instant from, Instant end) const {
        std::vector<MentorWeek> weeks;
        for (Instant start = local_week_start(mentor.zone, from); start < end;) {
            // Eight days on is always inside the next week, whatever the clocks do.
            const Instant next = std::min(end, local_week_start(mentor.zone, start + date::days(8)));
            MentorWeek week{start, next, std::nullopt};
            for (Instant at = next - 15min; at >= start && !week.last_at_work; at -= 15min) {
                if (is_inside_working_hours({mentor.zone, mentor.hours}, at)) week.last_at_work = at;
            }
            weeks.push_back(week);
            start = next;
        }
        return weeks;
    }

    // The most requests any matcher could have served: each request the bot took and nobody
    // cancelled, to a mentor the hard rules allow, within each mentor's capacity for each of
    // their weeks. A request may use any week from the one it was made in, as one still waiting
    // would (kept to its own week, the bot, serving last week's waiting requests this week,
    // could beat the "optimum"). Mentors' answers (declines, silence) are no hard rule and are
    // left out, as is timing within a week, so it is an upper bound the bot cannot fully reach.
    void compute_optimum() {
        const Instant end = start_ + date::days(7 * settings_.weeks);
        std::map<int, std::vector<MentorWeek>> weeks;
        Instant first = end;
        for (const auto& entry : requests_) first = std::min(first, entry.second.created);
        for (int index = 0; index < int(people_.size()); ++index) {
            if (people_[std::size_t(index)].mentor)
                weeks[index] = mentor_weeks(people_[std::size_t(index)], first, end);
        }
        OptimumProblem problem;
        std::map<std::pair<int, std::size_t>, std::size_t> buckets;  // mentor, their week → bucket
        auto bucket_of = [&](int mentor, std::size_t week) {
            auto bucket = buckets.emplace(std::make_pair(mentor, week), problem.buckets.size());
            if (bucket.second) problem.buckets.push_back({mentor, int(week), people_[std::size_t(mentor)].capacity});
            return bucket.first->second;
        };
        std::vector<const TrackedRequest*> in_problem;  // in arrival order (ids grow)
        for (const auto& entry : requests_) {
            if (entry.second.made && !entry.second.cancelled) in_problem.push_back(&entry.second);
        }
        problem.allowed.resize(in_problem.size());
        problem.entry.assign(in_problem.size(), -1);
        // Requests of one topic, kind and requester level are allowed the same mentor weeks but
        // for time: one made later may use only some of the weeks an earlier one may, so they go
        // into a chain. A shadow request (its moment decides) and one by a mentor of the topic
        // (who may not serve themselves) list their weeks one by one.
        std::map<std::tuple<std::string, RequestKind, int>, std::vector<std::size_t>> alike;
        for (std::size_t index = 0; index < in_problem.size(); ++index) {
            const TrackedRequest& request = *in_problem[index];
            const Person& requester = people_[std::size_t(request.requester)];
            const std::vector<int>& mentors = offering(request.topic);
            if (request.kind != RequestKind::shadow &&
                !std::binary_search(mentors.begin(), mentors.end(), request.requester)) {
                alike[{request.topic, request.kind, requester.level}].push_back(index);
                continue;
            }
            for (int mentor : mentors) {
                const std::vector<MentorWeek>& own = weeks[mentor];
                for (std::size_t week = 0; week < own.size(); ++week) {
                    if (could_serve_in(mentor, request, own[week]))
                        problem.allowed[index].push_back(bucket_of(mentor, week));
                }
            }
        }
        for (auto& [kind_of_request, chain] : alike) {
            std::stable_sort(chain.begin(), chain.end(), [&](std::size_t left, std::size_t right) {
                return in_problem[left]->created < in_problem[right]->created;
            });
            // Each mentor week goes to the last request of the chain that may use it.
            std::map<std::size_t, std::vector<std::size_t>> by_last;
            for (int mentor : offering(std::get<0>(kind_of_request))) {
                const std::vector<MentorWeek>& own = weeks[mentor];
                for (std::size_t week = 0; week < own.size(); ++week) {
                    std::size_t may = 0;  // the requests that may use it are the first `may`
                    for (std::size_t cannot = chain.size(); may < cannot;) {
                        const std::size_t middle = (may + cannot) / 2;
                        if (could_serve_in(mentor, *in_problem[chain[middle]], own[week])) {
                            may = middle + 1;
                        } else {
                            cannot = middle;
                        }
                    }
                    if (may > 0) by_last[may - 1].push_back(bucket_of(mentor, week));
                }
            }
            // A step for each request that is the last for some week; each request enters the
            // first step at or after it and may go on from there.
            const std::size_t first_step = problem.steps.size();
            for (auto& [last, list] : by_last) {
                if (problem.steps.size() > first_step) problem.steps.back().next = long(problem.steps.size());
                problem.steps.push_back({-1, std::move(list)});
            }
            auto step = by_last.begin();
            for (std::size_t position = 0; position < chain.size(); ++position) {
                while (step != by_last.end() && step->first < position) ++step;
                if (step == by_last.end()) break;
                problem.entry[chain[position]] = static_cast<long long>(
                    first_step + std::size_t(std::distance(by_last.begin(), step)));
            }
        }
        // What the bot did must be one of the choices the optimum had.
        std::vector<long long> bot_bucket(in_problem.size(), -1);  // the bucket the bot served each from
        for (std::size_t index = 0; index < in_problem.size(); ++index) {
            const TrackedRequest& request = *in_problem[index];
            if (!request.matched) continue;
            const std::vector<MentorWeek>& own = weeks[request.served_by];
            std::size_t week = 0;
            while (week + 1 < own.size() && own[week + 1].start <= request.accepted) ++week;
            if (week < own.size() && could_serve_in(request.served_by, request, own[week])) {
                bot_bucket[index] = static_cast<long long>(bucket_of(request.served_by, week));
                continue;
            }
            const Person& mentor = people_[std::size_t(request.served_by)];
            std::string away;
            for (const auto& [from, until] : mentor.away) {
                away += " " + format_in_zone(from, mentor.zone) + " to " + format_in_zone(until, mentor.zone);
            }
            broke(11, fmt::format("request #{} ({}, {}) by level {} made {} went to {} at {}, whom the hard "
                                  "rules do not allow for it then; paused{}; {}",
                                  request.id, request_kind_name(request.kind), request.topic,
                                  people_[std::size_t(request.requester)].level,
                                  format_in_zone(request.created, mentor.zone), describe(request.served_by),
                                  format_in_zone(request.accepted, mentor.zone), away.empty() ? " never" : away,
                                  mentor.left == Instant::max() ? "still mentoring" : "left"));
        }
        // Started from what the bot did, so the requests it serves beyond that are the ones lost.
        const OptimumSolution optimum = solve_offline_optimum(problem, bot_bucket);
        report_.optimum = optimum.served;
        report_.greedy = solve_least_loaded_greedy(problem).served;
        // How full the bot left each mentor's week, to tell why a request the optimum served was lost.
        std::vector<int> bot_used(problem.buckets.size(), 0);
        for (long long bucket : bot_bucket) {
            if (bucket >= 0) ++bot_used[std::size_t(bucket)];
        }
        OptimumProblem left_over;  // the lost requests with room left, and the room the bot left
        for (std::size_t bucket = 0; bucket < problem.buckets.size(); ++bucket) {
            left_over.buckets.push_back(problem.buckets[bucket]);
            left_over.buckets.back().capacity = std::max(0, problem.buckets[bucket].capacity - bot_used[bucket]);
        }
        for (std::size_t index = 0; index < in_problem.size(); ++index) {
            const TrackedRequest& request = *in_problem[index];
            if (request.matched || optimum.assigned[index] < 0) continue;
            const std::vector<std::size_t> allowed = allowed_buckets(problem, index);
            const bool room = std::any_of(allowed.begin(), allowed.end(), [&](std::size_t bucket) {
                return bot_used[bucket] < problem.buckets[bucket].capacity;
            });
            ++(room ? report_.lost_with_room_left : report_.lost_to_spent_capacity);
            if (room) left_over.allowed.push_back(allowed);
            if (std::getenv("MENTORBOT_SIMULATION_LOSSES"))
                describe_loss(request, problem, allowed, bot_used, in_problem, bot_bucket);
        }
        if (std::getenv("MENTORBOT_SIMULATION_REPAIRS"))
            describe_repairs(problem, in_problem, bot_bucket, bot_used, weeks);
        // Many lost requests may share one free session (a mentor week with one session left
        // fits every request on their topic): how many of them the room left could have taken.
        report_.room_left_could_serve = solve_offline_optimum(left_over).served;
    }

    // With MENTORBOT_SIMULATION_REPAIRS set, the shortest chains of moves that would have served
    // more people, starting from what the bot did (augmenting paths): each step is a request the
    // bot served from one mentor week that another could have served instead, down to a week
    // the bot left room in, with the bot's own words for its choice. Marks say whether a mentor
    // was away or left in that week (a session then may have been called off, which the optimum
    // does not model) and whether they were at work when the moved request was made.
    void describe_repairs(const OptimumProblem& problem, const std::vector<const TrackedRequest*>& in_problem,
                          std::vector<long long> assigned, std::vector<int> used,
                          const std::map<int, std::vector<MentorWeek>>& weeks) {
        std::vector<std::vector<std::size_t>> holders(problem.buckets.size());
        std::vector<std::vector<std::size_t>> allowed(in_problem.size());
        for (std::size_t r = 0; r < in_problem.size(); ++r) {
            if (assigned[r] >= 0) holders[std::size_t(assigned[r])].push_back(r);
            allowed[r] = allowed_buckets(problem, r);
        }
        auto week_text = [&](std::size_t b, const TrackedRequest& request) {
            const CapacityBucket& bucket = problem.buckets[b];
            const Person& mentor = people_[std::size_t(bucket.mentor)];
            const MentorWeek& span = weeks.at(bucket.mentor)[std::size_t(bucket.week)];
            std::string marks;
            if (mentor.left < span.end) marks += ", left that week";
            for (const auto& [from, until] : mentor.away) {
                if (from < span.end && until > span.start) marks += ", away that week";
            }
            if (is_inside_working_hours({mentor.zone, mentor.hours}, request.created)) marks += ", at work then";
            return fmt::format("mentor {} (level {}, {} {}, offers {}) week {}, {} of {} used{}", bucket.mentor,
                               mentor.level, mentor.zone, mentor.hours.to_string(), fmt::join(mentor.offers, " "),
                               bucket.week, used[b], bucket.capacity, marks);
        };
        auto request_text = [&](const TrackedRequest& request) {
            const Person& requester = people_[std::size_t(request.requester)];
            return fmt::format("#{} {} {} by level {} in {}, made {}", request.id, request_kind_name(request.kind),
                               request.topic, requester.level, requester.zone,
                               format_in_zone(request.created, requester.zone));
        };
        int repairs = 0;
        for (std::size_t lost = 0; lost < in_problem.size(); ++lost) {
            if (assigned[lost] >= 0) continue;
            // Breadth first from the lost request over the weeks it could use and the requests
            // holding them; each week remembers the request that would move into it.
            std::vector<bool> reached(in_problem.size(), false);
            std::vector<long long> mover(problem.buckets.size(), -1);
            std::vector<std::size_t> queue{lost};
            reached[lost] = true;
            long long room = -1;
            for (std::size_t head = 0; head < queue.size() && room < 0; ++head) {
                const std::size_t r = queue[head];
                for (std::size_t b : allowed[r]) {
                    if (mover[b] >= 0 || static_cast<long long>(b) == assigned[r]) continue;
                    mover[b] = static_cast<long long>(r);
                    if (used[b] < problem.buckets[b].capacity) {
                        room = static_cast<long long>(b);
                        break;
                    }
                    for (std::size_t holder : holders[b]) {
                        if (reached[holder]) continue;
                        reached[holder] = true;
                        queue.push_back(holder);
                    }
                }
            }
            if (room < 0) continue;
            std::fprintf(stderr, "REPAIR %d serves %s\n", ++repairs, request_text(*in_problem[lost]).c_str());
            // From the week with room back to the lost request, each request moving one step.
            for (long long b = room; b >= 0;) {
                const auto r = std::size_t(mover[std::size_t(b)]);
                const TrackedRequest& request = *in_problem[r];
                const long long from = assigned[r];
                std::fprintf(stderr, "   %s\n     could go to %s\n", request_text(request).c_str(),
                             week_text(std::size_t(b), request).c_str());
                if (from >= 0) {
                    std::fprintf(stderr, "     the bot chose %s: %s\n", week_text(std::size_t(from), request).c_str(),
                                 bot_reason(request.id).c_str());
                    auto& own = holders[std::size_t(from)];
                    own.erase(std::find(own.begin(), own.end(), r));
                    --used[std::size_t(from)];
                }
                holders[std::size_t(b)].push_back(r);
                ++used[std::size_t(b)];
                assigned[r] = b;
                b = from;
            }
        }
        std::fprintf(stderr, "REPAIRS %d\n", repairs);
    }

    // The bot's own explanation of the mentor it chose for a request.
    std::string bot_reason(long long id) {
        SQLite::Statement query(database_.connection(),
                                "SELECT COALESCE(json_extract(explanation_detail, '$.named'), explanation, '') "
                                "FROM requests WHERE id = ?");
        query.bind(1, static_cast<int64_t>(id));
        return query.executeStep() ? query.getColumn(0).getString() : std::string();
    }

    // With MENTORBOT_SIMULATION_LOSSES set, each request the optimum served and the bot did not
    // is written to standard error with every mentor week it could have used and what the bot
    // spent that week on: where the matcher's choices cost people, to read rather than assert.
    void describe_loss(const TrackedRequest& request, const OptimumProblem& problem,
                       const std::vector<std::size_t>& allowed, const std::vector<int>& bot_used,
                       const std::vector<const TrackedRequest*>& in_problem, const std::vector<long long>& bot_bucket) {
        const Person& requester = people_[std::size_t(request.requester)];
        std::fprintf(stderr, "LOST #%lld %s %s lvl %d zone %s made %s status %s offered %zu\n", request.id,
                     std::string(request_kind_name(request.kind)).c_str(), request.topic.c_str(), requester.level,
                     requester.zone.c_str(), format_in_zone(request.created, requester.zone).c_str(),
                     bot_view(request.id).c_str(), request.offered_to.size());
        for (std::size_t bucket : allowed) {
            const CapacityBucket& b = problem.buckets[bucket];
            const Person& mentor = people_[std::size_t(b.mentor)];
            std::string spent;
            for (std::size_t other = 0; other < in_problem.size(); ++other) {
                if (bot_bucket[other] != static_cast<long long>(bucket)) continue;
                const TrackedRequest& r = *in_problem[other];
                spent += fmt::format(" [{} {} L{}{}]", request_kind_name(r.kind), r.topic,
                                     people_[std::size_t(r.requester)].level, r.id > request.id ? " later" : "");
            }
            std::string away;
            for (const auto& [from, until] : mentor.away)
                away += " " + format_in_zone(from, mentor.zone) + " to " + format_in_zone(until, mentor.zone);
            if (mentor.left != Instant::max()) away += " left " + format_in_zone(mentor.left, mentor.zone);
            std::fprintf(stderr, "   mentor %d L%d %s %s cap %d week %d used %d rev %d sh %d offers %zu:%s%s\n",
                         b.mentor, mentor.level, mentor.zone.c_str(), mentor.hours.to_string().c_str(), b.capacity,
                         b.week, bot_used[bucket], mentor.reverse_ok, mentor.shadow_ok, mentor.offers.size(),
                         spent.c_str(), away.empty() ? "" : (" away:" + away).c_str());
        }
    }

    void finish() {
        sync_request_states();
        // What matching weighs besides serving, for the sessions that stand at the end.
        for (const auto& [id, request] : requests_) {
            if (!request.matched) continue;
            const Person& requester = people_[std::size_t(request.requester)];
            const Person& mentor = people_[std::size_t(request.served_by)];
            report_.working_hours_to_match.push_back(
                working_hours_between({requester.zone, WorkingHours{}}, request.created, request.accepted));
            if (request.requester % int(departments.size()) != request.served_by % int(departments.size()))
                ++report_.cross_department;
            report_.shared_minutes.push_back(
                daily_overlap_minutes(requester.schedule().hours, utc_offset_minutes(requester.zone, request.accepted),
                                      mentor.hours, utc_offset_minutes(mentor.zone, request.accepted)));
        }
        compute_optimum();
        for (const auto& [id, request] : requests_) {
            if (request.open) ++report_.waiting_at_end;
        }
        SQLite::Statement outcomes(database_.connection(),
                                   "SELECT CASE WHEN completed_at IS NOT NULL THEN 'completed' "
                                   "WHEN outcome IS NOT NULL THEN outcome ELSE status END, COUNT(*) "
                                   "FROM sessions GROUP BY 1");
        while (outcomes.executeStep()) {
            report_.sessions_by_outcome[outcomes.getColumn(0).getString()] = outcomes.getColumn(1).getInt64();
        }
        check_forgotten_everywhere(forgotten_names_);
        daily_check();
    }

    SimulationSettings settings_;
    SimulationReport report_;
    Generator generator_;
    std::mt19937 random_;
    Instant start_;
    ManualClock clock_;
    testing::TempDirectory directory_;
    Database database_;
    Config config_;
    ObservingTransport transport_;
    std::unique_ptr<App> app_;

    std::vector<Person> people_;
    std::unordered_map<std::string, int> by_name_;
    std::map<long long, TrackedRequest> requests_;
    std::map<int, Instant> pending_;                   // mentor → when their unanswered offer came
    std::map<std::string, std::set<int>> nudged_;      // pod → members nudged in its current quiet stretch
    std::map<int, std::vector<Instant>> offer_times_;  // mentor → when each offer came
    std::map<int, Instant> last_silence_;              // mentor → when the last offer they left unanswered lapsed
    std::vector<int> forgotten_;
    NameFinder forgotten_names_;      // everyone forgotten so far
    NameFinder forgotten_unchecked_;  // forgotten since the tables were last searched for them
    std::map<std::string, std::vector<int>> mentors_by_topic_;
    std::set<std::string> failures_seen_;                     // the failed jobs and messages already reported
    std::map<long long, std::pair<int, int>> session_pairs_;  // session → mentor, mentee
    std::set<std::pair<int, int>> rated_badly_;
    std::map<std::pair<int, long long>, std::vector<std::string>> dms_by_day_;
    std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
    long long next_order_ = 0;
};

}  // namespace

double SimulationReport::median_working_hours_to_match() const {
    if (working_hours_to_match.empty()) return 0;
    std::vector<double> sorted = working_hours_to_match;
    std::sort(sorted.begin(), sorted.end());
    return sorted[sorted.size() / 2];
}

double SimulationReport::mean_shared_hours() const {
    if (shared_minutes.empty()) return 0;
    double total = 0;
    for (int minutes : shared_minutes) total += minutes;
    return total / double(shared_minutes.size()) / 60;
}

double SimulationReport::dms_per_member_per_week() const {
    return settings.members && settings.weeks ? double(dms) / settings.members / settings.weeks : 0;
}

std::string SimulationReport::text() const {
    std::ostringstream out;
    out << fmt::format("{} members ({} mentors) in {} time zones, {} weeks, seed {}{}\n", settings.members, mentors,
                       time_zones, settings.weeks, settings.seed,
                       settings.every_offer_accepted ? ", every offer accepted" : "");
    out << "generated with " << generator << '\n';
    out << fmt::format("requests {}: matched {} ({:.1f} %), cancelled {}, waiting at the end {}\n", requests, matched,
                       100 * share_matched(), cancelled, waiting_at_end);
    out << fmt::format("requests some mentor could serve {}: matched {} ({:.1f} %)\n", servable, servable_matched,
                       100 * share_of_servable_matched());
    out << fmt::format(
        "served {} of an offline optimum of {} ({:.1f} %); a least-loaded greedy matcher {} ({:.1f} %)\n", matched,
        optimum, 100 * share_of_optimum(), greedy, 100 * greedy_share_of_optimum());
    out << fmt::format("served by the optimum and not by the bot: {} with every fitting mentor's week filled by "
                       "others, {} with room left unused (room for {} of them)\n",
                       lost_to_spent_capacity, lost_with_room_left, room_left_could_serve);
    out << fmt::format("served across departments {:.1f} %, shared working hours {:.2f} h a day on average\n",
                       100 * cross_department_share(), mean_shared_hours());
    out << fmt::format("median working hours to a match {:.2f}\n", median_working_hours_to_match());
    out << fmt::format("offers {}: accepted {}, declined {}, left unanswered {}\n", offers, offers_accepted,
                       offers_declined, offers_unanswered);
    out << "sessions by outcome:";
    for (const auto& [outcome, count] : sessions_by_outcome) out << ' ' << outcome << ' ' << count;
    out << fmt::format("\npods: {} placements, {} opt-outs, {} skips, {} did-you-meet asks, {} nudges", pod_placements,
                       pod_opt_outs, pod_skips, pod_asks, pod_nudges);
    out << fmt::format("\nratings {}, reschedules proposed {}, pauses {}, stops {}, forgotten {}\n", ratings,
                       reschedules, pauses, stops, forgotten);
    out << fmt::format("DMs {} = {:.2f} per member per week, most in one day {}\n", dms, dms_per_member_per_week(),
                       most_dms_in_a_day);
    out << "invariants broken:";
    if (broken.empty()) out << " none";
    for (const auto& [invariant, count] : broken) out << fmt::format(" #{} × {}", invariant, count);
    out << '\n';
    for (const auto& violation : violations) out << "  " << violation << '\n';
    return out.str();
}

SimulationReport run_program_simulation(const SimulationSettings& settings) { return Simulation(settings).run(); }

}  // namespace mentorbot::simulation
