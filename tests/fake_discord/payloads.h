// Discord payloads as tests send them (slash commands, button clicks, selects) and a reply read back.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mentorbot::testing {

// A snowflake id created at `when` (Discord epoch 2015-01-01), unique per `serial`.
inline std::string snowflake_at(std::chrono::system_clock::time_point when, std::uint64_t serial) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
    const std::uint64_t since_epoch = static_cast<std::uint64_t>(ms) - 1420070400000ULL;
    return std::to_string((since_epoch << 22) | (serial & 0x3FFFFF));
}

inline std::string fresh_snowflake(std::uint64_t serial) {
    return snowflake_at(std::chrono::system_clock::now(), serial);
}

// INTERACTION_CREATE data for "/<command> <subcommand> options…" in guild G1.
inline nlohmann::json slash_command(const std::string& id, const std::string& command, const std::string& subcommand,
                                    nlohmann::json options = nlohmann::json::array(), const std::string& user_id = "42",
                                    const std::string& permissions = "0") {
    nlohmann::json data = {{"id", command}, {"name", command}, {"type", 1}};
    if (subcommand.empty()) {
        data["options"] = std::move(options);
    } else {
        data["options"] = nlohmann::json::array({{{"type", 1}, {"name", subcommand}, {"options", std::move(options)}}});
    }
    return {{"id", id},
            {"application_id", "900"},
            {"type", 2},
            {"token", "itoken-" + id},
            {"guild_id", "G1"},
            {"channel_id", "C1"},
            {"member",
             {{"user", {{"id", user_id}, {"username", "ana"}, {"global_name", "Ana"}}},
              {"permissions", permissions},
              {"nick", nullptr}}},
            {"data", std::move(data)}};
}

// INTERACTION_CREATE data for an autocomplete (type 4) while `focused` is typed in
// "/<command> <subcommand>", its value so far `typed`, in guild G1.
inline nlohmann::json autocomplete(const std::string& id, const std::string& command, const std::string& subcommand,
                                   const std::string& focused, const std::string& typed,
                                   const std::string& user_id = "42") {
    nlohmann::json interaction = slash_command(
        id, command, subcommand,
        nlohmann::json::array({{{"name", focused}, {"type", 3}, {"value", typed}, {"focused", true}}}), user_id);
    interaction["type"] = 4;
    return interaction;
}

// INTERACTION_CREATE data for a button press in guild G1.
inline nlohmann::json button_click(const std::string& id, const std::string& custom_id,
                                   const std::string& user_id = "43") {
    return {{"id", id},
            {"application_id", "900"},
            {"type", 3},
            {"token", "itoken-" + id},
            {"guild_id", "G1"},
            {"channel_id", "C1"},
            {"member", {{"user", {{"id", user_id}, {"username", "bo"}}}, {"permissions", "0"}}},
            {"data", {{"custom_id", custom_id}, {"component_type", 2}}}};
}

// INTERACTION_CREATE data for a modal submitted (type 5) in guild G1: one action row per
// text input, as Discord sends them.
inline nlohmann::json modal_submit(const std::string& id, const std::string& custom_id,
                                   const std::vector<std::pair<std::string, std::string>>& fields,
                                   const std::string& user_id = "42") {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& field : fields) {
        rows.push_back(
            {{"type", 1}, {"components", {{{"type", 4}, {"custom_id", field.first}, {"value", field.second}}}}});
    }
    return {{"id", id},
            {"application_id", "900"},
            {"type", 5},
            {"token", "itoken-" + id},
            {"guild_id", "G1"},
            {"channel_id", "C1"},
            {"member", {{"user", {{"id", user_id}, {"username", "ana"}}}, {"permissions", "0"}}},
            {"data", {{"custom_id", custom_id}, {"components", std::move(rows)}}}};
}

// INTERACTION_CREATE data for a choice in a string select (component type 3) in guild G1,
// shaped like Discord's example: the select's custom_id and the chosen option's value in
// `values`, with the message the select was under.
inline nlohmann::json select_choice(const std::string& id, const std::string& custom_id, const std::string& value,
                                    const std::string& user_id = "43") {
    nlohmann::json interaction = button_click(id, custom_id, user_id);
    interaction["data"] = {{"custom_id", custom_id}, {"component_type", 3}, {"values", nlohmann::json::array({value})}};
    interaction["message"] = {{"id", "1100"}, {"channel_id", "C1"}, {"type", 20}, {"flags", 64}};
    return interaction;
}

// The reply's text in an interaction callback body ({type, data}) the bot sent back.
inline std::string callback_text(const nlohmann::json& body) { return body["data"].value("content", ""); }

}  // namespace mentorbot::testing
