// Every table mentorbot keeps, as a list of forward-only migrations.
#include "storage/migrations.h"

namespace mentorbot {

const std::vector<std::string>& schema_migrations() {
    static const std::vector<std::string> migrations = {
        // 1: the whole product's schema. Times are Unix seconds (UTC); dates YYYY-MM-DD.
        R"sql(
CREATE TABLE members (
    id            TEXT PRIMARY KEY,           -- slack:T:U, discord:G:U, console:local:name
    display_name  TEXT NOT NULL DEFAULT '',
    level         INTEGER CHECK (level BETWEEN 1 AND 6),
    department    TEXT,
    time_zone     TEXT,
    location      TEXT,
    started_on    TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- kind: skill (has), goal (wants to learn), topic (offers to mentor)
CREATE TABLE member_tags (
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('skill', 'goal', 'topic')),
    tag        TEXT NOT NULL,
    PRIMARY KEY (member_id, kind, tag)
);
CREATE INDEX member_tags_by_tag ON member_tags(kind, tag);

CREATE TABLE tag_aliases (
    alias  TEXT PRIMARY KEY,
    tag    TEXT NOT NULL
);

CREATE TABLE mentor_offers (
    member_id        TEXT PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
    capacity         INTEGER NOT NULL CHECK (capacity >= 1),
    hours_start      INTEGER NOT NULL,        -- minutes after local midnight
    hours_end        INTEGER NOT NULL,
    reverse_ok       INTEGER NOT NULL DEFAULT 0,
    shadow_ok        INTEGER NOT NULL DEFAULT 0,
    paused           INTEGER NOT NULL DEFAULT 0,
    paused_until     TEXT,                    -- YYYY-MM-DD, resumes itself that day
    last_matched_at  INTEGER,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

CREATE TABLE requests (
    id                INTEGER PRIMARY KEY,
    requester_id      TEXT REFERENCES members(id) ON DELETE SET NULL,
    kind              TEXT NOT NULL,
    topic             TEXT NOT NULL,
    minutes           INTEGER NOT NULL,
    note              TEXT,
    when_at           INTEGER,
    status            TEXT NOT NULL,          -- offered, queued, accepted, done, cancelled
    candidate_id      TEXT REFERENCES members(id) ON DELETE SET NULL,
    offered_at        INTEGER,
    candidates_tried  INTEGER NOT NULL DEFAULT 0,
    explanation       TEXT,
    created_at        INTEGER NOT NULL,
    accepted_at       INTEGER,
    closed_at         INTEGER
);
CREATE INDEX requests_by_status ON requests(status, topic);
CREATE INDEX requests_by_requester ON requests(requester_id);

CREATE TABLE request_declines (
    request_id   INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
    mentor_id    TEXT NOT NULL,
    reason       TEXT,
    declined_at  INTEGER NOT NULL,
    PRIMARY KEY (request_id, mentor_id)
);

CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER UNIQUE REFERENCES requests(id) ON DELETE SET NULL,
    mentor_id     TEXT REFERENCES members(id) ON DELETE SET NULL,
    mentee_id     TEXT REFERENCES members(id) ON DELETE SET NULL,
    kind          TEXT NOT NULL,
    topic         TEXT NOT NULL,
    starts_at     INTEGER,
    minutes       INTEGER NOT NULL,
    rhythm_days   INTEGER,                   -- long-term pairings only
    meetings      INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL,             -- scheduled, active, done
    created_at    INTEGER NOT NULL,
    completed_at  INTEGER
);
CREATE INDEX sessions_by_mentor ON sessions(mentor_id, created_at);
CREATE INDEX sessions_by_mentee ON sessions(mentee_id, created_at);

CREATE TABLE feedback (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    from_id     TEXT REFERENCES members(id) ON DELETE SET NULL,
    about_id    TEXT REFERENCES members(id) ON DELETE SET NULL,
    rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    goal        TEXT CHECK (goal IN ('met', 'partly', 'not')),
    comment     TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX feedback_once_per_person ON feedback(session_id, from_id) WHERE from_id IS NOT NULL;

CREATE TABLE peer_feedback (
    id          INTEGER PRIMARY KEY,
    from_id     TEXT REFERENCES members(id) ON DELETE SET NULL,
    to_id       TEXT REFERENCES members(id) ON DELETE SET NULL,
    pod_id      INTEGER REFERENCES pods(id) ON DELETE SET NULL,
    note        TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE pods (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    topic         TEXT,
    kind          TEXT NOT NULL CHECK (kind IN ('learning', 'circle', 'cohort')),
    size          INTEGER NOT NULL CHECK (size >= 2),
    cadence       TEXT NOT NULL CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    meeting_day   TEXT,
    meeting_time  TEXT,                      -- HH:MM in the creator's zone
    time_zone     TEXT,
    channel_id    TEXT,
    creator_id    TEXT REFERENCES members(id) ON DELETE SET NULL,
    pool_id       INTEGER REFERENCES pod_pools(id) ON DELETE SET NULL,
    round         INTEGER,
    explanation   TEXT,
    created_at    INTEGER NOT NULL,
    archived_at   INTEGER
);

CREATE TABLE pod_members (
    pod_id     INTEGER NOT NULL REFERENCES pods(id) ON DELETE CASCADE,
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (pod_id, member_id)
);
CREATE INDEX pod_members_by_member ON pod_members(member_id);

CREATE TABLE pod_waitlist (
    pod_id     INTEGER NOT NULL REFERENCES pods(id) ON DELETE CASCADE,
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    queued_at  INTEGER NOT NULL,
    PRIMARY KEY (pod_id, member_id)
);

-- A pool of signups that an admin forms into pods, optionally again every N weeks.
CREATE TABLE pod_pools (
    id             INTEGER PRIMARY KEY,
    topic          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    size           INTEGER,
    reform_weeks   INTEGER,
    rounds_formed  INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    UNIQUE (topic, kind)
);

CREATE TABLE pod_signups (
    pool_id    INTEGER NOT NULL REFERENCES pod_pools(id) ON DELETE CASCADE,
    member_id  TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, member_id)
);

CREATE TABLE pod_checkins (
    id          INTEGER PRIMARY KEY,
    pod_id      INTEGER NOT NULL REFERENCES pods(id) ON DELETE CASCADE,
    member_id   TEXT REFERENCES members(id) ON DELETE SET NULL,
    note        TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE announcements (
    id          INTEGER PRIMARY KEY,
    author_id   TEXT REFERENCES members(id) ON DELETE SET NULL,
    target      TEXT NOT NULL,               -- a pod name or 'all'
    text        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX announcements_recent ON announcements(target, created_at);

-- Messages to members or channels, written in the same transaction as the change that
-- caused them and delivered afterwards, with retries.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    destination_kind TEXT NOT NULL CHECK (destination_kind IN ('direct', 'channel')),
    target           TEXT NOT NULL,
    message          TEXT NOT NULL,           -- JSON: text and buttons
    announcement_id  INTEGER REFERENCES announcements(id) ON DELETE SET NULL,
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX outbox_pending ON outbox(status, next_attempt_at);

-- Durable timers: offer expiry, feedback asks, reminders, weekly resets.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL DEFAULT '{}',
    due_at      INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    dedupe_key  TEXT UNIQUE,
    created_at  INTEGER NOT NULL,
    done_at     INTEGER
);
CREATE INDEX jobs_due ON jobs(status, due_at);

-- Platform deliveries already executed (Slack envelope ids, Discord interaction ids),
-- so a re-sent delivery is answered again but never run twice.
CREATE TABLE processed_deliveries (
    delivery_key  TEXT PRIMARY KEY,
    reply         TEXT NOT NULL,
    seen_at       INTEGER NOT NULL
);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
)sql",
        // 2: members who asked to be forgotten, kept only as a one-way hash of their id so
        // a later HR import does not bring them back without their asking.
        R"sql(
CREATE TABLE forgotten_members (
    id_hash       TEXT PRIMARY KEY,           -- hex SHA-256 of the member id
    forgotten_at  INTEGER NOT NULL
);
)sql",
        // 3: indexes for the hot paths: run-once records are pruned by age, and every
        // new request weighs the oldest waiting requests against it (in creation order,
        // which is id order).
        R"sql(
CREATE INDEX processed_deliveries_by_age ON processed_deliveries (seen_at);
CREATE INDEX requests_waiting ON requests (id, requester_id, kind, topic, when_at) WHERE status IN ('queued', 'offered');
)sql",
        // 4: silence is not a refusal. A request is offered in passes; an offer left
        // unanswered keeps its mentor out for the rest of that pass only (silent = 1),
        // while an explicit decline keeps them out for good. A request may be held for a
        // mentor who starts work later (held_until). Sessions record what became of them.
        R"sql(
ALTER TABLE requests ADD COLUMN pass INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN held_until INTEGER;
ALTER TABLE request_declines ADD COLUMN silent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE request_declines ADD COLUMN pass INTEGER NOT NULL DEFAULT 0;
UPDATE request_declines SET silent = 1 WHERE reason = 'no answer in time';
ALTER TABLE sessions ADD COLUMN outcome TEXT;  -- happened, no-show, moved
)sql",
        // 5: pods: a member may leave a signup pool (kept, so /pod list can say so and a new
        // signup brings them back) or sit out one round of it.
        R"sql(
ALTER TABLE pod_signups ADD COLUMN left_at INTEGER;
ALTER TABLE pod_signups ADD COLUMN skip_round INTEGER;
)sql",
        // 6: tenants (a Slack workspace or organisation, a Discord server): pods and
        // announcements belong to one, written "<platform>:<tenant>" ("discord:8138…"),
        // so an admin's announcements, pod archiving and figures stay inside their own.
        // Existing rows take the tenant of the member ids they hold: a pod its creator's,
        // else its channel's, else its first member's; an announcement its author's.
        R"sql(
