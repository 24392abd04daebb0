// Forms from the registry: one field per option the form asks for, kinds picked from the option's type.
#include "commands/command_forms.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>

namespace mentorbot {

FormField field_for(const OptionSpec& option) {
    FormField field;
    field.name = option.name;
    field.label = option.name;
    if (!field.label.empty())
        field.label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(field.label[0])));
    field.help = option.description;
    field.required = option.required;
    field.max_chars = option.max_chars;
    switch (option.type) {
        case OptionType::text:
            if (option.suggest == Suggest::topics) field.kind = FormField::Kind::topic;
            else if (option.suggest == Suggest::pods || option.suggest == Suggest::pods_and_all ||
                     option.suggest == Suggest::my_pods)
                field.kind = FormField::Kind::pod;
            else field.kind = option.max_chars > 200 ? FormField::Kind::long_text : FormField::Kind::short_text;
            break;
        case OptionType::tags:
            field.kind = option.suggest == Suggest::topics ? FormField::Kind::topic : FormField::Kind::short_text;
            field.multiple = true;
            field.placeholder = "tag, tag";
            break;
        case OptionType::integer:
            field.kind = FormField::Kind::number;
            field.min = option.min;
            field.max = option.max;
            field.max_chars = 20;
            break;
        case OptionType::boolean:
            field.kind = FormField::Kind::choice;
            field.choices = {{"yes", ""}, {"no", ""}};
            break;
        case OptionType::choice:
            field.kind = FormField::Kind::choice;
            for (std::size_t index = 0; index < option.choices.size(); ++index) {
                field.choices.push_back(
                    {option.choices[index], index < option.choice_help.size() ? option.choice_help[index] : ""});
            }
            break;
        case OptionType::user: field.kind = FormField::Kind::member; break;
        case OptionType::channel: field.kind = FormField::Kind::channel; break;
        case OptionType::datetime:
            field.kind = FormField::Kind::date_time;
            field.placeholder = "YYYY-MM-DD HH:MM";
            field.max_chars = 40;
            break;
        case OptionType::date:
            field.kind = FormField::Kind::date;
            field.placeholder = "YYYY-MM-DD";
            field.max_chars = 40;
            break;
        case OptionType::time:
            field.kind = FormField::Kind::time;
            field.placeholder = "HH:MM";
            field.max_chars = 40;
            break;
        case OptionType::timezone:
            field.kind = option.suggest == Suggest::time_zones ? FormField::Kind::time_zone
                                                               : FormField::Kind::short_text;
            field.placeholder = option_type_name(option.type);
            field.max_chars = 40;
            break;
    }
    return field;
}

namespace {

std::string kind_text(const FormField& field) {
    switch (field.kind) {
        case FormField::Kind::short_text: return "text";
        case FormField::Kind::long_text: return "long text";
        case FormField::Kind::choice: return "choice";
        case FormField::Kind::topic:
            return field.multiple ? "topics, picked from those mentors offer"
                                  : "topic, picked from those mentors offer";
        case FormField::Kind::pod: return "pod";
        case FormField::Kind::member: return "person";
        case FormField::Kind::channel: return "channel";
        case FormField::Kind::number: {
            // An id has no upper bound: the type's limit means nothing to a reader.
            const bool low = field.min != std::numeric_limits<std::int64_t>::min();
            const bool high = field.max != std::numeric_limits<std::int64_t>::max();
            if (low && high) return "number " + std::to_string(field.min) + "–" + std::to_string(field.max);
            if (low) return "number " + std::to_string(field.min) + " or more";
            if (high) return "number up to " + std::to_string(field.max);
            return "number";
        }
        case FormField::Kind::date_time: return "date and time, YYYY-MM-DD HH:MM";
        case FormField::Kind::date: return "date, YYYY-MM-DD";
        case FormField::Kind::time: return "time, HH:MM";
        case FormField::Kind::time_zone: return "time zone, picked as you type a city";
    }
    return "text";
}

}  // namespace

std::optional<Form> form_for(const CommandRegistry& registry, std::string_view command_name,
                             std::string_view subcommand_name) {
    const CommandSpec* command = registry.find(command_name);
    const SubcommandSpec* subcommand = registry.find(command_name, subcommand_name);
    if (command == nullptr || subcommand == nullptr || subcommand->form.title.empty()) return std::nullopt;
    Form form;
    form.title = subcommand->form.title;
    form.submit_label = subcommand->form.submit_label.empty() ? "Send" : subcommand->form.submit_label;
    form.command = command->name;
    form.subcommand = subcommand->name;
    form.usage = registry.usage(*command, *subcommand);
    if (subcommand->form.fields.empty()) {
        for (const OptionSpec& option : subcommand->options) form.fields.push_back(field_for(option));
    } else {
        for (const std::string& name : subcommand->form.fields) {
            auto option = std::find_if(subcommand->options.begin(), subcommand->options.end(),
                                       [&](const OptionSpec& spec) { return spec.name == name; });
            // The registry checked at start that every field is an option.
            if (option != subcommand->options.end()) form.fields.push_back(field_for(*option));
        }
    }
    return form;
}

std::string form_text(const Form& form) {
    std::string text = "📝 " + form.title + " (/" + form.command +
                       (form.subcommand.empty() ? "" : " " + form.subcommand) + ")";
    for (const FormField& field : form.fields) {
        text += "\n• " + field.label + " (" + kind_text(field) + (field.required ? ", required" : ", optional") +
                "): " + field.help;
        const bool explained = std::any_of(field.choices.begin(), field.choices.end(),
                                           [](const FormChoice& choice) { return !choice.explanation.empty(); });
        if (explained) {
            for (const FormChoice& choice : field.choices)
                text += "\n    " + choice.value + (choice.explanation.empty() ? "" : " — " + choice.explanation);
        } else if (!field.choices.empty()) {
            // Plain values (15, 30, 45, 60; yes, no) read best on one line.
            std::string values;
            for (const FormChoice& choice : field.choices) values += (values.empty() ? "" : " | ") + choice.value;
            text += "\n    " + values;
        }
    }
    text += "\nUsage: " + form.usage;
    return text;
}

std::string form_id(const Form& form) {
    return "form:" + form.command + (form.subcommand.empty() ? "" : " " + form.subcommand);
}

std::optional<Form> form_named(const CommandRegistry& registry, std::string_view id) {
    if (!id.starts_with("form:")) return std::nullopt;
    id.remove_prefix(5);
    const std::size_t space = id.find(' ');
    if (space == std::string_view::npos) return form_for(registry, id, "");
    return form_for(registry, id.substr(0, space), id.substr(space + 1));
}

}  // namespace mentorbot
