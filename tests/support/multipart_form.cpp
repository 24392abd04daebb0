// A strict multipart/form-data reader: what the fake servers accept is what the real ones would.
#include "tests/support/multipart_form.h"

#include <cctype>

namespace mentorbot::testing {

namespace {

// The value of `parameter` in a header such as `form-data; name="files[0]"; filename="a.ics"`.
std::string parameter_of(std::string_view header, std::string_view parameter) {
    const std::string key = std::string(parameter) + "=";
    std::size_t at = 0;
    while ((at = header.find(key, at)) != std::string_view::npos) {
        // A whole parameter name: after "; " or the start, so "filename=" is not read as "name=".
        if (at == 0 || header[at - 1] == ' ' || header[at - 1] == ';') break;
        at += key.size();
    }
    if (at == std::string_view::npos) return {};
    at += key.size();
    if (at < header.size() && header[at] == '"') {
        const std::size_t end = header.find('"', at + 1);
        if (end == std::string_view::npos) return {};
        return std::string(header.substr(at + 1, end - at - 1));
    }
    const std::size_t end = header.find(';', at);
    return std::string(header.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at));
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    }
    return true;
}

}  // namespace

std::optional<std::vector<FormPart>> parse_multipart_form(std::string_view content_type, std::string_view body) {
    if (!starts_with_ignoring_case(content_type, "multipart/form-data")) return std::nullopt;
    const std::string boundary = parameter_of(content_type, "boundary");
    if (boundary.empty()) return std::nullopt;
    const std::string delimiter = "--" + boundary;
    if (body.substr(0, delimiter.size()) != delimiter) return std::nullopt;
    std::vector<FormPart> parts;
    std::size_t at = delimiter.size();
    while (true) {
        if (body.substr(at, 2) == "--") return parts;  // the closing delimiter
        if (body.substr(at, 2) != "\r\n") return std::nullopt;
        at += 2;
        const std::size_t headers_end = body.find("\r\n\r\n", at);
        if (headers_end == std::string_view::npos) return std::nullopt;
        FormPart part;
        std::string_view headers = body.substr(at, headers_end - at);
        while (!headers.empty()) {
            const std::size_t line_end = headers.find("\r\n");
            const std::string_view line = headers.substr(0, line_end);
            if (starts_with_ignoring_case(line, "Content-Disposition:")) {
                part.name = parameter_of(line, "name");
                part.filename = parameter_of(line, "filename");
            } else if (starts_with_ignoring_case(line, "Content-Type:")) {
                std::string_view value = line.substr(13);
                while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
                part.content_type = std::string(value);
            }
            if (line_end == std::string_view::npos) break;
            headers.remove_prefix(line_end + 2);
        }
        if (part.name.empty()) return std::nullopt;
        const std::size_t content = headers_end + 4;
        const std::size_t next = body.find("\r\n" + delimiter, content);
        if (next == std::string_view::npos) return std::nullopt;
        part.bytes = std::string(body.substr(content, next - content));
        parts.push_back(std::move(part));
        at = next + 2 + delimiter.size();
    }
}

}  // namespace mentorbot::testing
