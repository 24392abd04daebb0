// The real mentorbot binary on Slack: tokens from the environment, TLS via SSL_CERT_FILE, exit 3 when refused.
#include <catch2/catch.hpp>

#include <thread>

#include "tests/fake_slack/fake_slack.h"
#include "tests/support/run_binary.h"
#include "tests/support/test_ca.h"

using namespace mentorbot::testing;

TEST_CASE("mentorbot serves a slash command on Slack and exits 3 on link_disabled", "[slack][binary]") {
    TempDirectory directory;
    const auto certificates = TestCertificates::generate();
    const std::string ca_file = certificates.write_ca_file(directory.path());

    // The fake plays Slack on its own thread while the binary runs in the foreground.
    boost::asio::io_context io;
    FakeSlack slack(io, certificates);
    std::string ack_text;
    std::string sent_id;
    slack.on_connect = [&](FakeSlackConnection& connection) {
        slack.send_hello(connection);
        sent_id = slack.send_slash_command("/coach", "help", "U1", "T1", "C1", &connection);
    };
    slack.on_ack = [&](const FakeSlackAck& ack) {
        if (ack.envelope_id != sent_id) return;
        ack_text = ack.message["payload"].value("text", "");
        slack.send_disconnect(*slack.live_connection(), "link_disabled");
    };
    slack.start();
    auto work = boost::asio::make_work_guard(io);
    std::thread server([&] { io.run_for(std::chrono::seconds(60)); });

    const std::string environment = "SSL_CERT_FILE=" + ca_file + " SLACK_APP_TOKEN=" + fake_app_token +
                                    " SLACK_BOT_TOKEN=" + fake_bot_token + " SLACK_API_URL=" + slack.api_base_url();
    auto run = run_mentorbot(directory, "--db " + directory.file("bot.db") + " --log-level info", "", environment);
    work.reset();
    boost::asio::post(io, [&] {
        slack.stop();
        io.stop();
    });
    server.join();

    CHECK(run.exit_code == 3);
    CHECK_THAT(ack_text, Catch::Contains("/flash"));
    CHECK_THAT(run.errors + run.output, Catch::Contains("link_disabled"));
    CHECK_THAT(run.errors + run.output, !Catch::Contains(fake_bot_token));
    CHECK_THAT(run.errors + run.output, !Catch::Contains(fake_app_token));
}

TEST_CASE("mentorbot refuses to start with only one Slack token, naming the missing one", "[slack][binary]") {
    TempDirectory directory;
    auto run = run_mentorbot(directory, "--db " + directory.file("bot.db"), "",
                             std::string("SLACK_BOT_TOKEN=") + fake_bot_token);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.errors, Catch::Contains("SLACK_APP_TOKEN is set but") || Catch::Contains("SLACK_APP_TOKEN is not"));
    CHECK_THAT(run.errors, !Catch::Contains(fake_bot_token));
}
