// simdjson lexes and validates; the document is then built as nlohmann::json for the rest of the bot.
#include "bot/net/json_parse.h"

#include "bot/net/simdjson_document.h"

namespace mentorbot::net {

// Each conversion below matches the type just checked, so none of them can throw.
nlohmann::json to_nlohmann(simdjson::dom::element element) {
    switch (element.type()) {
        case simdjson::dom::element_type::OBJECT: {
            nlohmann::json object = nlohmann::json::object();
            auto& fields = object.get_ref<nlohmann::json::object_t&>();
            for (auto field : simdjson::dom::object(element)) {
                auto [where, added] = fields.emplace(std::string(field.key), to_nlohmann(field.value));
                // A repeated key keeps its last value, as nlohmann's parser does.
                if (!added) where->second = to_nlohmann(field.value);
            }
            return object;
        }
        case simdjson::dom::element_type::ARRAY: {
            nlohmann::json array = nlohmann::json::array();
            for (auto item : simdjson::dom::array(element)) array.push_back(to_nlohmann(item));
            return array;
        }
        case simdjson::dom::element_type::STRING: return std::string(std::string_view(element));
        case simdjson::dom::element_type::INT64: {
            // nlohmann reads a non-negative integer as unsigned; keep that.
            const auto value = std::int64_t(element);
            if (value >= 0) return static_cast<std::uint64_t>(value);
            return value;
        }
        case simdjson::dom::element_type::UINT64: return std::uint64_t(element);
        case simdjson::dom::element_type::DOUBLE: return double(element);
        case simdjson::dom::element_type::BOOL: return bool(element);
        case simdjson::dom::element_type::NULL_VALUE: return nullptr;
    }
    return nullptr;
}

simdjson::simdjson_result<simdjson::dom::element> parse_on_this_thread(std::string_view text) {
    if (text.size() > largest_fast_document) return simdjson::CAPACITY;
    // One parser per thread, reused: its buffers are allocated once.
    thread_local simdjson::dom::parser parser;
    // The text is copied into a padded buffer (simdjson reads in 64-byte blocks).
    return parser.parse(text.data(), text.size(), true);
}

nlohmann::json parse_json_read_first(std::string_view text,
                                     std::optional<nlohmann::json> (*read_first)(simdjson::dom::element)) {
    if (text.size() > largest_fast_document) return nlohmann::json::parse(text, nullptr, false);
    simdjson::dom::element document;
    if (parse_on_this_thread(text).get(document) != simdjson::SUCCESS) {
        return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    if (read_first) {
        if (std::optional<nlohmann::json> read = read_first(document)) return std::move(*read);
    }
    return to_nlohmann(document);
}

nlohmann::json parse_json(std::string_view text) { return parse_json_read_first(text, nullptr); }

}  // namespace mentorbot::net
