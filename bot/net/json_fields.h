// Reading fields of platform JSON without throwing: a missing field or one of another type reads as a default.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace mentorbot::net {

// Platforms send what they send; nlohmann::json::value() would throw on a field of an
// unexpected type and take a connection or queue down with it.
inline std::string string_field(const nlohmann::json& object, const char* name, const char* fallback = "") {
    if (!object.is_object()) return fallback;
    auto found = object.find(name);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string(fallback);
}

inline long long integer_field(const nlohmann::json& object, const char* name, long long fallback = 0) {
    if (!object.is_object()) return fallback;
    auto found = object.find(name);
    return found != object.end() && found->is_number_integer() ? found->get<long long>() : fallback;
}

// The named member when it is an object; an empty object otherwise.
inline const nlohmann::json& object_field(const nlohmann::json& object, const char* name) {
    static const nlohmann::json empty = nlohmann::json::object();
    if (!object.is_object()) return empty;
    auto found = object.find(name);
    return found != object.end() && found->is_object() ? *found : empty;
}

}  // namespace mentorbot::net
