// Names of the user error kinds, as the figures label them.
#include "model/user_error.h"

namespace mentorbot {

std::string_view user_error_kind_name(UserErrorKind kind) {
    switch (kind) {
        case UserErrorKind::not_allowed: return "not_allowed";
        case UserErrorKind::not_found: return "not_found";
        case UserErrorKind::conflict: return "conflict";
        case UserErrorKind::bad_input: break;
    }
    return "bad_input";
}

}  // namespace mentorbot
