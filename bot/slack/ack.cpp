// Builds Socket Mode acks.
#include "bot/slack/ack.h"

#include "util/json_writer.h"

namespace mentorbot::slack {

std::string make_ack(std::string_view envelope_id, std::string_view payload) {
    JsonWriter ack;
    ack.begin_object();
    ack.key("envelope_id");
    ack.string(envelope_id);
    if (!payload.empty()) {
        ack.key("payload");
        ack.raw(payload);
    }
    ack.end_object();
    return ack.take();
}

}  // namespace mentorbot::slack
