// A form (a modal on Slack and Discord, a list of fields on the console) generated from a command's options.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mentorbot {

// One value a choice field offers, with the line that explains it ("micro: 15 minutes on one concrete challenge").
struct FormChoice {
    std::string value;
    std::string explanation;  // may be empty
};

struct FormField {
    enum class Kind {
        short_text,
        long_text,  // several lines (a note, a comment, an announcement)
        choice,     // one of `choices`; a yes/no option is a choice of yes and no
        topic,      // a topic mentors offer (Suggest::topics); `multiple` for a list of topics
        pod,        // an active pod of the tenant
        member,     // a person of the tenant
        channel,    // a channel of the tenant
        number,     // a whole number within [min, max]
        date_time,  // "YYYY-MM-DD HH:MM" in the member's own zone
        date,       // "YYYY-MM-DD"
        time,       // "HH:MM" in the member's own zone
        time_zone,  // an IANA name ("Europe/Berlin"), picked from the tz database as it is typed
    };
    // The command's option this field fills in.
    std::string name;
    std::string label;
    // One line under the field: the option's description.
    std::string help;
    // What an empty field shows, e.g. "YYYY-MM-DD HH:MM" or "09-17".
    std::string placeholder;
    Kind kind = Kind::short_text;
    std::vector<FormChoice> choices;
    bool required = false;
    bool multiple = false;
    std::size_t max_chars = 200;
    std::int64_t min = 0;
    std::int64_t max = 0;

    // False for a person or a channel: only a platform's own picker asks for those, so a
    // form of text inputs alone (a Discord modal) leaves them to the command's options.
    bool fits_a_text_input() const { return kind != Kind::member && kind != Kind::channel; }
};

struct Form {
    std::string title;
    std::string submit_label;
    // The command a submission runs, as the member's own.
    std::string command;
    std::string subcommand;
    std::vector<FormField> fields;
    // The equivalent command line to type, with its options ("/flash request topic:<text> …").
    std::string usage;
};

// What a reply says about forms: a form to show, or the field a refused submission concerns.
struct FormReply {
    // Show this form instead of the message (the message is its text rendering, for
    // surfaces that cannot show a form).
    std::optional<Form> open;
    // A submitted form was refused: the field the refusal concerns and its words, the same
    // as the typed command's refusal.
    std::string refused_field;
    std::string refusal;
};

}  // namespace mentorbot
