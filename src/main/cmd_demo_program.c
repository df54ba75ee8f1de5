/* cmd_demo_program.c - the demo's guidance program: open for applications today, an
 * approved expert (the demo expert account) already guiding four demo companies at
 * different stages, two more applications waiting, and a briefing session for experts. */
#include "cmd_demo_program.h"
#include "program_core.h"
#include "str.h"
#include "timeutil.h"

#include <stdlib.h>
#include <time.h>

/* YYYY-MM-DD in Japan time, days from today. */
static void jst_day(char out[11], int days)
{
    time_jst_date(out, time(NULL), days);
}

static int64_t add_program(db_conn_t *c, int64_t op, const char *now)
{
    char af[11], au[11], vf[11], vu[11];
    jst_day(af, -30);
    jst_day(au, 30);
    jst_day(vf, -20);
    jst_day(vu, 90);
    char y[5];
    str_copy(y, sizeof y, af);
    int64_t year = strtoll(y, NULL, 10);
    int64_t id = db_insert_id(
        c,
        "INSERT INTO programs (year, name, description, capacity, apply_from, apply_until, "
        "visits_from, visits_until, visit_count, fee_per_visit, created_by, created_at) VALUES "
        "(?, ?, ?, 400, ?, ?, ?, ?, 4, 30000, ?, ?) RETURNING id",
        "issssssis", year, "中小企業の情報セキュリティマネジメント指導（デモ）",
        "専門家が4回訪問し、リスクの洗い出しから基本方針・関連規程の策定、二つ星の宣言までを支援し"
        "ます"
        "。",
        af, au, vf, vu, op, now);
    json_t *cur = prog_default_curriculum();
    size_t i;
    json_t *v;
    json_array_foreach(cur, i, v)
    {
        if (id > 0 &&
            db_exec(c,
                    "INSERT INTO program_curriculum (program_id, visit_no, title_ja, title_en) "
                    "VALUES (?, ?, ?, ?)",
                    "iiss", id, json_integer_value(json_object_get(v, "no")),
                    json_string_value(json_object_get(v, "ja")),
                    json_string_value(json_object_get(v, "en"))) != 1)
            id = -1;
    }
    if (!cur || json_array_size(cur) != 4)
        id = -1;
    json_decref(cur);
    return id;
}

int demo_program(db_conn_t *c, int64_t op, int64_t expert_user, const int64_t *orgs, size_t norgs,
                 const char *now)
{
    int64_t prog = add_program(c, op, now);
    int64_t ex = db_insert_id(
        c,
        "INSERT INTO experts (user_id, name, qualification, registration_no, prefecture, onsite, "
        "online, specialities, industries, capacity, active, profile, status, created_at, "
        "decided_at, decided_by) VALUES (?, '伊藤 誠', 'riss', '012345', 13, 1, 1, ?, 'E,D', 5, "
        "4, ?, 'approved', ?, ?, ?) RETURNING id",
        "issssi", expert_user, "policy,risk",
        "製造業・建設業の中小企業で10年、情報セキュリティの相談に乗っています。", now, now, op);
    if (prog < 0 || ex < 0 || norgs < 6 ||
        db_exec(c, "INSERT INTO expert_areas (expert_id, prefecture) VALUES (?, 11), (?, 14)", "ii",
                ex, ex) != 2)
        return -1;
    /* Four matched companies with 1, 2, 3 and 4 visits done; one waiting; one wait-listed. */
    static const char *const status[] = {"matched", "matched",   "matched",
                                         "matched", "submitted", "waitlisted"};
    for (size_t i = 0; i < 6; i++) {
        int64_t app = db_insert_id(c,
                                   "INSERT INTO program_applications (program_id, org_id, "
                                   "applied_by, status, eligibility, created_at) VALUES (?, ?, ?, "
                                   "?, '{\"eligible\":true,\"reasons\":[]}', ?) RETURNING id",
                                   "iiiss", prog, orgs[i], op, status[i], now);
        if (app < 0)
            return -1;
        if (i >= 4)
            continue;
        if (db_exec(c, "UPDATE programs SET accepted = accepted + 1 WHERE id = ?", "i", prog) != 1)
            return -1;
        int64_t m = db_insert_id(c,
                                 "INSERT INTO matches (application_id, expert_id, status, "
                                 "chosen_at, confirmed_at) VALUES (?, ?, 'confirmed', ?, ?) "
                                 "RETURNING id",
                                 "iiss", app, ex, now, now);
        if (m < 0 || db_exec(c,
                             "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                             "(?, ?, 'advisor', ?)",
                             "iis", expert_user, orgs[i], now) != 1)
            return -1;
        for (int n = 1; n <= (int)i + 1; n++) {
            char day[11], planned[17];
            jst_day(day, -18 + n * 4 + (int)i);
            str_fmt(planned, sizeof planned, "%sT14:00", day);
            char summary[128];
            str_fmt(summary, sizeof summary, "第%d回の指導を行いました（カリキュラム%d）。", n, n);
            char items[4];
            str_fmt(items, sizeof items, "%d", n);
            if (db_exec(
                    c,
                    "INSERT INTO visits (match_id, visit_no, status, planned_at, mode, done_on, "
                    "minutes, summary, items, next_steps, confirmed_at, reported_at) VALUES "
                    "(?, ?, 'done', ?, 'onsite', ?, 120, ?, ?, '次回までに社内で共有する。', "
                    "?, ?)",
                    "iissssss", m, (int64_t)n, planned, day, summary, items, now, now) != 1)
                return -1;
        }
    }
    char sd[11], starts[17], ends[17], rf[11], ru[11];
    jst_day(sd, 14);
    jst_day(rf, -7);
    jst_day(ru, 12);
    str_fmt(starts, sizeof starts, "%sT14:00", sd);
    str_fmt(ends, sizeof ends, "%sT16:00", sd);
    if (db_insert_id(c,
                     "INSERT INTO briefing_sessions (program_id, venue, prefecture, address, "
                     "starts_at, ends_at, capacity, waitlist_size, register_from, register_until, "
                     "online_url, recording_url, created_by, created_at, updated_at) VALUES (?, "
                     "'東京会場（デモ）', 13, '東京都千代田区', ?, ?, 105, 20, ?, ?, "
                     "'https://meet.example.jp/otasuke-demo', "
                     "'https://video.example.jp/otasuke-demo', ?, ?, ?) RETURNING id",
                     "issssiss", prog, starts, ends, rf, ru, op, now, now) < 0)
        return -1;
    return 0;
}
