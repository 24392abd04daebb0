// Console chat: reads lines, runs them as the current user, prints who sees each reply.
#include "bot/console/console_chat.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <regex>

#include "bot/clock_travel.h"
#include "model/mention.h"
#include "storage/unit_of_work.h"
#include "util/text.h"
#include "domain/time_zones.h"
#include "domain/working_hours.h"
#include "storage/demo_history.h"
#include "storage/member_store.h"
#include "storage/offer_store.h"

namespace mentorbot {

namespace {

// The console has one tenant; its members are addressed by name.
MemberId console_member(std::string_view name) { return MemberId::of(Platform::console, "local", name); }

// The name of a console member or channel ("ana", "#pods"); empty for other platforms.
std::string_view console_name(std::string_view id) {
    std::optional<MemberId> parsed = MemberId::parse(id);
    if (!parsed || parsed->platform() != Platform::console || parsed->tenant() != "local") return {};
    // Points into `id`, not into the parsed copy.
    return id.substr(id.size() - parsed->user().size());
}

bool is_console_name(const std::string& name) {
    return !name.empty() && name.size() <= 32 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c) || c == '_' || c == '-';
    });
}

std::string display_name_for(const std::string& name) {
    std::string display = name;
    display[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(display[0])));
    return display;
}

}  // namespace

ConsoleChat::ConsoleChat(App& app, SystemClock& clock, std::istream& input, std::ostream& output, bool interactive)
    : app_(app), clock_(clock), input_(input), output_(output), interactive_(interactive) {}

int ConsoleChat::run() {
    if (interactive_) {
        output_ << "mentorbot console — you are " << current_user_
                << ". Type /coach help for commands, :help for console commands, :quit to leave.\n";
        if (app_.config().dashboard.enabled) {
            output_ << "Program dashboard: " << app_.config().dashboard_url()
                    << "/admin — an admin (:as olivia) runs /coach dashboard for a sign-in link.\n";
        }
    }
    // Work that fell due while the bot was down runs now, once.
    after_command();
    std::string line;
    while (!quit_) {
        if (interactive_) output_ << current_user_ << "> " << std::flush;
        if (!std::getline(input_, line)) break;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string trimmed = trim(line);
        if (trimmed.empty() || trimmed.starts_with("#")) continue;
        if (!interactive_) output_ << current_user_ << "> " << trimmed << "\n";
        handle_line(trimmed);
        output_.flush();
    }
    return 0;
}

void ConsoleChat::handle_line(const std::string& line) {
    if (line.starts_with(":")) {
        handle_console_command(line);
        return;
    }
    if (!line.starts_with("/")) {
        output_ << "  (commands start with /, console commands with : — try /coach help or :help)\n";
        return;
    }
    CommandRequest request;
    Caller& caller = request.caller;
    caller.member = console_member(current_user_);
    caller.display_name = display_name_for(current_user_);
    caller.channel = console_member("#general");
    // The operator's own terminal, and scripts that drive it fast.
    caller.rate_limited = false;
    if (auto profile = MemberStore(app_.database()).find(caller.member_id());
        profile && !profile->display_name.empty()) {
        caller.display_name = profile->display_name;
    }
    request.input = TextLine{line};
    Reply reply = app_.run(std::move(request));
    print_message(reply.is_public ? "[#general, everyone sees]" : "[only " + current_user_ + " sees]", reply.response,
                  current_user_);
    after_command();
}

void ConsoleChat::after_command() { settle_due_work(app_); }

