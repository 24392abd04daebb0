// Builds the multipart/form-data body Discord takes for a message with a file.
#include "bot/discord/multipart_message.h"

namespace mentorbot::discord {

namespace {

// A file name goes inside a quoted header parameter: quotes, backslashes and line breaks
// would end it early, so they become underscores (Discord keeps names plain anyway).
std::string quoted_file_name(const std::string& name) {
    std::string safe;
    for (char c : name) safe += (c == '"' || c == '\\' || c == '\r' || c == '\n') ? '_' : c;
    return safe;
}

}  // namespace

MultipartBody message_with_file(nlohmann::json payload, const Attachment& file) {
    nlohmann::json attachment = nlohmann::json::object();
    attachment["id"] = 0;
    attachment["filename"] = file.name;
    // A callback (Create Interaction Response) carries the message in its data, and
    // Discord reads the attachments where it reads the content.
    const bool callback = payload.contains("type") && payload["type"].is_number() && payload.contains("data") &&
                          payload["data"].is_object();
    nlohmann::json& message = callback ? payload["data"] : payload;
    message["attachments"] = nlohmann::json::array({attachment});
    const std::string payload_json = payload.dump();

    std::string boundary = "mentorbot-part-boundary";
    for (int extra = 0;
         payload_json.find(boundary) != std::string::npos || file.bytes.find(boundary) != std::string::npos; ++extra) {
        boundary = "mentorbot-part-boundary-" + std::to_string(extra);
    }
    MultipartBody out;
    out.content_type = "multipart/form-data; boundary=" + boundary;
    std::string& body = out.body;
    body += "--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"payload_json\"\r\n";
    body += "Content-Type: application/json\r\n\r\n";
    body += payload_json;
    body += "\r\n--" + boundary + "\r\n";
    body += "Content-Disposition: form-data; name=\"files[0]\"; filename=\"" + quoted_file_name(file.name) + "\"\r\n";
    body += "Content-Type: " + file.media_type + "\r\n\r\n";
    body += file.bytes;
    body += "\r\n--" + boundary + "--\r\n";
    return out;
}

}  // namespace mentorbot::discord
