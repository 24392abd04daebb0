// HTML escaping for text that may come from members (topics, pod names) before it goes into a page.
#pragma once

#include <string>
#include <string_view>

namespace mentorbot {

// `text` with & < > " ' written as entities: safe inside an element or a quoted attribute.
std::string html_escape(std::string_view text);

}  // namespace mentorbot
