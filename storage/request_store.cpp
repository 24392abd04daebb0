// Requests and declines in SQLite.
#include "storage/request_store.h"

#include <algorithm>
#include <tuple>

#include "storage/day_offers_cache.h"
#include "storage/figure_sql.h"
#include "storage/queued_requests_cache.h"
#include "storage/waiting_requests_cache.h"

namespace mentorbot {

namespace {

const char* request_columns =
    "id, requester_id, kind, topic, minutes, note, when_at, status, candidate_id, offered_at, candidates_tried, "
    "explanation, created_at, accepted_at, closed_at, pass, held_until, explanation_detail, rhythm_days, "
    "preferred_mentor, preferred_only, manual_match";

std::string text_or_empty(const SQLite::Column& column) { return column.isNull() ? std::string() : column.getString(); }

std::optional<long long> optional_integer(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getInt64();
}

}  // namespace

FlashRequest RequestStore::read(SQLite::Statement& query) {
    FlashRequest request;
    request.id = query.getColumn(0).getInt64();
    request.requester_id = text_or_empty(query.getColumn(1));
    request.kind = query.getColumn(2).getString();
    request.topic = query.getColumn(3).getString();
    request.minutes = query.getColumn(4).getInt();
    request.note = text_or_empty(query.getColumn(5));
    request.when_at = optional_integer(query.getColumn(6));
    request.status = query.getColumn(7).getString();
    request.candidate_id = text_or_empty(query.getColumn(8));
    request.offered_at = optional_integer(query.getColumn(9));
    request.candidates_tried = query.getColumn(10).getInt();
    request.explanation = text_or_empty(query.getColumn(11));
    request.created_at = query.getColumn(12).getInt64();
    request.accepted_at = optional_integer(query.getColumn(13));
    request.closed_at = optional_integer(query.getColumn(14));
    request.pass = query.getColumn(15).getInt();
    request.held_until = optional_integer(query.getColumn(16));
    request.explanation_detail = text_or_empty(query.getColumn(17));
    if (!query.getColumn(18).isNull()) request.rhythm_days = query.getColumn(18).getInt();
    request.preferred_mentor = text_or_empty(query.getColumn(19));
    request.preferred_only = query.getColumn(20).getInt() != 0;
    request.manual_match = query.getColumn(21).getInt() != 0;
    return request;
}

long long RequestStore::create(const FlashRequest& request) {
    auto& insert = database_.prepare(
        "INSERT INTO requests (requester_id, kind, topic, minutes, note, when_at, status, candidates_tried, "
        "created_at, rhythm_days, preferred_mentor, preferred_only) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)");
    insert.bind(1, request.requester_id);
    insert.bind(2, request.kind);
    insert.bind(3, request.topic);
    insert.bind(4, request.minutes);
    if (request.note.empty()) insert.bind(5);
    else insert.bind(5, request.note);
    if (request.when_at) insert.bind(6, static_cast<int64_t>(*request.when_at));
    else insert.bind(6);
    insert.bind(7, request.status);
    insert.bind(8, static_cast<int64_t>(request.created_at));
    if (request.rhythm_days) insert.bind(9, *request.rhythm_days);
    else insert.bind(9);
    if (request.preferred_mentor.empty()) insert.bind(10);
    else insert.bind(10, request.preferred_mentor);
    insert.bind(11, request.preferred_only ? 1 : 0);
    insert.exec();
    return database_.last_insert_id();
}

std::optional<FlashRequest> RequestStore::find(long long id) {
    auto& query = database_.prepare(std::string("SELECT ") + request_columns + " FROM requests WHERE id = ?");
    query.bind(1, static_cast<int64_t>(id));
    if (!query.executeStep()) return std::nullopt;
    FlashRequest request = read(query);
    query.reset();
    return request;
}

bool RequestStore::mark_offered(long long id, const std::string& expected_status, const std::string& candidate_id,
                                int candidates_tried, const std::string& explanation, long long now) {
    auto& update = database_.prepare(
        "UPDATE requests SET status = 'offered', candidate_id = ?, offered_at = ?, candidates_tried = ?, "
        "explanation = ?, held_until = NULL WHERE id = ? AND status = ?");
    update.bind(1, candidate_id);
    update.bind(2, static_cast<int64_t>(now));
    update.bind(3, candidates_tried);
    update.bind(4, explanation);
    update.bind(5, static_cast<int64_t>(id));
    update.bind(6, expected_status);
    return update.exec() == 1;
}

bool RequestStore::mark_queued(long long id, const std::string& expected_status, int candidates_tried,
                               const std::string& explanation) {
    auto& update = database_.prepare(
        "UPDATE requests SET status = 'queued', candidate_id = NULL, offered_at = NULL, candidates_tried = ?, "
        "explanation = ?, held_until = NULL WHERE id = ? AND status = ?");
    update.bind(1, candidates_tried);
    update.bind(2, explanation);
    update.bind(3, static_cast<int64_t>(id));
    update.bind(4, expected_status);
    return update.exec() == 1;
}

bool RequestStore::mark_accepted(long long id, const std::string& candidate_id, long long now) {
    auto& update = database_.prepare(
        "UPDATE requests SET status = 'accepted', accepted_at = ? WHERE id = ? AND status = 'offered' AND "
        "candidate_id = ?");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(id));
    update.bind(3, candidate_id);
    return update.exec() == 1;
}

