"""survey_fixtures.py - rows the survey tests need from other parts of the program (a
program, applications, experts, matches, visits), written straight into the database."""
from dbutil import insert, q, sql
from harness import check

NOW = "2026-11-01T09:00:00Z"
PASSWORD = "correct horse battery"


def user_id(srv, email):
    return int(sql(srv, f"SELECT id FROM users WHERE email = {q(email)}")[0][0])


def operator(srv, email="ops@example.jp"):
    pw = srv.tmp + "/pw-ops"
    with open(pw, "w") as f:
        f.write(PASSWORD + "\n")
    r = srv.run_cli("create-user", "--email", email, "--password-file", pw, "--role", "operator")
    check(r.returncode == 0, r)
    c = srv.client()
    check(c.login(email).status == 303, "operator logs in")
    return c, user_id(srv, email)


def program(srv, created_by, name="Guidance 2026", visits=4):
    return insert(srv, "INSERT INTO programs (year, name, capacity, apply_from, apply_until, "
                       "visits_from, visits_until, visit_count, fee_per_visit, created_by, "
                       f"created_at) VALUES (2026, {q(name)}, 400, '2026-06-01', '2026-07-31', "
                       f"'2026-08-01', '2027-01-31', {visits}, 30000, {created_by}, {q(NOW)}) "
                       "RETURNING id")


def organization(srv, name, member_email=None):
    org = insert(srv, "INSERT INTO organizations (name, org_type, industry, capital, employees, "
                      f"prefecture, sme_eligible, sme_rule, created_at) VALUES ({q(name)}, "
                      f"'company', 'construction', 10000000, 12, 13, 1, 1, {q(NOW)}) RETURNING id")
    if member_email:
        sql(srv, "INSERT INTO memberships (user_id, org_id, kind, created_at) VALUES "
                 f"({user_id(srv, member_email)}, {org}, 'member', {q(NOW)})")
    return org


def sme(srv, email, org_name, lang="ja"):
    """A signed-up SME owner with its organization: (client, org id)."""
    c = srv.client(lang=lang)
    c.signup(email)
    if lang == "en":
        sql(srv, f"UPDATE users SET lang = 'en' WHERE email = {q(email)}")
    return c, organization(srv, org_name, email)


def expert(srv, email, name, lang="ja"):
    """A signed-up advisor with an approved registry entry: (client, expert id)."""
    c = srv.client(lang=lang)
    c.signup(email, name=name)
    sql(srv, f"UPDATE users SET role = 'advisor', lang = {q(lang)} WHERE email = {q(email)}")
    eid = insert(srv, "INSERT INTO experts (user_id, name, qualification, registration_no, "
                      "prefecture, capacity, status, created_at) VALUES "
                      f"({user_id(srv, email)}, {q(name)}, 'riss', '000123', 13, 10, 'approved', "
                      f"{q(NOW)}) RETURNING id")
    return c, eid


def match(srv, prog, org, expert_id, applied_by, status="confirmed", done=0, visits=4):
    """An application with a match and `done` visits reported (the rest proposed)."""
    app_status = "completed" if status == "completed" else "matched"
    app = insert(srv, "INSERT INTO program_applications (program_id, org_id, applied_by, status, "
                      f"created_at) VALUES ({prog}, {org}, {applied_by}, {q(app_status)}, {q(NOW)}) "
                      "RETURNING id")
    m = insert(srv, "INSERT INTO matches (application_id, expert_id, status, chosen_at, "
                    f"confirmed_at) VALUES ({app}, {expert_id}, {q(status)}, {q(NOW)}, {q(NOW)}) "
                    "RETURNING id")
    for n in range(1, visits + 1):
        if n <= done:
            sql(srv, "INSERT INTO visits (match_id, visit_no, status, planned_at, done_on, "
                     f"minutes, reported_at) VALUES ({m}, {n}, 'done', '2026-09-0{n}T10:00', "
                     f"'2026-09-0{n}', 90, {q(NOW)})")
        else:
            sql(srv, "INSERT INTO visits (match_id, visit_no, status, planned_at) VALUES "
                     f"({m}, {n}, 'proposed', '2026-12-0{n}T10:00')")
    return m


def finish_visits(srv, m):
    sql(srv, "UPDATE visits SET status = 'done', done_on = '2026-12-01', minutes = 90, "
             f"reported_at = {q(NOW)} WHERE match_id = {m}")


def response(srv, m, prog, kind, answers_json, by):
    return insert(srv, "INSERT INTO survey_responses (match_id, program_id, kind, answers, lang, "
                       f"answered_by, created_at) VALUES ({m}, {prog}, {q(kind)}, "
                       f"{q(answers_json)}, 'ja', {by}, {q(NOW)}) RETURNING id")
