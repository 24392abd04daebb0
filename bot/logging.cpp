// spdlog on standard error so the console chat's standard output stays a clean transcript.
#include "bot/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace mentorbot {

bool configure_logging(const std::string& level) {
    auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off") return false;
    auto logger = spdlog::stderr_logger_mt("mentorbot");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
    logger->set_level(parsed);
    spdlog::set_default_logger(logger);
    return true;
}

}  // namespace mentorbot