void ConsoleChat::handle_console_command(const std::string& line) {
    std::string word = line.substr(0, line.find(' '));
    std::string rest = trim(line.size() > word.size() ? line.substr(word.size()) : "");
    if (word == ":quit" || word == ":exit") {
        quit_ = true;
    } else if (word == ":as") {
        std::string name = case_fold(rest);
        if (name.starts_with("@")) name.erase(0, 1);
        if (!is_console_name(name)) {
            output_ << "  (usage: :as NAME — letters, digits, - and _, e.g. :as ben)\n";
            return;
        }
        bool known = MemberStore(app_.database()).exists(console_member(name).str());
        if (!known) {
            UnitOfWork transaction = UnitOfWork::transaction(app_.database(), UnitOfWork::Lock::immediate);
            MemberStore(app_.database())
                .ensure(console_member(name).str(), display_name_for(name), to_unix(clock_.now()));
            transaction.commit();
        }
        current_user_ = name;
        output_ << "  (you are now " << name << (known ? "" : ", a new member") << ")\n";
    } else if (word == ":users") {
        MemberStore members(app_.database());
        OfferStore offers(app_.database());
        for (const auto& profile : members.all()) {
            std::string name(console_name(profile.id));
            if (name.empty()) continue;
            output_ << "  " << name << " — " << profile.display_name;
            if (profile.level) output_ << ", level " << *profile.level;
            if (!profile.department.empty()) output_ << ", " << profile.department;
            if (!profile.time_zone.empty()) output_ << ", " << profile.time_zone;
            if (offers.find(profile.id)) output_ << ", mentor";
            if (app_.config().is_admin(profile.id)) output_ << ", admin";
            output_ << (name == current_user_ ? "  ← you" : "") << "\n";
        }
    } else if (word == ":advance") {
        static const std::regex duration(R"((\d{1,6})([smhd]))");
        std::smatch match;
        if (!std::regex_match(rest, match, duration)) {
            output_ << "  (usage: :advance 30m — s, m, h or d; moves the bot's clock forward)\n";
            return;
        }
        long long amount = std::stoll(match[1].str());
        long long unit = match[2] == "s" ? 1 : match[2] == "m" ? 60 : match[2] == "h" ? 3600 : 86400;
        // Output of what fell due on the way comes first, at its own time, then the new time.
        advance_through_due_work(app_, clock_, std::chrono::seconds{amount * unit});
        output_ << "  (time is now " << format_in_zone(clock_.now(), "UTC") << ")\n";
    } else if (word == ":choose") {
        choose(rest);
    } else if (word == ":time") {
        if (!rest.empty()) set_time(rest);
        output_ << "  (time is now " << format_in_zone(clock_.now(), "UTC") << ")\n";
    } else if (word == ":demo-history") {
        UnitOfWork transaction = UnitOfWork::transaction(app_.database(), UnitOfWork::Lock::immediate);
        const bool added = insert_demo_history(app_.database(), to_unix(clock_.now()));
        transaction.commit();
        output_ << (added ? "  (added twelve weeks of made-up requests, sessions, feedback, pods and announcements; "
                            "/coach stats and /coach dashboard show them)\n"
                          : "  (the demo history is already there)\n");
    } else if (word == ":home") {
        show_home();
    } else if (word == ":help") {
        output_ << "  :as NAME      act as another member (a new name creates one)\n"
                   "  :users        list the console members\n"
                   "  :advance 30m  move the clock forward (s, m, h, d) and run what falls due\n"
                   "  :choose 2     pick option 2 of the last menu shown to you (runs its command as you)\n"
                   "  :time         show the bot's clock\n"
                   "  :time 2026-11-26 09:00  set it (UTC) and hold it there until :advance, e.g. to replay a script\n"
                   "  :demo-history add twelve weeks of made-up activity for /coach stats and the dashboard\n"
                   "  :home         your Home, as Slack's Home tab shows it: requests, offers, sessions, pods\n"
                   "  :quit         leave\n"
                   "  /coach help   the bot's own commands\n";
    } else {
        output_ << "  (unknown console command " << word << "; :help lists them)\n";
    }
}

void ConsoleChat::set_time(const std::string& text) {
    const std::optional<Instant> target = parse_local_datetime(text, "UTC");
    if (!target) {
        output_ << "  (usage: :time 2026-11-26 09:00 — a date and time in UTC)\n";
        return;
    }
    if (*target >= clock_.now()) {
        // Forward: lived through, so what falls due on the way runs at its moment.
        advance_through_due_work(app_, clock_, *target - clock_.now());
    }
    // Backward (a script that starts at a fixed hour), nothing runs: what is already
    // scheduled waits until the clock reaches it again. Either way the clock stays at the
    // time set until :advance or :time moves it, so a script gives the same answers on a
    // slow machine as on a fast one.
    clock_.hold_at(*target);
}