ALTER TABLE pods ADD COLUMN tenant TEXT;
ALTER TABLE announcements ADD COLUMN tenant TEXT;
UPDATE pods SET tenant = COALESCE(creator_id, channel_id,
    (SELECT member_id FROM pod_members pm WHERE pm.pod_id = pods.id ORDER BY joined_at, pm.rowid LIMIT 1));
UPDATE pods SET tenant = substr(tenant, 1, instr(tenant, ':') + instr(substr(tenant, instr(tenant, ':') + 1), ':') - 1);
UPDATE announcements SET tenant =
    substr(author_id, 1, instr(author_id, ':') + instr(substr(author_id, instr(author_id, ':') + 1), ':') - 1);
CREATE INDEX pods_by_tenant ON pods(tenant, archived_at);
)sql",
        // 7: sessions reach an outcome. Who answered "did it happen?" is kept as a side
        // (mentor or mentee), not as a member id, so forgetting someone leaves nothing behind;
        // a new time one side proposed waits for the other's confirmation, and a moved
        // session remembers its first slot, which the outcome figures count from.
        R"sql(
ALTER TABLE sessions ADD COLUMN outcome_by TEXT;  -- mentor, mentee
ALTER TABLE sessions ADD COLUMN outcome_at INTEGER;
ALTER TABLE sessions ADD COLUMN proposed_starts_at INTEGER;
ALTER TABLE sessions ADD COLUMN proposed_by TEXT;  -- mentor, mentee
ALTER TABLE sessions ADD COLUMN first_starts_at INTEGER;
)sql",
        // 8: the words of a match for each reader. `explanation` is the plain sentence the
        // requester reads; this holds the mentor's sentence and the detailed scoring (with and
        // without the other mentors' names), as JSON, for /flash why detail:yes.
        R"sql(