bool RequestStore::close(long long id, const std::string& expected_status, const std::string& status, long long now) {
    auto& update = database_.prepare("UPDATE requests SET status = ?, closed_at = ? WHERE id = ? AND status = ?");
    update.bind(1, status);
    update.bind(2, static_cast<int64_t>(now));
    update.bind(3, static_cast<int64_t>(id));
    update.bind(4, expected_status);
    return update.exec() == 1;
}

bool RequestStore::assign(long long id, const std::string& expected_status, const std::string& mentor_id) {
    auto& update = database_.prepare(
        "UPDATE requests SET preferred_mentor = ?, preferred_only = 0, manual_match = 1 WHERE id = ? AND status = ?");
    update.bind(1, mentor_id);
    update.bind(2, static_cast<int64_t>(id));
    update.bind(3, expected_status);
    return update.exec() == 1;
}

void RequestStore::set_explanation_detail(long long id, const std::string& detail) {
    auto& update = database_.prepare("UPDATE requests SET explanation_detail = ? WHERE id = ?");
    if (detail.empty()) update.bind(1);
    else update.bind(1, detail);
    update.bind(2, static_cast<int64_t>(id));
    update.exec();
}

bool RequestStore::tell_requester_it_waits(long long id, long long now, long long quiet_since) {
    auto& update = database_.prepare(
        "UPDATE requests SET waiting_told_at = ? WHERE id = ? AND (waiting_told_at IS NULL OR waiting_told_at <= ?)");
    update.bind(1, static_cast<int64_t>(now));
    update.bind(2, static_cast<int64_t>(id));
    update.bind(3, static_cast<int64_t>(quiet_since));
    return update.exec() > 0;
}

void RequestStore::set_explanation(long long id, const std::string& explanation, const std::string& detail) {
    auto& update = database_.prepare("UPDATE requests SET explanation = ? WHERE id = ?");
    update.bind(1, explanation);
    update.bind(2, static_cast<int64_t>(id));
    update.exec();
    set_explanation_detail(id, detail);
}

void RequestStore::add_decline(long long id, const std::string& mentor_id, const std::string& reason, long long now) {
    auto& insert = database_.prepare(
        "INSERT OR REPLACE INTO request_declines (request_id, mentor_id, reason, declined_at) VALUES (?, ?, ?, ?)");
    insert.bind(1, static_cast<int64_t>(id));
    insert.bind(2, mentor_id);
    if (reason.empty()) insert.bind(3);
    else insert.bind(3, reason);
    insert.bind(4, static_cast<int64_t>(now));
    insert.exec();
}

