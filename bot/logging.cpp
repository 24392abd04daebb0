// spdlog on standard error so the console chat's standard output stays a clean transcript.
#include "bot/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "util/text.h"

namespace mentorbot {

namespace {

// The message with control characters escaped: whatever text a log line quotes (a
// platform's error, a member's words), one event stays one line.
class EscapedMessage : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& message, const std::tm&, spdlog::memory_buf_t& destination) override {
        const std::string escaped = escape_for_log(std::string_view(message.payload.data(), message.payload.size()),
                                                   max_message_bytes);
        destination.append(escaped.data(), escaped.data() + escaped.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<EscapedMessage>(); }

private:
    static constexpr std::size_t max_message_bytes = 16 * 1024;
};

}  // namespace

std::unique_ptr<spdlog::formatter> make_log_formatter() {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<EscapedMessage>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %*");
    return formatter;
}

bool configure_logging(const std::string& level) {
    auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off") return false;
    auto logger = spdlog::stderr_logger_mt("mentorbot");
    logger->set_formatter(make_log_formatter());
    logger->set_level(parsed);
    spdlog::set_default_logger(logger);
    return true;
}

}  // namespace mentorbot