ALTER TABLE requests ADD COLUMN explanation_detail TEXT;
)sql",
        // 9: long-term rhythm. A long-term request says how often the pair meets
        // (requests.rhythm_days, copied to its session); each feedback round of a long-term
        // pairing (every third meeting) is a rating of its own, so feedback is unique per
        // person and round rather than per person.
        R"sql(
ALTER TABLE requests ADD COLUMN rhythm_days INTEGER;
ALTER TABLE sessions ADD COLUMN feedback_round INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feedback ADD COLUMN round INTEGER NOT NULL DEFAULT 0;
DROP INDEX feedback_once_per_person;
CREATE UNIQUE INDEX feedback_once_per_round ON feedback(session_id, from_id, round) WHERE from_id IS NOT NULL;
)sql",
        // 10: matching looks up, across requests, the mentors who let an offer lapse recently
        // and those offered many requests in the last day (sessions begun, declines, lapses).
        R"sql(
CREATE INDEX request_declines_by_time ON request_declines(declined_at);
CREATE INDEX sessions_by_time ON sessions(created_at);
)sql",
        // 11: pod attendance. After each meeting every member is asked once whether the pod
        // met (answer: met or skipped); a forgotten member's rows stay, unnamed, for the
        // figures. A pod that stops meeting is nudged once per quiet stretch (nudged_at). A pod
        // formed across time zones meets at the time nearest to the one asked for (asked_time).
        R"sql(
