// Week and date helpers on date.h.
#include "domain/calendar.h"

#include <date/date.h>

namespace mentorbot {

Seconds week_start(Seconds now) {
    date::sys_days today = date::floor<date::days>(now);
    date::weekday weekday{today};
    auto since_monday = (weekday - date::Monday).count();
    return Seconds{date::sys_days{today - date::days{since_monday}}};
}

std::string utc_date(Seconds now) { return date::format("%F", date::floor<date::days>(now)); }

}  // namespace mentorbot
