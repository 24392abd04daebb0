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
            // The pods that meet, fed by block_suggestion like topics.
            element["type"] = "external_select";
            element["min_query_length"] = 0;
            break;
        case FormField::Kind::member: element["type"] = "users_select"; break;
        case FormField::Kind::channel: element["type"] = "channels_select"; break;
        default:
            element["type"] = "plain_text_input";
            element["multiline"] = field.kind == FormField::Kind::long_text;
            element["max_length"] = std::min<std::size_t>(field.max_chars, 3000);
            break;
    }
    if (!field.placeholder.empty()) element["placeholder"] = plain(field.placeholder, 150);
    return element;
}

// The value of one input as the typed command would have it.
std::string value_of(const json& state) {
    const std::string type = net::string_field(state, "type");
    if (type == "users_select") return net::string_field(state, "selected_user");
    if (type == "channels_select") return net::string_field(state, "selected_channel");
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

}  // namespace

json modal_view(const Form& form, const std::string& channel) {
    json blocks = json::array();
    for (const FormField& field : form.fields) {
        json block{{"type", "input"},
                   {"block_id", field.name},
                   {"optional", !field.required},
                   {"label", plain(field.label, 2000)},
                   {"element", element_for(field)}};
        if (!field.help.empty()) block["hint"] = plain(field.help, 2000);
        blocks.push_back(std::move(block));
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
        auto block = values.find(field.name);
        if (block == values.end() || !block->is_object()) continue;
        auto action = block->find(field.name);
        if (action == block->end() || !action->is_object()) continue;
        std::string value = value_of(*action);
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
