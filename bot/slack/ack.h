// The Socket Mode ack: the envelope id, and the reply payload when there is one.
#pragma once

#include <string>
#include <string_view>

namespace mentorbot::slack {

// {"envelope_id": id} or {"envelope_id": id, "payload": payload} as compact JSON;
// `payload` is JSON text already (see slash_response_text).
std::string make_ack(std::string_view envelope_id, std::string_view payload = {});

}  // namespace mentorbot::slack
