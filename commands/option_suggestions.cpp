// Values offered while an option is typed: topics ranked by how many mentors offer each, and pod names.
#include "commands/option_suggestions.h"

#include <algorithm>
#include <array>
#include <string>

#include "domain/tags.h"
#include "domain/time_zones.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"
#include "storage/pick_lists.h"
#include "storage/pod_store.h"
#include "util/text.h"

namespace mentorbot {

namespace {

// Discord takes a choice's name and value of at most this many characters.
constexpr std::size_t max_choice_chars = 100;

const OptionSpec* option_of(const CommandRegistry& registry, const OptionQuery& query) {
    const SubcommandSpec* subcommand = registry.find(query.command, query.subcommand);
    if (subcommand == nullptr) return nullptr;
    for (const OptionSpec& option : subcommand->options)
        if (option.name == query.option) return &option;
    return nullptr;
}

std::vector<Choice> suggest_topics(Database& database, const Config& config, const Caller& caller,
                                   const OptionSpec& option, const std::string& typed) {
    // In a list ("go, kube") the last topic is the one being typed; the ones before it stay.
    std::string kept;
    std::string current = typed;
    if (option.type == OptionType::tags) {
        if (const std::size_t comma = typed.rfind(','); comma != std::string::npos) {
            for (const std::string& tag : split_tag_list(typed.substr(0, comma))) kept += tag + ", ";
            current = typed.substr(comma + 1);
        }
    }
    const std::string wanted = normalize_tag(current);
    const std::string alias_of = config.aliases.canonical(wanted);
    const auto offered = OfferStore(database).topics_offered(std::string(caller.member.tenant_key()));
    // Three tiers, each in the store's order (most offered first).
    std::vector<const std::pair<std::string, int>*> ranked;
    const auto add_where = [&](auto fits) {
        for (const auto& topic : offered)
            if (fits(topic.first) && std::find(ranked.begin(), ranked.end(), &topic) == ranked.end())
                ranked.push_back(&topic);
    };
    if (!wanted.empty() && alias_of != wanted) add_where([&](const std::string& tag) { return tag == alias_of; });
    add_where([&](const std::string& tag) { return tag.starts_with(wanted); });
    add_where([&](const std::string& tag) { return tag.find(wanted) != std::string::npos; });
    std::vector<Choice> choices;
    for (const auto* topic : ranked) {
        if (choices.size() == max_suggestions) break;
        std::string value = kept + topic->first;
        if (value.size() > max_choice_chars) continue;
        std::string label = topic->first + " (" + std::to_string(topic->second) +
                            (topic->second == 1 ? " mentor)" : " mentors)");
        if (!kept.empty()) label = kept + label;
        if (label.size() > max_choice_chars) label = value;
        choices.push_back({std::move(label), std::move(value)});
    }
    return choices;
}

std::vector<Choice> suggest_pods(Database& database, const Caller& caller, const std::string& typed) {
    const std::string wanted = case_fold(trim(typed));
    std::vector<Pod> pods = PodStore(database).active_in_tenant(std::string(caller.member.tenant_key()));
    // Names that start with what was typed before those that merely hold it, then by name.
    std::stable_sort(pods.begin(), pods.end(), [&](const Pod& a, const Pod& b) {
        const bool a_starts = case_fold(a.name).starts_with(wanted), b_starts = case_fold(b.name).starts_with(wanted);
        return a_starts != b_starts ? a_starts : a.name < b.name;
    });
    std::vector<Choice> choices;
    for (const Pod& pod : pods) {
        if (choices.size() == max_suggestions) break;
        if (case_fold(pod.name).find(wanted) == std::string::npos || pod.name.size() > max_choice_chars) continue;
        std::string label = pod.name + " (" + pod.topic + ")";
        if (label.size() > max_choice_chars) label = pod.name;
        choices.push_back({std::move(label), pod.name});
    }
    return choices;
}

// Picked before anything is typed: the zones most teams work in, west to east, so a
// picker opened empty shows something useful rather than the first names A to Z.
constexpr std::array<std::string_view, 12> common_time_zones = {
    "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
    "America/Sao_Paulo",   "Europe/London",  "Europe/Berlin",   "Europe/Helsinki",
    "Asia/Kolkata",        "Asia/Singapore", "Asia/Tokyo",      "Australia/Sydney"};

// A zone's name as typed text is compared with it, folded once for every keystroke to come.
struct FoldedZone {
    const std::string* name;
    std::string folded;  // "america/new_york"
    std::string city;    // "new_york"
};

const std::vector<FoldedZone>& folded_time_zones() {
    static const std::vector<FoldedZone> zones = [] {
        std::vector<FoldedZone> all;
        for (const std::string& name : time_zone_names()) {
            std::string folded = case_fold(name);
            const std::size_t slash = folded.rfind('/');
            std::string city = slash == std::string::npos ? folded : folded.substr(slash + 1);
            all.push_back({&name, std::move(folded), std::move(city)});
        }
        return all;
    }();
    return zones;
}

std::vector<Choice> suggest_time_zones(Database& database, const Caller& caller, const std::string& typed) {
    // "new york" finds America/New_York: the database writes spaces as underscores.
    std::string wanted = case_fold(trim(typed));
    std::replace(wanted.begin(), wanted.end(), ' ', '_');
    std::string own;
    if (auto profile = MemberStore(database).find(caller.member_id())) own = profile->time_zone;
    std::vector<std::string> ranked;
    const auto add = [&](std::string_view zone) {
        if (ranked.size() < max_suggestions && std::find(ranked.begin(), ranked.end(), zone) == ranked.end())
            ranked.emplace_back(zone);
    };
    if (!own.empty() && case_fold(own).find(wanted) != std::string::npos) add(own);
    if (wanted.empty()) {
        for (std::string_view zone : common_time_zones) add(zone);
    } else {
        // The city first ("ber" → Europe/Berlin), then the whole name, then anywhere in it.
        const std::vector<FoldedZone>& zones = folded_time_zones();
        for (const FoldedZone& zone : zones)
            if (zone.city.starts_with(wanted)) add(*zone.name);
        for (const FoldedZone& zone : zones)
            if (zone.folded.starts_with(wanted)) add(*zone.name);
        for (const FoldedZone& zone : zones)
            if (zone.folded.find(wanted) != std::string::npos) add(*zone.name);
    }
    std::vector<Choice> choices;
    for (std::string& zone : ranked) {
        std::string label = zone == own ? zone + " (your time zone now)" : zone;
        choices.push_back({std::move(label), std::move(zone)});
    }
    return choices;
}

}  // namespace

std::vector<Choice> suggest_own(Database& database, const Caller& caller, Suggest suggest, std::string_view typed) {
    const std::string member = caller.member_id();
    std::vector<PickItem> items;
    // More than are shown, so what was typed can still narrow them down to the one meant.
    constexpr std::size_t read_at_most = 200;
    switch (suggest) {
        case Suggest::requests_offered_to_me: items = requests_offered_to(database, member, read_at_most); break;
        case Suggest::requests_i_may_accept:
            items = requests_offered_to(database, member, read_at_most, LapsedOffers::included);
            break;
        case Suggest::my_cancellable_requests: items = cancellable_requests_of(database, member, read_at_most); break;
        case Suggest::my_requests: items = requests_involving(database, member, read_at_most); break;
        case Suggest::my_accepted_requests: items = accepted_requests_of(database, member, read_at_most); break;
        case Suggest::my_sessions_to_rate: items = sessions_to_rate_by(database, member, read_at_most); break;
        case Suggest::my_pods: items = pods_of(database, member, read_at_most); break;
        default: return {};
    }
    const std::string wanted = case_fold(trim(typed));
    std::vector<Choice> choices;
    for (PickItem& item : items) {
        if (choices.size() == max_suggestions) break;
        if (case_fold(item.label).find(wanted) == std::string::npos || item.value.size() > max_choice_chars) continue;
        if (item.label.size() > max_choice_chars)
            item.label = item.label.substr(0, utf8_prefix_bytes(item.label, max_choice_chars));
        choices.push_back({std::move(item.label), std::move(item.value)});
    }
    return choices;
}

std::vector<Choice> suggest_option_values(Database& database, const Config& config, const CommandRegistry& registry,
                                          const Caller& caller, const OptionQuery& query) {
    const OptionSpec* option = option_of(registry, query);
    if (option == nullptr) return {};
    switch (option->suggest) {
        case Suggest::topics: return suggest_topics(database, config, caller, *option, query.typed);
        case Suggest::pods: return suggest_pods(database, caller, query.typed);
        case Suggest::time_zones: return suggest_time_zones(database, caller, query.typed);
        case Suggest::pods_and_all: {
            std::vector<Choice> choices;
            if (std::string_view("all").starts_with(case_fold(trim(query.typed))))
                choices.push_back({"all (every active pod)", "all"});
            for (Choice& pod : suggest_pods(database, caller, query.typed)) {
                if (choices.size() == max_suggestions) break;
                choices.push_back(std::move(pod));
            }
            return choices;
        }
        case Suggest::requests_offered_to_me:
        case Suggest::requests_i_may_accept:
        case Suggest::my_cancellable_requests:
        case Suggest::my_requests:
        case Suggest::my_accepted_requests:
        case Suggest::my_sessions_to_rate:
        case Suggest::my_pods: return suggest_own(database, caller, option->suggest, query.typed);
        case Suggest::nothing: return {};
    }
    return {};
}

std::string nothing_of_yours(const CommandRegistry& registry, const OptionQuery& query) {
    const OptionSpec* option = option_of(registry, query);
    if (option == nullptr) return {};
    switch (option->suggest) {
        case Suggest::requests_offered_to_me:
        case Suggest::requests_i_may_accept: return "no request waits for your answer";
        case Suggest::my_cancellable_requests: return "you have no open request and mentor no session";
        case Suggest::my_requests: return "you have not asked for, been offered or mentored any request";
        case Suggest::my_accepted_requests: return "you are in no accepted session";
        case Suggest::my_sessions_to_rate: return "you have no session left to rate";
        case Suggest::my_pods: return "you are in no active pod";
        case Suggest::nothing:
        case Suggest::topics:
        case Suggest::pods:
        case Suggest::pods_and_all:
        case Suggest::time_zones: return {};
    }
    return {};
}

}  // namespace mentorbot
