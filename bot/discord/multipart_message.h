// A Discord message with a file: the multipart/form-data body of "Uploading Files" (payload_json + files[0]).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "model/attachment.h"

namespace mentorbot::discord {

struct MultipartBody {
    std::string content_type;  // "multipart/form-data; boundary=…"
    std::string body;
};

// `payload` is the message's JSON (content, components), or an interaction callback
// ({"type": 4 or 7, "data": <message>}) whose message is its data; the message gains
// "attachments": [{"id": 0, "filename": <name>}] and the payload goes in the `payload_json`
// part, the file's bytes in `files[0]` with its name and media type. The boundary is
// chosen so that it occurs in neither part.
MultipartBody message_with_file(nlohmann::json payload, const Attachment& file);

}  // namespace mentorbot::discord
