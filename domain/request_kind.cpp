// The names of the request kinds as members type them, and each kind's default session length.
#include "domain/request_kind.h"

namespace mentorbot {

std::string_view request_kind_name(RequestKind kind) {
    switch (kind) {
        case RequestKind::flash: return "flash";
        case RequestKind::micro: return "micro";
        case RequestKind::near_peer: return "near-peer";
        case RequestKind::reverse: return "reverse";
        case RequestKind::shadow: return "shadow";
        case RequestKind::long_term: return "long-term";
        case RequestKind::peer: return "peer";
    }
    return "flash";
}

std::optional<RequestKind> parse_request_kind(std::string_view name) {
    for (RequestKind kind : {RequestKind::flash, RequestKind::micro, RequestKind::near_peer, RequestKind::reverse,
                             RequestKind::shadow, RequestKind::long_term, RequestKind::peer}) {
        if (request_kind_name(kind) == name) return kind;
    }
    return std::nullopt;
}

int default_minutes(RequestKind kind) {
    switch (kind) {
        case RequestKind::micro: return 15;
        case RequestKind::long_term: return 60;
        default: return 30;
    }
}

}  // namespace mentorbot
