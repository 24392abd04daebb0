// Close topics for a topic nobody offers, read for the caller's own tenant only.
#include "commands/topic_hints.h"

#include "commands/command_context.h"
#include "storage/offer_store.h"

namespace mentorbot {

std::vector<OfferedTopic> topics_meant(CommandContext& context, const std::string& topic) {
    OfferStore offers(context.database);
    const std::string tenant = context.caller_tenant();
    // The whole list is read only when the topic itself has no mentor, which is rare.
    if (offers.anyone_offers(tenant, topic)) return {};
    return close_topics(topic, offers.topics_offered(tenant));
}

std::string did_you_mean(const std::vector<OfferedTopic>& meant) {
    if (meant.empty()) return {};
    return "Did you mean " + describe_close_topics(meant) + "?";
}

}  // namespace mentorbot