void ConsoleChat::deliver(const OutboundMessage& message, std::function<void(DeliveryOutcome)> done) {
    const std::string local(console_name(message.destination.target));
    if (message.destination.kind == Destination::Kind::channel) {
        print_message("[" + local + "]", message.message);
    } else {
        print_message("[DM to " + local + "]", message.message, local);
    }
    done({true, false, {}});
}

std::string ConsoleChat::render(const std::string& text) const {
    // The bot's mention of console:local:ana → @ana; other platforms' members show their
    // full id. A "<@…>" a member typed is shown as typed.
    std::string rendered;
    rendered.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, mention_mark.size(), mention_mark) != 0) {
            rendered += text[i++];
            continue;
        }
        if (std::optional<FoundMention> found = mention_at(text, i)) {
            std::string_view name = console_name(found->member.str());
            // Appended piece by piece: GCC 12 at -O3 warns (wrongly) about "@" + std::string.
            rendered += '@';
            if (name.empty()) {
                rendered += found->member.str();
            } else {
                rendered += name;
            }
            i += found->length;
        } else {
            i += mention_mark.size();
        }
    }
    return rendered;
}

void ConsoleChat::show_home() {
    const std::optional<HomeView> view = app_.home_view(console_member(current_user_));
    if (!view) return;  // the console's one tenant is always served
    output_ << "  [" << render(view->title) << ", only " << current_user_ << " sees]\n";
    for (const HomeSection& section : view->sections) {
        output_ << "  " << render(section.title) << "\n";
        for (const Message& entry : section.entries) {
            // "    • first line", the rest of the text and the buttons under it.
            const std::string text = render(entry.text);
            const std::string indent = text.empty() ? "    " : "      ";
            std::size_t start = 0;
            while (!text.empty() && start <= text.size()) {
                std::size_t end = text.find('\n', start);
                if (end == std::string::npos) end = text.size();
                output_ << (start == 0 ? "    • " : indent) << text.substr(start, end - start) << "\n";
                start = end + 1;
            }
            for (const Button& button : entry.buttons)
                output_ << indent << "[" << button.label << "] → " << button.command_line << "\n";
        }
    }
    output_ << "  " << view->footer << "\n";
}

void ConsoleChat::print_message(const std::string& heading, const Message& message, const std::string& reader) {
    std::string text = render(message.text);
    std::string indent(heading.size() + 3, ' ');
    output_ << "  " << heading << " ";
    std::size_t start = 0;
    bool first = true;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        output_ << (first ? "" : indent) << text.substr(start, end - start) << "\n";
        first = false;
        start = end + 1;
    }
    for (const auto& button : message.buttons) {
        output_ << indent << "[" << button.label << "] → " << button.command_line << "\n";
    }
    // A select reads as a numbered list: type the line, or :choose its number.
    if (message.selects.empty()) return;
    std::vector<Button>& numbered = last_options_[reader];
    numbered.clear();
    for (const Select& select : message.selects) {
        output_ << indent << (select.placeholder.empty() ? "Choose one" : select.placeholder) << " (:choose N):\n";
        for (const Button& option : select.options) {
            numbered.push_back(option);
            output_ << indent << "  " << numbered.size() << ". " << option.label << " → " << option.command_line
                    << "\n";
        }
    }
}

void ConsoleChat::choose(const std::string& number) {
    const auto shown = last_options_.find(current_user_);
    std::size_t index = 0;
    const bool numeric = !number.empty() && number.size() <= 4 &&
                         std::all_of(number.begin(), number.end(), [](unsigned char c) { return std::isdigit(c); });
    if (numeric) index = std::stoul(number);
    if (shown == last_options_.end() || shown->second.empty()) {
        output_ << "  (no menu was shown to " << current_user_ << " yet; :choose picks from the last one)\n";
        return;
    }
    if (index < 1 || index > shown->second.size()) {
        output_ << "  (usage: :choose N — a number from 1 to " << shown->second.size() << " of the last menu)\n";
        return;
    }
    // Exactly as if the member had typed the option's line.
    const std::string line = shown->second[index - 1].command_line;
    output_ << "  (" << current_user_ << " chose " << line << ")\n";
    handle_line(line);
}

}  // namespace mentorbot