void RequestStore::add_silence(long long id, const std::string& mentor_id, long long now) {
    // An explicit no stays a no: a lapsed offer never replaces it.
    auto& insert = database_.prepare(
        "INSERT INTO request_declines (request_id, mentor_id, reason, declined_at, silent, pass) "
        "SELECT id, ?, 'no answer in time', ?, 1, pass FROM requests WHERE id = ? "
        "ON CONFLICT (request_id, mentor_id) DO UPDATE SET declined_at = excluded.declined_at, pass = excluded.pass "
        "WHERE silent = 1");
    insert.bind(1, mentor_id);
    insert.bind(2, static_cast<int64_t>(now));
    insert.bind(3, static_cast<int64_t>(id));
    insert.exec();
}

std::unordered_set<std::string> RequestStore::declined_by(long long id) {
    auto& query = database_.prepare("SELECT mentor_id FROM request_declines WHERE request_id = ? AND silent = 0");
    query.bind(1, static_cast<int64_t>(id));
    std::unordered_set<std::string> mentors;
    while (query.executeStep()) mentors.insert(query.getColumn(0).getString());
    return mentors;
}

std::unordered_set<std::string> RequestStore::lapsed_in_this_pass(long long id) {
    auto& query = database_.prepare("SELECT d.mentor_id FROM request_declines d JOIN requests r ON r.id = d.request_id "
                                    "WHERE d.request_id = ? AND d.silent = 1 AND d.pass = r.pass");
    query.bind(1, static_cast<int64_t>(id));
    std::unordered_set<std::string> mentors;
    while (query.executeStep()) mentors.insert(query.getColumn(0).getString());
    return mentors;
}

std::unordered_set<std::string> RequestStore::offered_at_least(long long since, int limit) {
    return database_.attached<DayOffersCache>().offered_at_least(since, limit);
}

const std::unordered_set<std::string>& RequestStore::silent_since(long long since) {
    return database_.attached<DayOffersCache>().resting_since(since);
}

bool RequestStore::lapsed_offer(long long id, const std::string& mentor_id) {
    auto& query = database_.prepare(
        "SELECT 1 FROM request_declines WHERE request_id = ? AND mentor_id = ? AND silent = 1");
    query.bind(1, static_cast<int64_t>(id));
    query.bind(2, mentor_id);
    const bool lapsed = query.executeStep();
    query.reset();
    return lapsed;
}

std::optional<FlashRequest> RequestStore::start_new_pass(long long id) {
    auto& update = database_.prepare("UPDATE requests SET pass = pass + 1, candidates_tried = 0 WHERE id = ?");
    update.bind(1, static_cast<int64_t>(id));
    update.exec();
    return find(id);
}

bool RequestStore::mark_held(long long id, const std::string& expected_status, long long until,
                             const std::string& explanation) {
    auto& update = database_.prepare(
        "UPDATE requests SET status = 'queued', candidate_id = NULL, offered_at = NULL, held_until = ?, "
        "explanation = ? WHERE id = ? AND status = ?");
    update.bind(1, static_cast<int64_t>(until));
    update.bind(2, explanation);
    update.bind(3, static_cast<int64_t>(id));
    update.bind(4, expected_status);
    return update.exec() == 1;
}

bool RequestStore::mark_accepted_late(long long id, const std::string& expected_status, const std::string& mentor_id,
                                      long long now) {
    auto& update = database_.prepare(
        "UPDATE requests SET status = 'accepted', candidate_id = ?, accepted_at = ?, held_until = NULL "
        "WHERE id = ? AND status = ?");
    update.bind(1, mentor_id);
    update.bind(2, static_cast<int64_t>(now));
    update.bind(3, static_cast<int64_t>(id));
    update.bind(4, expected_status);
    return update.exec() == 1;
}

bool RequestStore::reopen(long long id, const std::string& expected_status, int candidates_tried, int pass) {
    auto& update = database_.prepare(
        "UPDATE requests SET status = 'queued', candidate_id = NULL, offered_at = NULL, accepted_at = NULL, "
        "held_until = NULL, candidates_tried = ?, pass = ? WHERE id = ? AND status = ?");
    update.bind(1, candidates_tried);
    update.bind(2, pass);
    update.bind(3, static_cast<int64_t>(id));
    update.bind(4, expected_status);
    return update.exec() == 1;
}

