// Fourteen people in five departments and three time zones, levels 1–6, seven of them mentors.
#include "bot/demo_organisation.h"

#include "storage/member_store.h"

#include "model/member_id.h"
#include "storage/offer_store.h"
#include "storage/unit_of_work.h"

namespace mentorbot {

namespace {

struct DemoPerson {
    const char* name;
    const char* display_name;
    int level;
    const char* department;
    const char* time_zone;
    const char* location;
    const char* started_on;
    std::vector<std::string> skills;
    std::vector<std::string> goals;
    // Mentor offer (empty topics: not a mentor).
    std::vector<std::string> topics;
    int capacity;
    bool reverse_ok;
    bool shadow_ok;
};

const std::vector<DemoPerson>& demo_people() {
    // One person a row reads better than one field a line.
    // clang-format off
    static const std::vector<DemoPerson> people = {
        {"ana", "Ana Souza", 2, "Engineering", "Europe/Berlin", "Berlin", "2026-09-01",
         {"python", "sql"}, {"kubernetes", "go"}, {}, 0, false, false},
        {"ben", "Ben Okafor", 4, "Engineering", "Europe/London", "London", "2021-03-15",
         {"kubernetes", "go", "distributed systems"}, {"leadership"}, {"kubernetes", "go", "distributed systems"}, 3, false, true},
        {"carla", "Carla Reyes", 5, "Engineering", "America/New_York", "New York", "2018-06-01",
         {"kubernetes", "architecture", "career"}, {"generative ai"}, {"kubernetes", "architecture", "career"}, 2, false, true},
        {"dev", "Dev Patel", 3, "Product", "Europe/Berlin", "Berlin", "2023-01-09",
         {"product discovery", "sql"}, {"leadership"}, {"product discovery", "sql"}, 2, false, false},
        {"emma", "Emma Larsson", 4, "Design", "Europe/Berlin", "Stockholm", "2020-11-02",
         {"figma", "user experience", "accessibility"}, {"product discovery"}, {"figma", "user experience", "accessibility"}, 2, false, true},
        {"farid", "Farid Haddad", 6, "Sales", "America/New_York", "New York", "2015-04-20",
         {"negotiation", "leadership"}, {"generative ai", "social media"}, {}, 0, false, false},
        {"gia", "Gia Nguyen", 1, "Engineering", "America/New_York", "Remote", "2026-10-05",
         {"generative ai", "social media", "python"}, {"kubernetes"}, {"generative ai", "social media"}, 2, true, false},
        {"hugo", "Hugo Martin", 3, "Sales", "Europe/London", "London", "2024-02-12",
         {"crm", "negotiation"}, {"sql", "negotiation"}, {}, 0, false, false},
        {"ines", "Inês Costa", 2, "Product", "Europe/London", "Lisbon", "2026-09-01",
         {"user research"}, {"product discovery", "sql"}, {}, 0, false, false},
        {"jon", "Jon Kim", 1, "Design", "America/New_York", "Toronto", "2026-10-05",
         {"illustration"}, {"figma", "accessibility"}, {}, 0, false, false},
        {"kai", "Kai Müller", 3, "Engineering", "Europe/Berlin", "Munich", "2022-08-01",
         {"go", "testing", "kubernetes"}, {"architecture"}, {"go", "testing", "kubernetes"}, 2, false, false},
        {"lena", "Lena Schmidt", 5, "Sales", "Europe/Berlin", "Hamburg", "2017-01-16",
         {"negotiation", "leadership"}, {"generative ai"}, {"negotiation", "leadership"}, 2, false, true},
        {"mo", "Mo Haddad", 2, "Engineering", "Europe/London", "Manchester", "2025-05-05",
         {"javascript"}, {"testing", "go"}, {}, 0, false, false},
        {"olivia", "Olivia Brown", 5, "People", "Europe/London", "London", "2016-09-12",
         {"coaching", "leadership"}, {"generative ai"}, {}, 0, false, false},
    };
    // clang-format on
    return people;
}

}  // namespace

void load_demo_organisation(Database& database, const Config& config, long long now) {
    UnitOfWork transaction = UnitOfWork::transaction(database, UnitOfWork::Lock::immediate);
    MemberStore members(database);
    OfferStore offers(database);
    for (const auto& person : demo_people()) {
        const std::string id = MemberId::of(Platform::console, "local", person.name).str();
        members.ensure(id, person.display_name, now);
        MemberProfile profile{id,
                              person.display_name,
                              person.level,
                              person.department,
                              person.time_zone,
                              person.location,
                              person.started_on,
                              {},
                              {}};
        members.update(profile, now);
        members.replace_tags(id, "skill", config.aliases.canonical(person.skills));
        members.replace_tags(id, "goal", config.aliases.canonical(person.goals));
        if (!person.topics.empty()) {
            MentorOffer offer;
            offer.member_id = id;
            offer.topics = config.aliases.canonical(person.topics);
            offer.capacity = person.capacity;
            offer.hours_start = config.default_hours_start;
            offer.hours_end = config.default_hours_end;
            offer.reverse_ok = person.reverse_ok;
            offer.shadow_ok = person.shadow_ok;
            offers.save(offer, now);
        }
    }
    transaction.commit();
}

}  // namespace mentorbot
