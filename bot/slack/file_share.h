// Shares a file in a Slack conversation with the upload flow: getUploadURLExternal, the bytes, completeUploadExternal.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>

#include "bot/slack/web_api.h"
#include "model/attachment.h"

namespace mentorbot::slack {

// files.getUploadURLExternal (filename, length) → POST the bytes to the upload_url it
// returns → files.completeUploadExternal (files=[{id, title}], channel_id) shares the file
// in `channel`, where it shows after the messages before it. (files.upload is retired.)
// Each step has the Web API client's retries; the result is the first step that failed,
// with `error` naming it, or ok. Needs the files:write scope.
boost::asio::awaitable<WebApiResult> share_file(WebApiClient& api, std::string channel, Attachment file);

}  // namespace mentorbot::slack
