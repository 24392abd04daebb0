// Slack modals from the neutral Form: Block Kit inputs out, view state values back in as a FormSubmission.
#include "bot/slack/slack_forms.h"

#include "bot/net/json_fields.h"
#include "commands/command_forms.h"
#include "commands/registry.h"
#include "util/text.h"

namespace mentorbot::slack {

using nlohmann::json;

namespace {

// Slack's limits: a modal title 24 characters, an option's text and description 75,
// a label 2000, a hint 2000, a plain_text_input 3000.
std::string cut(const std::string& text, std::size_t limit) {
    if (utf8_length(text) <= limit) return text;
    return text.substr(0, utf8_prefix_bytes(text, limit - 1)) + "…";
}

json plain(const std::string& text, std::size_t limit) { return {{"type", "plain_text"}, {"text", cut(text, limit)}}; }

json option_json(const std::string& text, const std::string& value, const std::string& description = {}) {
    json option{{"text", plain(text, 75)}, {"value", value.substr(0, 150)}};
    if (!description.empty()) option["description"] = plain(description, 75);
    return option;
}

json element_for(const FormField& field) {
    json element{{"action_id", field.name}};
    switch (field.kind) {
        case FormField::Kind::choice: {
            element["type"] = "static_select";
            json options = json::array();
            for (const FormChoice& choice : field.choices)
                options.push_back(option_json(choice.value, choice.value, choice.explanation));
            element["options"] = std::move(options);
            break;
        }
        case FormField::Kind::topic:
            element["type"] = field.multiple ? "multi_external_select" : "external_select";
            element["min_query_length"] = 0;
            break;
        case FormField::Kind::pod:
        case FormField::Kind::time_zone:
            // The pods that meet, or the time zones, fed by block_suggestion like topics.
            element["type"] = "external_select";
            element["min_query_length"] = 0;
            break;
        case FormField::Kind::member: element["type"] = "users_select"; break;
        case FormField::Kind::channel: element["type"] = "channels_select"; break;
        // A date and time is two pickers (see modal_view); this is its day.
        case FormField::Kind::date_time:
        case FormField::Kind::date: element["type"] = "datepicker"; break;
        case FormField::Kind::time: element["type"] = "timepicker"; break;
        default:
            element["type"] = "plain_text_input";
            element["multiline"] = field.kind == FormField::Kind::long_text;
            element["max_length"] = std::min<std::size_t>(field.max_chars, 3000);
            break;
    }
    // A picker shows its own calendar or clock: a "YYYY-MM-DD" hint would only confuse.
    const bool picker = field.kind == FormField::Kind::date_time || field.kind == FormField::Kind::date ||
                        field.kind == FormField::Kind::time;
    if (!field.placeholder.empty() && !picker) element["placeholder"] = plain(field.placeholder, 150);
    return element;
}

// The block that holds the time of a date-and-time field, beside the block of its day.
// Two pickers rather than Slack's datetimepicker: that one answers with an instant in the
// zone Slack shows the member, while the typed option reads the time in the member's own
// zone of their profile; a day and a clock time read the same either way.
std::string time_block_id(const FormField& field) { return field.name + "_time"; }

json input_block(const std::string& block_id, const std::string& label, bool optional, json element,
                 const std::string& hint) {
    element["action_id"] = block_id;
    json block{{"type", "input"},
               {"block_id", block_id},
               {"optional", optional},
               {"label", plain(label, 2000)},
               {"element", std::move(element)}};
    if (!hint.empty()) block["hint"] = plain(hint, 2000);
    return block;
}

// The value of one input as the typed command would have it.
std::string value_of(const json& state) {
    const std::string type = net::string_field(state, "type");
    if (type == "users_select") return net::string_field(state, "selected_user");
    if (type == "channels_select") return net::string_field(state, "selected_channel");
    if (type == "datepicker") return net::string_field(state, "selected_date");
    if (type == "timepicker") return net::string_field(state, "selected_time");
    if (type == "multi_external_select" || type == "multi_static_select") {
        std::string joined;
        auto selected = state.find("selected_options");
        if (selected != state.end() && selected->is_array()) {
            for (const json& option : *selected)
                joined += (joined.empty() ? "" : ",") + net::string_field(option, "value");
        }
        return joined;
    }
    if (auto selected = state.find("selected_option"); selected != state.end() && selected->is_object())
        return net::string_field(*selected, "value");
    return net::string_field(state, "value");
}

// The value the member picked in one input block of the submitted view, "" when none.
std::string block_value(const json& values, const std::string& block_id) {
    auto block = values.find(block_id);
    if (block == values.end() || !block->is_object()) return {};
    auto action = block->find(block_id);
    if (action == block->end() || !action->is_object()) return {};
    return value_of(*action);
}

}  // namespace

json modal_view(const Form& form, const std::string& channel) {
    json blocks = json::array();
    for (const FormField& field : form.fields) {
        if (field.kind != FormField::Kind::date_time) {
            blocks.push_back(input_block(field.name, field.label, !field.required, element_for(field), field.help));
            continue;
        }
        blocks.push_back(input_block(field.name, field.label + " (day)", !field.required, element_for(field), {}));
        blocks.push_back(input_block(time_block_id(field), field.label + " (time)", !field.required,
                                     {{"type", "timepicker"}}, field.help));
    }
    return {{"type", "modal"},
            {"callback_id", form_id(form)},
            {"private_metadata", channel},
            {"title", plain(form.title, 24)},
            {"submit", plain(form.submit_label, 24)},
            {"close", plain("Cancel", 24)},
            {"blocks", std::move(blocks)}};
}

std::optional<FormSubmission> submission_from_view(const json& view) {
    std::optional<Form> form = form_named(CommandRegistry::standard(), net::string_field(view, "callback_id"));
    if (!form) return std::nullopt;
    FormSubmission submission{.command = form->command, .subcommand = form->subcommand, .fields = {}};
    const json& values = net::object_field(net::object_field(view, "state"), "values");
    // In the form's order, so a refusal about two fields names the first one the member sees.
    for (const FormField& field : form->fields) {
        std::string value = block_value(values, field.name);
        if (field.kind == FormField::Kind::date_time) {
            // "2026-12-08 09:30", as typed; a day or a time alone is refused as typed too.
            const std::string time = block_value(values, time_block_id(field));
            value = trim(value).empty() ? time : (trim(time).empty() ? value : value + " " + time);
        }
        if (!trim(value).empty()) submission.fields.emplace_back(field.name, std::move(value));
    }
    return submission;
}

json field_errors_json(const FormReply& refused) {
    return {{"response_action", "errors"}, {"errors", {{refused.refused_field, cut(refused.refusal, 2000)}}}};
}

json suggestion_options_json(const std::vector<Choice>& choices, const std::string& typed) {
    json options = json::array();
    const std::string wanted = trim(typed);
    bool typed_offered = wanted.empty();
    for (const Choice& choice : choices) {
        if (options.size() == max_suggested_options) break;
        if (choice.value == wanted) typed_offered = true;
        options.push_back(option_json(choice.label, choice.value));
    }
    if (!typed_offered && options.size() < max_suggested_options && wanted.size() <= 64)
        options.push_back(option_json(wanted + " (no mentor yet)", wanted));
    return {{"options", std::move(options)}};
}

}  // namespace mentorbot::slack
