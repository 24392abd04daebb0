// /feedback session|peer|summary — structured session ratings, informal peer notes, your own figures.
#include <cmath>
#include <cstdio>
#include <sstream>

#include "commands/command_context.h"
#include "commands/command_specs.h"
#include "model/user_error.h"
#include "util/text.h"
#include "storage/feedback_store.h"
#include "storage/member_store.h"
#include "storage/peer_note_guard.h"
#include "storage/pod_store.h"
#include "storage/session_store.h"

namespace mentorbot {

namespace {

// A second rating replaces the first within this window; later the first one stands.
constexpr long long change_window_seconds = 24 * 3600;

// Peer notes one member may send in any 24 hours: plenty for thanking a pod, too few to
// use the bot's name for a campaign.
constexpr int peer_notes_per_day = 10;
constexpr long long seconds_per_day = 24 * 3600;

Reply rate_session(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    const long long session_id = arguments.integer("id").value_or(0);
    auto session = SessionStore(context.database).find(session_id);
    if (!session) throw not_found("there is no session #" + std::to_string(session_id) + ".");
    const std::string me = context.caller().member_id();
    if (me != session->mentor_id && me != session->mentee_id) {
        throw not_allowed("only the two people in session #" + std::to_string(session_id) +
                          " can give feedback on it.");
    }
    if (session->mentor_id.empty() || session->mentee_id.empty()) {
        throw conflict("the other person in session #" + std::to_string(session_id) +
                       " has left mentorbot, so there is nobody to rate.");
    }
    FeedbackStore feedback(context.database);
    // A long-term pairing is rated once per feedback round (every third meeting); each
    // round's rating is a new one, and only a change within the same round replaces it.
    const int round = session->feedback_round;
    const std::string in_round = round > 0 ? " in this feedback round" : "";
    auto earlier = feedback.find(session_id, me, round);
    if (earlier && context.now() - earlier->created_at > change_window_seconds) {
        throw conflict("you already rated session #" + std::to_string(session_id) + in_round +
                       " more than 24 hours ago; that rating stands." +
                       (session->rhythm_days ? " The next round comes with meeting " +
                                                   std::to_string((session->meetings / 3 + 1) * 3) + "."
                                             : ""));
    }
    SessionFeedback given;
    given.session_id = session_id;
    given.round = round;
    given.from_id = me;
    given.about_id = me == session->mentor_id ? session->mentee_id : session->mentor_id;
    given.rating = static_cast<int>(arguments.integer("rating").value_or(0));
    given.goal = arguments.text("goal").value_or(earlier ? earlier->goal : "");
    given.comment = trim(arguments.text("comment").value_or(earlier ? earlier->comment : ""));
    given.created_at = earlier ? earlier->created_at : context.now();
    given.updated_at = context.now();
    feedback.save(given);
    // A rating says the session took place: it counts as completed without a /flash done.
    SessionStore(context.database).record_happened(session_id, context.now());
    // For a long-term pairing, a rating in a feedback round says its meeting took place.
    if (!session->one_off()) SessionStore(context.database).record_meeting_held(session_id, context.now());
    std::string text = "Thank you: session #" + std::to_string(session_id) + " (" + session->topic + ") rated " +
                       std::to_string(given.rating) + "/5" +
                       (round > 0 ? " for feedback round " + std::to_string(round) : "");
    if (!given.goal.empty()) text += ", goal " + (given.goal == "met" ? std::string("met") : given.goal + " met");
    text += earlier ? " (this replaces your earlier feedback)." : ".";
    if (given.goal.empty() || given.comment.empty()) {
        text += "\nYou can add goal:met|partly|not and a comment: /feedback session id:" + std::to_string(session_id) +
                " rating:" + std::to_string(given.rating) + " goal:met comment:\"…\" (within 24 h).";
    }
    if (given.rating <= 2) text += "\nSorry it did not help. You two will not be matched again.";
    return Reply::private_text(text);
}

Reply send_peer_note(CommandContext& context) {
    const Arguments& arguments = context.arguments();
    const std::string me = context.caller().member_id();
    const std::string peer = arguments.text("user").value_or("");
    if (peer == me) throw UserError("peer feedback goes to someone else, not to yourself.");
    if (!MemberStore(context.database).exists(peer)) {
        throw not_found("I don't know " + mention(peer) + " yet: they have not used mentorbot.");
    }
    const std::string note = trim(arguments.text("note").value_or(""));
    if (note.empty()) throw UserError("write the note you want to send, e.g. note:\"your demo was very clear\".");
    std::optional<long long> pod_id;
    std::string pod_text;
    if (auto pod = arguments.text("pod")) {
        std::optional<Pod> found = PodStore(context.database).find(trim(*pod));
        if (!found || found->archived()) throw not_found("there is no pod named " + *pod + ".");
        pod_id = found->id;
        pod_text = " (pod " + found->name + ")";
    }
    // A note is a message in the bot's name: each sender has a daily budget, and each
    // member may turn off notes from one person or from everyone.
    PeerNoteGuard guard(context.database);
    if (guard.is_muted(peer, me)) {
        throw not_allowed(mention(peer) + " does not take peer notes from you at the moment; nothing was sent.");
    }
    if (guard.sent_since(me, context.now() - seconds_per_day) >= peer_notes_per_day) {
        throw conflict("you have sent " + std::to_string(peer_notes_per_day) +
                       " peer notes in the last 24 hours, the most a day; nothing was sent. Try again tomorrow.");
    }
    FeedbackStore(context.database).add_peer_note(me, peer, pod_id, note, context.now());
    Reply reply = Reply::private_text("Sent your note to " + mention(peer) + pod_text + ".");
    reply.outbound.push_back({Destination::member(peer),
                              {mention(me) + " sent you peer feedback" + pod_text + ": \"" + note +
                                   "\"\nSend one back: /feedback peer user:" + mention(me) + " note:\"…\"",
                               {}}});
    return reply;
}

// "@ben", or "everyone" when no one was named.
std::string who_is_muted(const std::string& muted) {
    return muted == PeerNoteGuard::everyone ? std::string("anyone") : mention(muted);
}

Reply mute_peer_notes(CommandContext& context) {
    const std::string me = context.caller().member_id();
    const std::string muted = context.arguments().text("user").value_or(PeerNoteGuard::everyone);
    if (muted == me) throw UserError("you cannot send yourself peer notes, so there is nothing to mute.");
    PeerNoteGuard(context.database).mute(me, muted, context.now());
    return Reply::private_text("You will get no peer notes from " + who_is_muted(muted) +
                               ". They are told so if they try. Undo it with /feedback unmute" +
                               (muted == PeerNoteGuard::everyone ? "" : " user:" + mention(muted)) + ".");
}

Reply unmute_peer_notes(CommandContext& context) {
    const std::string me = context.caller().member_id();
    const std::string muted = context.arguments().text("user").value_or(PeerNoteGuard::everyone);
    if (!PeerNoteGuard(context.database).unmute(me, muted)) {
        throw not_found("you had not muted peer notes from " + who_is_muted(muted) + "; nothing changed.");
    }
    return Reply::private_text("Peer notes from " + who_is_muted(muted) + " reach you again.");
}

Reply show_summary(CommandContext& context) {
    const std::string me = context.caller().member_id();
    FeedbackStore feedback(context.database);
    const MentorFeedbackSummary mentor = feedback.about_mentor(me, 5);
    std::ostringstream text;
    text << "Your feedback";
    if (mentor.sessions_rated > 0) {
        char average[16];
        std::snprintf(average, sizeof average, "%.1f", mentor.average_rating);
        text << "\nAs a mentor: " << mentor.sessions_rated << (mentor.sessions_rated == 1 ? " rating" : " ratings")
             << ", average " << average << "/5; goals met " << mentor.goals_met << ", partly " << mentor.goals_partly
             << ", not " << mentor.goals_not << ".";
        if (!mentor.recent_comments.empty()) {
            text << "\nRecent comments (names are not shown):";
            for (const auto& comment : mentor.recent_comments) text << "\n• " << comment;
        }
    } else {
        text << "\nAs a mentor: no ratings yet.";
    }
    text << "\nFeedback you gave on sessions: " << feedback.given_by(me) << ".";
    const int notes = feedback.peer_notes_received(me);
    text << "\nPeer notes you received: " << notes << ".";
    for (const auto& note : feedback.recent_peer_notes(me, 3)) text << "\n• " << note;
    return Reply::private_text(text.str());
}

}  // namespace

CommandSpec feedback_command() {
    return {
        "feedback",
        "Rate a mentoring session, send a peer a note, see your own feedback",
        {
            {"session",
             "Rate a session 1–5, say whether its goal was met, add a comment",
             {
                 {.name = "id",
                  .type = OptionType::integer,
                  .description = "the session number",
                  .required = true,
                  .positional = true,
                  .min = 1,
                  .suggest = Suggest::my_sessions_to_rate},
                 {.name = "rating",
                  .type = OptionType::integer,
                  .description = "1 (not useful) to 5 (very useful)",
                  .required = true,
                  .min = 1,
                  .max = 5},
                 {.name = "goal",
                  .type = OptionType::choice,
                  .description = "was the goal met?",
                  .choices = {"met", "partly", "not"}},
                 {.name = "comment",
                  .type = OptionType::text,
                  .description = "optional; the mentor sees it without your name",
                  .max_chars = 1000},
             },
             false,
             rate_session,
             {.title = "Give feedback", .submit_label = "Send"}},
            {"peer",
             "Send a colleague an informal note; they are invited to send one back",
             {
                 {.name = "user",
                  .type = OptionType::user,
                  .description = "who the note is for",
                  .required = true,
                  .positional = true},
                 {.name = "note",
                  .type = OptionType::text,
                  .description = "what you want to tell them",
                  .required = true,
                  .max_chars = 1000},
                 {.name = "pod",
                  .type = OptionType::text,
                  .description = "the pod you share, if any",
                  .max_chars = 64,
                  .suggest = Suggest::my_pods},
             },
             false,
             send_peer_note,
             {.title = "Peer feedback", .submit_label = "Send"}},
            {"mute",
             "Get no more peer notes from someone, or from anyone",
             {
                 {.name = "user",
                  .type = OptionType::user,
                  .description = "whose notes to stop (default: everyone's)",
                  .positional = true},
             },
             false,
             mute_peer_notes},
            {"unmute",
             "Get peer notes again from someone you muted, or from everyone",
             {
                 {.name = "user",
                  .type = OptionType::user,
                  .description = "whose notes to let through again (default: the mute of everyone)",
                  .positional = true},
             },
             false,
             unmute_peer_notes},
            {"summary", "Your ratings as a mentor and the feedback you gave and got", {}, false, show_summary},
        },
    };
}

}  // namespace mentorbot