CREATE TABLE pod_attendance (
    id          INTEGER PRIMARY KEY,
    pod_id      INTEGER NOT NULL REFERENCES pods(id) ON DELETE CASCADE,
    member_id   TEXT REFERENCES members(id) ON DELETE SET NULL,
    meeting_at  INTEGER NOT NULL,
    asked_at    INTEGER NOT NULL,
    answer      TEXT,  -- met, skipped
    answered_at INTEGER,
    UNIQUE (pod_id, member_id, meeting_at)
);
ALTER TABLE pods ADD COLUMN nudged_at INTEGER;
ALTER TABLE pods ADD COLUMN asked_time TEXT;  -- the meeting time asked for; meeting_time fits the members' hours
)sql",
        // 12: the forgotten-members list holds an HMAC-SHA-256 of each id keyed by this
        // install's own secret, so the list cannot be reversed by hashing every likely id;
        // rows written before keep their plain SHA-256 until that id is next looked up.
        // SQLite's randomblob draws on the operating system's randomness.
        R"sql(
INSERT OR IGNORE INTO settings (key, value) VALUES ('forgotten_members_key', lower(hex(randomblob(32))));
)sql",
        // 13: members mute peer notes from one sender or from everyone ('*'); senders are
        // counted over the last day by time, so that count has an index.
        R"sql(
CREATE TABLE peer_note_mutes (
    member_id   TEXT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    muted_id    TEXT NOT NULL,  -- a member id, or '*' for everyone
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (member_id, muted_id)
);
CREATE INDEX peer_feedback_by_sender ON peer_feedback (from_id, created_at);
)sql",
        // 14: a requester hears that their request waits again at most once a day; the time
        // they last heard it.
        R"sql(
ALTER TABLE requests ADD COLUMN waiting_told_at INTEGER;
)sql",
        // 15: a long-term pair that stops meeting. Each check-in asks whether the last meeting
        // took place; check-ins in a row with no meeting recorded since the one before are
        // counted, and the pair is nudged once per such quiet stretch.
        R"sql(
ALTER TABLE sessions ADD COLUMN last_met_at INTEGER;
ALTER TABLE sessions ADD COLUMN last_check_in_at INTEGER;
ALTER TABLE sessions ADD COLUMN quiet_check_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN quiet_nudged INTEGER NOT NULL DEFAULT 0;
)sql",
        // 16: how many direct messages a member got today, so notes that can wait are held
        // once their day is already full of messages; mentors' ratings by topic.
        R"sql(
CREATE INDEX outbox_by_target ON outbox(target, created_at);
-- Matching reads each fitting mentor's ratings on the request's topic, for every waiting
-- request it looks at again.
CREATE INDEX sessions_by_topic ON sessions(topic);
)sql",
        // 17: the admin dashboard's sign-in. A one-time link a /coach dashboard sends by direct
        // message, and the browser session it opens; only a SHA-256 hash of each secret is kept,
        // so a copy of the database signs nobody in. Both are bound to the admin and their tenant.
        R"sql(