std::vector<FlashRequest> RequestStore::offered_to(const std::string& mentor_id) {
    auto& query = database_.prepare(std::string("SELECT ") + request_columns +
                                    " FROM requests WHERE status = 'offered' AND candidate_id = ? ORDER BY id");
    query.bind(1, mentor_id);
    std::vector<FlashRequest> requests;
    while (query.executeStep()) requests.push_back(read(query));
    return requests;
}

std::vector<FlashRequest> RequestStore::not_closed_of(const std::string& requester_id) {
    auto& query = database_.prepare(
        std::string("SELECT ") + request_columns +
        " FROM requests WHERE requester_id = ? AND status IN ('new', 'offered', 'queued', 'accepted') ORDER BY id");
    query.bind(1, requester_id);
    std::vector<FlashRequest> requests;
    while (query.executeStep()) requests.push_back(read(query));
    return requests;
}

int RequestStore::open_count(const std::string& requester_id) {
    auto& query = database_.prepare(
        "SELECT COUNT(*) FROM requests WHERE requester_id = ? AND status IN ('new', 'offered', 'queued')");
    query.bind(1, requester_id);
    query.executeStep();
    const int count = query.getColumn(0).getInt();
    query.reset();
    return count;
}

int RequestStore::open_count_on(const std::string& requester_id, const std::string& topic) {
    auto& query = database_.prepare(
        "SELECT COUNT(*) FROM requests WHERE requester_id = ? AND topic = ? AND status IN ('new', 'offered', 'queued')");
    query.bind(1, requester_id);
    query.bind(2, topic);
    query.executeStep();
    const int count = query.getColumn(0).getInt();
    query.reset();
    return count;
}

std::vector<FlashRequest> RequestStore::queued() {
    auto& query = database_.prepare(std::string("SELECT ") + request_columns +
                                    " FROM requests WHERE status = 'queued' ORDER BY created_at, id");
    std::vector<FlashRequest> requests;
    while (query.executeStep()) requests.push_back(read(query));
    return requests;
}

std::vector<QueuedTopic> RequestStore::queued_topics_on(const std::vector<std::string>& topics) {
    return database_.attached<QueuedRequestsCache>().on_topics(topics);
}

std::vector<FlashRequest> RequestStore::queued_in_tenant(const std::string& tenant, int limit) {
    auto& query = database_.prepare(
        std::string("SELECT ") + request_columns + " FROM requests WHERE status = 'queued' AND " +
        figure_sql::member_in_tenant("requester_id") + " ORDER BY created_at, id LIMIT :limit");
    query.bind(":tenant", tenant);
    query.bind(":limit", limit);
    std::vector<FlashRequest> requests;
    while (query.executeStep()) requests.push_back(read(query));
    return requests;
}

int RequestStore::queued_count_in_tenant(const std::string& tenant) {
    auto& query = database_.prepare(std::string("SELECT COUNT(*) FROM requests WHERE status = 'queued' AND ") +
                                    figure_sql::member_in_tenant("requester_id"));
    query.bind(":tenant", tenant);
    query.executeStep();
    const int count = query.getColumn(0).getInt();
    query.reset();
    return count;
}

bool RequestStore::any_queued() {
    auto& query = database_.prepare("SELECT EXISTS (SELECT 1 FROM requests WHERE status = 'queued')");
    query.executeStep();
    const bool any = query.getColumn(0).getInt() != 0;
    query.reset();
    return any;
}

std::shared_ptr<const std::vector<CompetingRequest>> RequestStore::competing(long long except_id, int assumed_level) {
    return database_.attached<WaitingRequestsCache>().oldest(except_id, assumed_level);
}

std::vector<FlashRequest> RequestStore::involving(const std::string& member_id, int limit) {
    auto& query = database_.prepare(
        std::string("SELECT ") + request_columns +
        " FROM requests WHERE requester_id = ? OR candidate_id = ? ORDER BY id DESC LIMIT ?");
    query.bind(1, member_id);
    query.bind(2, member_id);
    query.bind(3, limit);
    std::vector<FlashRequest> requests;
    while (query.executeStep()) requests.push_back(read(query));
    return requests;
}

}  // namespace mentorbot
