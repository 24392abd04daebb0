// The Home view: where one member stands and what they can do next, gathered read-only for every surface.
#pragma once

#include <string>
#include <vector>

#include "commands/registry.h"
#include "config/config.h"
#include "domain/clock.h"
#include "model/member_id.h"
#include "model/reply.h"
#include "storage/database.h"

namespace mentorbot {

// One part of the Home ("Your requests"): its entries are messages like any reply, each
// with the buttons that act on it, so every surface renders them the way it renders
// replies and a press runs the same command line as the reply's button would.
struct HomeSection {
    std::string title;
    std::vector<Message> entries;
};

struct HomeView {
    std::string member_id;
    std::string title;  // "Ana Silva's mentoring"
    std::vector<HomeSection> sections;
    std::string footer;  // when it was gathered, in the member's own zone
};

// At most this many entries per list; the rest are counted in one last entry that names the
// command that shows them all.
inline constexpr std::size_t home_entries_per_section = 5;
// The waiting queue admins see.
inline constexpr std::size_t home_queue_entries = 10;
// The period of the admin's headline figures, as /coach stats's default.
inline constexpr int home_figures_days = 30;

// The member's Home at `now`. Reads only, and only what belongs to the member's tenant: their
// open requests, offers waiting for their answer, upcoming sessions with calendar links, their
// pods and next meetings, their mentor offer, the buttons to start something; admins of the
// tenant (from the config) also get the program's headline figures and the waiting queue.
HomeView build_home_view(Database& database, const Config& config, const CommandRegistry& registry, Seconds now,
                         const MemberId& member);

}  // namespace mentorbot
