// The three steps of Slack's file upload flow, each checked before the next.
#include "bot/slack/file_share.h"

#include <utility>
#include <vector>

#include "bot/net/json_fields.h"

namespace mentorbot::slack {

namespace {

WebApiResult failed_step(WebApiResult result, const std::string& step) {
    result.ok = false;
    if (result.error.empty()) result.error = "no answer";
    result.failed_call = step;
    return result;
}

}  // namespace

boost::asio::awaitable<WebApiResult> share_file(WebApiClient& api, std::string channel, Attachment file) {
    // Form-encoded, as the SDKs send them: getUploadURLExternal refuses a JSON body.
    std::vector<std::pair<std::string, std::string>> ask{{"filename", file.name},
                                                         {"length", std::to_string(file.bytes.size())}};
    const std::string ask_method = "files.getUploadURLExternal";
    WebApiResult ticket = co_await api.call_with_form(ask_method, std::move(ask), channel);
    if (ticket.stopped) co_return ticket;
    if (!ticket.ok) co_return failed_step(std::move(ticket), ask_method);
    const std::string upload_url = net::string_field(ticket.body, "upload_url", "");
    const std::string file_id = net::string_field(ticket.body, "file_id", "");
    if (upload_url.empty() || file_id.empty()) {
        co_return failed_step(WebApiResult{false, "no upload_url or file_id in the answer", false, {}}, ask_method);
    }

    WebApiResult uploaded = co_await api.upload_to(upload_url, std::move(file.bytes), file.media_type);
    if (uploaded.stopped) co_return uploaded;
    if (!uploaded.ok) co_return failed_step(std::move(uploaded), "upload");

    nlohmann::json files = nlohmann::json::array();
    nlohmann::json entry = nlohmann::json::object();
    entry["id"] = file_id;
    entry["title"] = file.name;
    files.push_back(std::move(entry));
    std::vector<std::pair<std::string, std::string>> complete{{"files", files.dump()}, {"channel_id", channel}};
    const std::string complete_method = "files.completeUploadExternal";
    WebApiResult shared = co_await api.call_with_form(complete_method, std::move(complete), channel);
    if (!shared.ok && !shared.stopped) co_return failed_step(std::move(shared), complete_method);
    co_return shared;
}

}  // namespace mentorbot::slack