CREATE TABLE dashboard_links (
    token_hash      TEXT PRIMARY KEY,
    member_id       TEXT NOT NULL,
    tenant          TEXT NOT NULL,
    platform_admin  INTEGER NOT NULL DEFAULT 0,  -- admin by the platform's own admin bit
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER
);
CREATE TABLE dashboard_sessions (
    id_hash         TEXT PRIMARY KEY,
    member_id       TEXT NOT NULL,
    tenant          TEXT NOT NULL,
    platform_admin  INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL
);
-- The outcome figures ask, for each session, whether it has feedback: without this index
-- every session read the whole feedback table.
CREATE INDEX feedback_by_session ON feedback(session_id);
-- The dashboard reads requests and pod attendance by period.
CREATE INDEX requests_by_time ON requests(created_at);
CREATE INDEX pod_attendance_by_time ON pod_attendance(asked_at);
)sql",
        // 18: finding and picking a mentor. A mentor's short bio, shown by /mentor list (it goes
        // with the member's row when they are forgotten); the mentor a request was made for
        // (`mentor:@ben`, and `only:yes` to wait for them alone), which a forgotten mentor
        // leaves as NULL; and whether an admin assigned the request by hand.
        R"sql(
ALTER TABLE members ADD COLUMN bio TEXT;
ALTER TABLE requests ADD COLUMN preferred_mentor TEXT REFERENCES members(id) ON DELETE SET NULL;
ALTER TABLE requests ADD COLUMN preferred_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN manual_match INTEGER NOT NULL DEFAULT 0;
)sql",
        // 19: limits.dms_per_day keeps offers from a mentor whose day is full of messages:
        // finding them reads the last day's direct messages, not the whole outbox.
        R"sql(
CREATE INDEX outbox_by_time ON outbox(created_at);
)sql",
        // 20: without an allow-list the bot serves the first workspace or server of each
        // platform to use it and refuses the rest. Those that already have members when
        // this arrives stay served, so an upgrade cuts nobody off; the start says which.
        R"sql(
CREATE TABLE served_tenants (
    tenant      TEXT PRIMARY KEY,  -- "slack:T024BE7LD", "discord:81384788765712384"
    adopted_at  INTEGER NOT NULL
);
INSERT OR IGNORE INTO served_tenants (tenant, adopted_at)
    SELECT substr(id, 1, instr(id, ':') + instr(substr(id, instr(id, ':') + 1), ':') - 1),
           CAST(strftime('%s', 'now') AS INTEGER)
    FROM members
    WHERE id NOT LIKE 'console:%' AND instr(substr(id, instr(id, ':') + 1), ':') > 0;
)sql",
        // 21: the program dashboard and /coach stats read a period's rows from indexes that
        // hold every column they count (no lookup of each row in its table), find the sessions
        // whose first slot ended in the period, the feedback given in it and the offers made in
        // it without reading the whole table, and count an announcement's deliveries without
        // building an index of the outbox each time; a member's zone and department (the
        // waits and the mixing figures) are read from an index too; so are the admin Home's
        // figures (topics, hand-assigned requests, completed sessions). The new time indexes
        // begin with the old ones' column and replace them.
        R"sql(
DROP INDEX requests_by_time;
CREATE INDEX requests_in_period ON requests(created_at, requester_id, kind, accepted_at, topic, manual_match);
CREATE INDEX requests_by_offer_time ON requests(offered_at, candidate_id) WHERE offered_at IS NOT NULL;
DROP INDEX sessions_by_time;
CREATE INDEX sessions_in_period ON sessions(created_at, mentor_id, mentee_id);
CREATE INDEX sessions_by_completion ON sessions(completed_at, mentor_id, mentee_id) WHERE completed_at IS NOT NULL;
-- The outcome figures read every column they group by from here.
CREATE INDEX sessions_by_first_slot_end ON sessions(COALESCE(first_starts_at, starts_at) + minutes * 60,
    first_starts_at, starts_at, minutes, rhythm_days, completed_at, status, outcome, outcome_by, proposed_starts_at,
    mentor_id, mentee_id) WHERE rhythm_days IS NULL AND starts_at IS NOT NULL;
CREATE INDEX feedback_in_period ON feedback(updated_at, session_id, rating, goal);
DROP INDEX pod_attendance_by_time;
CREATE INDEX pod_attendance_in_period ON pod_attendance(asked_at, pod_id, answer);
CREATE INDEX outbox_by_announcement ON outbox(announcement_id, status) WHERE announcement_id IS NOT NULL;
CREATE INDEX members_zone_department ON members(id, time_zone, department);
)sql",
        // 22: the matcher's ratings of mentors on a topic (read for each topic a match or the
        // unmet-demand reasons look at) come from indexes that hold the columns they read: a
        // session's mentor by topic, and a session's feedback with whom it is about and its
        // rating. Each begins with the old index's column and replaces it.
        R"sql(
