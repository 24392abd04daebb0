// Wiring of the app's services, and the one dispatch every transport calls.
#include "bot/app.h"

#include "storage/unit_of_work.h"

namespace mentorbot {

App::App(Database& database, Config config, const Clock& clock, const CommandRegistry& registry)
    : database_(database),
      config_(std::move(config)),
      clock_(clock),
      registry_(registry),
      tenants_(database_, config_, clock_),
      exactly_once_(database_),
      outbox_(database_, clock_, group_commit_),
      group_commit_(database_, internal_errors_,
                    {.committed = [this] { outbox_.batch_committed(); },
                     .lost =
                         [this] {
                             exactly_once_.forget_recent();
                             outbox_.batch_lost();
                         }}),
      commands_(database_, config_, clock_, registry_, exactly_once_, group_commit_, internal_errors_, tenants_),
      jobs_(database_, config_, clock_),
      health_(database_, clock_, outbox_.transports()) {}

void App::dispatch(CommandRequest request, Completion done) {
    CommandOutcome outcome = commands_.run(request);
    if (outcome.timing == ReplyTiming::now) {
        done(std::move(outcome.reply));
        return;
    }
    if (request.commit == CommitPolicy::before_reply) {
        // It joined a batch that was open: commit it now, with the others in it.
        GroupCommit::Result commit = group_commit_.commit();
        done(commit.committed ? std::move(outcome.reply) : internal_error_reply(commit.error_id));
        return;
    }
    group_commit_.hold(std::move(done), std::move(outcome.reply));
}

void App::enable_group_commit(boost::asio::any_io_executor executor, std::chrono::microseconds window) {
    outbox_.retry_on(executor);
    group_commit_.enable(std::move(executor), window);
}

void App::disable_group_commit() {
    group_commit_.disable();
    outbox_.stop_retries();
}

int App::run_due_jobs() {
    group_commit_.commit();
    return jobs_.run_due();
}

void App::housekeeping() {
    const long long now = to_unix(clock_.now());
    if (!exactly_once_.forget_old_due(now)) return;
    group_commit_.commit();
    exactly_once_.forget_old(now);
}

HealthReport App::health() {
    group_commit_.commit();
    return health_.report();
}

std::optional<HomeView> App::home_view(const MemberId& member) {
    if (!tenants_.serves(member)) return std::nullopt;
    group_commit_.commit();
    Database::StatementScope statements(database_);
    // One read snapshot for every part; nothing is written, so it simply ends.
    UnitOfWork snapshot = UnitOfWork::transaction(database_, UnitOfWork::Lock::deferred);
    return build_home_view(database_, config_, registry_, clock_.now(), member);
}

void App::refresh_gauges() {
    group_commit_.commit();
    health_.refresh_gauges();
}

}  // namespace mentorbot
