// Reads an .ics text back as its properties, checking the line rules on the way, for calendar tests.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mentorbot::testing {

// The unfolded content lines of an iCalendar text. Throws if a line does not end in CRLF
// or is longer than 75 octets.
inline std::vector<std::string> calendar_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = text.find("\r\n", at);
        if (end == std::string::npos) throw std::runtime_error("a line without CRLF");
        if (end - at > 75) throw std::runtime_error("a line over 75 octets");
        std::string line = text.substr(at, end - at);
        if (!line.empty() && line[0] == ' ') {
            if (lines.empty()) throw std::runtime_error("a continuation with nothing to continue");
            lines.back() += line.substr(1);
        } else {
            lines.push_back(line);
        }
        at = end + 2;
    }
    return lines;
}

// Each property name with its values, in order ("SUMMARY" -> {"Mentoring: k8s"}).
inline std::multimap<std::string, std::string> calendar_properties(const std::string& text) {
    std::multimap<std::string, std::string> properties;
    for (const std::string& line : calendar_lines(text)) {
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) throw std::runtime_error("a line without a colon: " + line);
        properties.emplace(line.substr(0, colon), line.substr(colon + 1));
    }
    return properties;
}

// The one value of `name`; throws unless there is exactly one.
inline std::string calendar_property(const std::string& text, const std::string& name) {
    const auto properties = calendar_properties(text);
    if (properties.count(name) != 1)
        throw std::runtime_error(name + " appears " + std::to_string(properties.count(name)) + " times");
    return properties.find(name)->second;
}

}  // namespace mentorbot::testing
