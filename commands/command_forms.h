// Forms generated from the command registry: which subcommands have one, its fields, and its text rendering.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "commands/registry.h"
#include "model/form.h"

namespace mentorbot {

// The form of a subcommand, with its fields from the subcommand's options; nullopt when
// it has none.
std::optional<Form> form_for(const CommandRegistry& registry, std::string_view command, std::string_view subcommand);

// The field a form shows for `option`: its kind from the option's type and suggestions.
FormField field_for(const OptionSpec& option);

// The form as text, for a surface that shows no forms (the console) and as the fallback
// message: the title, each field with its kind, choices and whether it is required, and
// the equivalent command line to type ("Usage: /flash request topic:<text> …").
std::string form_text(const Form& form);

// "form:flash request": the name a platform gives the form (Slack's callback_id, Discord's
// custom_id), and back; nullopt for a name that is no form of the registry.
std::string form_id(const Form& form);
std::optional<Form> form_named(const CommandRegistry& registry, std::string_view id);

}  // namespace mentorbot
