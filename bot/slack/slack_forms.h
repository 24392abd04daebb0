// Forms on Slack: the modal view for views.open, a view_submission read back as fields, options for block_suggestion.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/command_request.h"
#include "model/form.h"
#include "model/reply.h"

namespace mentorbot::slack {

// Slack shows at most this many options for an external select.
constexpr std::size_t max_suggested_options = 100;

// The modal (a `view` for views.open): one input block per field, block_id and action_id
// being the option's name; long text multiline, choices a static_select (each kind's
// explanation as the option's description), topics an external_select fed by
// block_suggestion, members a users_select, channels a channels_select, the rest plain
// text so a value is checked with the typed command's words. callback_id names the form
// ("form:flash request"); private_metadata carries `channel` (where it was opened).
nlohmann::json modal_view(const Form& form, const std::string& channel);

// The fields of a submitted view (view.state.values) as the form's options, empty ones
// left out; nullopt when the view is no form of ours.
std::optional<FormSubmission> submission_from_view(const nlohmann::json& view);

// The ack payload of a refused submission: the refusal on its field.
nlohmann::json field_errors_json(const FormReply& refused);

// The ack payload of a block_suggestion: {"options": [...]}, best first; what was typed
// comes last when nothing offered is exactly it, so a topic no mentor offers yet can be asked for.
nlohmann::json suggestion_options_json(const std::vector<Choice>& choices, const std::string& typed);

}  // namespace mentorbot::slack