DROP INDEX sessions_by_topic;
CREATE INDEX sessions_by_topic ON sessions(topic, mentor_id);
DROP INDEX feedback_by_session;
CREATE INDEX feedback_by_session ON feedback(session_id, about_id, rating);
)sql",
        // 23: what a match reads for every request about offers and messages comes from
        // indexes that hold it, so it costs in proportion to the offers open and the day's
        // activity, with no lookup of each row in its table: the offers waiting for an answer
        // with their mentor, the day's direct messages with whom they went to, and the day's
        // declines with their mentor and whether they were silent. Each begins with an old
        // index's columns and replaces it.
        R"sql(
DROP INDEX requests_by_status;
CREATE INDEX requests_by_status ON requests(status, topic, candidate_id);
DROP INDEX outbox_by_time;
CREATE INDEX outbox_by_time ON outbox(created_at, destination_kind, target);
DROP INDEX request_declines_by_time;
CREATE INDEX request_declines_in_period ON request_declines(declined_at, mentor_id, silent);
)sql",
        // 24: the outbox and the jobs, written by nearly every command, check their status and
        // kind with comparisons instead of IN lists. SQLite builds a temporary b-tree for an IN
        // list of a CHECK on every row it inserts or whose column it updates (about 2.5 µs each:
        // three for a request's offer and its expiry); the rows allowed are the same. A CHECK
        // cannot be altered, so both tables are built again and their rows and indexes kept.
        R"sql(
CREATE TABLE outbox_rebuilt (
    id               INTEGER PRIMARY KEY,
    destination_kind TEXT NOT NULL CHECK (destination_kind = 'direct' OR destination_kind = 'channel'),
    target           TEXT NOT NULL,
    message          TEXT NOT NULL,
    announcement_id  INTEGER REFERENCES announcements(id) ON DELETE SET NULL,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status = 'pending' OR status = 'sent' OR status = 'failed'),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
INSERT INTO outbox_rebuilt (id, destination_kind, target, message, announcement_id, status, attempts,
                            next_attempt_at, last_error, created_at, sent_at)
    SELECT id, destination_kind, target, message, announcement_id, status, attempts, next_attempt_at, last_error,
           created_at, sent_at FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox(status, next_attempt_at);
CREATE INDEX outbox_by_target ON outbox(target, created_at);
CREATE INDEX outbox_by_announcement ON outbox(announcement_id, status) WHERE announcement_id IS NOT NULL;
CREATE INDEX outbox_by_time ON outbox(created_at, destination_kind, target);
CREATE TABLE jobs_rebuilt (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL DEFAULT '{}',
    due_at      INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status = 'pending' OR status = 'done' OR status = 'failed'),
    attempts    INTEGER NOT NULL DEFAULT 0,
    dedupe_key  TEXT UNIQUE,
    created_at  INTEGER NOT NULL,
    done_at     INTEGER
);
INSERT INTO jobs_rebuilt (id, kind, payload, due_at, status, attempts, dedupe_key, created_at, done_at)
    SELECT id, kind, payload, due_at, status, attempts, dedupe_key, created_at, done_at FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_rebuilt RENAME TO jobs;
CREATE INDEX jobs_due ON jobs(status, due_at);
)sql",
        // 25: signing up for pods answers with how many are in the pool so far; in a large
        // organisation a pool holds thousands, and counting them read and joined every signup.
        R"sql(
CREATE INDEX pod_signups_in_pool ON pod_signups(pool_id) WHERE left_at IS NULL;
)sql",
        // 26: a check-in answers with the pod's count of check-ins and a member's last one, and
        // a pod's page shows the count; each read every check-in of every pod, thousands a week
        // in a large organisation. Forgetting a member clears their check-ins' notes, which
        // read them all too.
        R"sql(
CREATE INDEX pod_checkins_by_pod ON pod_checkins(pod_id, member_id, created_at);
CREATE INDEX pod_checkins_by_member ON pod_checkins(member_id);
)sql",
    };
    return migrations;
}

}  // namespace mentorbot
