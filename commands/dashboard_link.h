// /coach dashboard: a one-time sign-in link to the program dashboard, sent to the admin by direct message.
#pragma once

#include "model/reply.h"

namespace mentorbot {

struct CommandContext;

// The path a sign-in link opens, before "?token=".
inline constexpr const char* dashboard_sign_in_path = "/admin/sign-in";

// The handler of /coach dashboard (admins).
Reply dashboard_link(CommandContext& context);

}  // namespace mentorbot
