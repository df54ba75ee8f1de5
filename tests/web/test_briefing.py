"""test_briefing.py - briefing sessions for experts: a session with 2 seats and 1 wait-list
place gets 4 registrations (2 accepted, 1 waitlisted, 1 refused, each mailed), a cancellation
promotes the waitlisted one, duplicates and registrations outside the window are refused, a
cancelled session mails everyone and counts like 新潟 (中止) in table 1, attendance is saved,
table 1 / CSV / XLSX agree, experts see only their own registrations, non-operators reach no
operator page, the JSON API, and the pages in Japanese and English."""
import csv
import datetime
import io
import os
import re
import sys
import zipfile

from dbutil import insert, q, sql
from harness import Server, check
from test_i18n_pages import check_page

PASSWORD = "correct horse battery"
NOW = "2026-11-01T09:00:00Z"


def jst_day(delta=0):
    d = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=9, days=delta)
    return d.strftime("%Y-%m-%d")


def make_user(srv, email, role, name):
    pw = os.path.join(srv.tmp, "pw")
    with open(pw, "w") as f:
        f.write(PASSWORD + "\n")
    r = srv.run_cli("create-user", "--email", email, "--password-file", pw, "--role", role,
                    "--name", name)
    check(r.returncode == 0, f"create-user {email}: {r.stderr}")
    return int(sql(srv, f"SELECT id FROM users WHERE email = {q(email)}")[0][0])


def login(srv, email, lang="ja"):
    c = srv.client(lang=lang)
    r = c.login(email, PASSWORD)
    check(r.status == 303, f"login {email}: {r}")
    return c


def program(srv, op_uid, name):
    return insert(srv, "INSERT INTO programs (year, name, capacity, apply_from, apply_until, "
                       "visits_from, visits_until, visit_count, created_by, created_at) VALUES "
                       f"(2026, {q(name)}, 400, '2026-08-14', '2026-11-21', '2026-09-01', "
                       f"'2027-01-31', 4, {op_uid}, {q(NOW)}) RETURNING id")


def session_form(venue, pref, cap, wl, reg_from=None, reg_until=None, date=None, **kw):
    f = {"venue": venue, "prefecture": str(pref), "address": "東京都文京区本駒込2-28-8",
         "date": date or jst_day(20), "start": "14:00", "end": "16:30", "capacity": str(cap),
         "waitlist": str(wl), "reg_from": reg_from or jst_day(-1),
         "reg_until": reg_until or jst_day(10),
         "online_url": "https://meet.example.jp/briefing-tokyo",
         "recording_url": "https://video.example.jp/briefing-recording"}
    f.update(kw)
    return f


def create_session(op, pid, form):
    op.get(f"/operator/programs/{pid}/briefings/new")
    r = op.post_form(f"/operator/programs/{pid}/briefings", form)
    check(r.status == 303, f"session created: {r}")
    return int(re.search(r"/briefings/(\d+)$", r.header("Location")).group(1))


def register(c, pid, sid, name, email, qual="riss"):
    c.get(f"/programs/{pid}/briefings")
    return c.post_form(f"/programs/{pid}/briefings",
                       {"session": str(sid), "name": name, "email": email,
                        "qualification": qual})


def body(m):
    return m.get_body(("plain",)).get_content()


def mail_to(srv, addr, count_at_least=1):
    ms = [m for m in srv.mails() if addr in m["To"]]
    check(len(ms) >= count_at_least, f"mail to {addr}: {len(ms)}")
    return ms


def table_row(html, key):
    m = re.search(rf'<tr data-session="{key}">(.*?)</tr>', html, re.S)
    check(m, f"table row {key}")
    cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", m.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def main():
    with Server() as srv:
        op_uid = make_user(srv, "ops@example.jp", "operator", "事務局 花子")
        adv_uid = make_user(srv, "riss1@example.jp", "advisor", "支援 一郎")
        make_user(srv, "riss2@example.jp", "advisor", "支援 二郎")
        sme = srv.client()
        sme.signup("owner@example.jp")
        pid = program(srv, op_uid, "令和8年度 中小企業の情報セキュリティマネジメント指導業務")
        op = login(srv, "ops@example.jp")

        # ---- access: anonymous and an SME reach no operator page ----
        anon = srv.client()
        r = anon.get(f"/operator/programs/{pid}/briefings")
        check(r.status == 303 and "/login" in r.header("Location"), f"anonymous: {r}")
        check(sme.get(f"/operator/programs/{pid}/briefings").status == 403, "SME: 403")
        check(sme.get(f"/operator/programs/{pid}/briefings.csv").status == 403, "SME CSV: 403")
        check(sme.get("/expert/briefings").status == 403, "SME has no expert page")
        check(sme.post_form(f"/operator/programs/{pid}/briefings",
                            session_form("x", 13, 2, 1)).status == 403, "SME cannot create")
        check(anon.get("/programs/999999/briefings").status == 404, "unknown program 404")

        # ---- operator creates sessions; bad input kept with a message ----
        op.get(f"/operator/programs/{pid}/briefings/new")
        r = op.post_form(f"/operator/programs/{pid}/briefings",
                         session_form("東京会場", 13, "abc", 1, online_url="javascript:alert(1)"))
        check(r.status == 422, f"bad session refused: {r}")
        check("＊" in r.text and 'value="東京会場"' in r.text, "error shown, input kept")
        check("aria-invalid" in r.text, "invalid field marked")
        check(sql(srv, "SELECT COUNT(*) FROM briefing_sessions") == [["0"]], "nothing saved")
        tokyo = create_session(op, pid, session_form("東京会場", 13, 2, 1))
        niigata = create_session(op, pid, session_form("新潟会場", 15, 55, 0))
        future = create_session(op, pid, session_form("大阪会場", 27, 90, 10,
                                                      reg_from=jst_day(5),
                                                      reg_until=jst_day(9)))
        past = create_session(op, pid, session_form("名古屋会場", 23, 99, 0,
                                                    date="2020-01-20", reg_from="2020-01-01",
                                                    reg_until="2020-01-10"))

        # ---- public page: sessions with seats left ----
        r = anon.get(f"/programs/{pid}/briefings")
        check(r.status == 200 and "東京会場" in r.text and "新潟会場" in r.text, "public list")
        check("meet.example.jp" not in r.text, "online link is not public")
        check(f'value="{tokyo}"' in r.text and f'value="{future}"' not in r.text,
              "only sessions open for registration can be chosen")

        # ---- 4 registrations on 2 seats + 1 wait-list place ----
        adv = login(srv, "riss1@example.jp")
        r = adv.get(f"/programs/{pid}/briefings")
        check('value="支援 一郎"' in r.text and 'value="riss1@example.jp"' in r.text,
              "advisor's form pre-filled")
        r = register(adv, pid, tokyo, "支援 一郎", "riss1@example.jp")
        check(r.status == 303, f"advisor registered: {r}")
        r = adv.get(r.header("Location"))
        check("席を確保しました" in r.text, "accepted message shown")
        c2, c3, c4 = srv.client(), srv.client(), srv.client(lang="en")
        check(register(c2, pid, tokyo, "佐藤 花子", "sato@example.jp", "itc").status == 303, "2")
        r = register(c3, pid, tokyo, "鈴木 次郎", "suzuki@example.jp")
        check(r.status == 303, "3")
        r = c3.get(r.header("Location"))
        check("キャンセル待ちとして受け付けました" in r.text, "wait-list message shown")
        r = register(c4, pid, tokyo, "Ken Tanaka", "tanaka@example.jp", "other")
        check(r.status == 303, "4")
        r = c4.get(r.header("Location"))
        check("the session and its wait-list are full" in r.text, "refusal shown in English")
        rows = sql(srv, f"SELECT email, status FROM briefing_registrations WHERE session_id = "
                        f"{tokyo} ORDER BY id")
        check(rows == [["riss1@example.jp", "accepted"], ["sato@example.jp", "accepted"],
                       ["suzuki@example.jp", "waitlisted"], ["tanaka@example.jp", "refused"]],
              f"statuses: {rows}")
        check(sql(srv, f"SELECT accepted, waitlisted FROM briefing_sessions WHERE id = {tokyo}")
              == [["2", "1"]], "counters")
        srv.wait_mail(4)
        m = body(mail_to(srv, "riss1@example.jp")[0])
        check("確定" in m and "meet.example.jp/briefing-tokyo" in m and "14:00" in m and
              "東京会場" in m and jst_day(20) in m, f"accepted mail: {m}")
        m = body(mail_to(srv, "suzuki@example.jp")[0])
        check("キャンセル待ち" in m and "1 番目" in m and "meet.example.jp" not in m,
              f"wait-list mail with position: {m}")
        mt = mail_to(srv, "tanaka@example.jp")[0]
        m = body(mt)
        check("sorry" in mt["Subject"].lower() and "video.example.jp/briefing-recording" in m
              and "meet.example.jp" not in m, f"refusal mail in English with recording: {m}")

        # ---- duplicate e-mail (other case), outside the window ----
        r = register(srv.client(), pid, tokyo, "佐藤 花子", "SATO@example.jp")
        check(r.status == 422 and "すでに登録されています" in r.text, f"duplicate: {r}")
        r = register(srv.client(), pid, future, "山本", "yamamoto@example.jp")
        check(r.status == 422 and "まだ始まっていません" in r.text, f"not yet: {r}")
        r = register(srv.client(), pid, past, "山本", "yamamoto@example.jp")
        check(r.status == 422 and "締め切りました" in r.text, f"closed: {r}")
        r = register(srv.client(), pid, tokyo, "", "bad-address", "king")
        check(r.status == 422 and r.text.count("＊") >= 3, "every invalid field reported")
        r = register(srv.client(), pid, tokyo, "x" * 101, "long@example.jp")
        check(r.status == 422, "name too long")
        check(sql(srv, "SELECT COUNT(*) FROM briefing_registrations") == [["4"]],
              "nothing stored from refused requests")

        # ---- experts see only their own registrations ----
        r = adv.get("/expert/briefings")
        check(r.status == 200 and "東京会場" in r.text and "meet.example.jp" in r.text,
              "own registration with the online link")
        reg1 = int(sql(srv, "SELECT id FROM briefing_registrations WHERE email = "
                            "'riss1@example.jp'")[0][0])
        adv2 = login(srv, "riss2@example.jp")
        r = adv2.get("/expert/briefings")
        check("東京会場" not in r.text and "riss1" not in r.text, "no one else's registration")
        r = adv2.post_form(f"/expert/briefings/{reg1}/cancel", {})
        check(r.status == 404, f"cannot cancel another's registration: {r}")
        check(sql(srv, f"SELECT status FROM briefing_registrations WHERE id = {reg1}")
              == [["accepted"]], "still accepted")
        check(adv2.get(f"/operator/programs/{pid}/briefings").status == 403, "advisor: 403")

        # ---- cancel -> the waitlisted one is promoted and mailed ----
        before = len(srv.mails())
        adv.get("/expert/briefings")
        r = adv.post_form(f"/expert/briefings/{reg1}/cancel", {})
        check(r.status == 303, f"cancelled: {r}")
        srv.wait_mail(before + 1)
        rows = sql(srv, f"SELECT email, status FROM briefing_registrations WHERE session_id = "
                        f"{tokyo} ORDER BY id")
        check([s for _, s in rows] == ["cancelled", "accepted", "accepted", "refused"],
              f"promoted: {rows}")
        check(sql(srv, f"SELECT accepted, waitlisted FROM briefing_sessions WHERE id = {tokyo}")
              == [["2", "0"]], "counters after promotion")
        m = mail_to(srv, "suzuki@example.jp", 2)[-1]
        check("空き" in m["Subject"] and "meet.example.jp/briefing-tokyo" in body(m),
              f"promotion mail: {body(m)}")
        r = adv.post_form(f"/expert/briefings/{reg1}/cancel", {})
        check(sql(srv, f"SELECT accepted FROM briefing_sessions WHERE id = {tokyo}") == [["2"]],
              "a second cancel changes nothing")

        # ---- attendance: checkboxes, only accepted ones count ----
        ids = {e: i for i, e in sql(srv, "SELECT id, email FROM briefing_registrations")}
        r = op.get(f"/operator/programs/{pid}/briefings/{tokyo}")
        check(r.status == 200 and "佐藤 花子" in r.text,
              "registrants listed")
        r = op.post_form(f"/operator/programs/{pid}/briefings/{tokyo}/attendance",
                         {"attended": [ids["sato@example.jp"], ids["suzuki@example.jp"],
                                       ids["tanaka@example.jp"]]})
        check(r.status == 303, f"attendance saved: {r}")
        att = sql(srv, f"SELECT email FROM briefing_registrations WHERE attended = 1 ORDER BY id")
        check(att == [["sato@example.jp"], ["suzuki@example.jp"]], f"attended: {att}")
        r = op.post_form(f"/operator/programs/{pid}/briefings/{tokyo}/attendance",
                         {"attended": [ids["sato@example.jp"]]})
        check(sql(srv, "SELECT COUNT(*) FROM briefing_registrations WHERE attended = 1")
              == [["1"]], "unchecked box clears attendance")
        op.post_form(f"/operator/programs/{pid}/briefings/{tokyo}/attendance",
                     {"attended": [ids["sato@example.jp"], ids["suzuki@example.jp"]]})

        # ---- a cancelled session mails every registrant ----
        for n in range(3):
            check(register(srv.client(), pid, niigata, f"新潟 {n}", f"n{n}@example.jp").status
                  == 303, "niigata registration")
        srv.wait_mail(len(srv.mails()))
        r = op.post_form(f"/operator/programs/{pid}/briefings/{niigata}/cancel", {"reason": ""})
        check(r.status == 422 and "＊" in r.text, "reason required")
        before = len(srv.mails())
        r = op.post_form(f"/operator/programs/{pid}/briefings/{niigata}/cancel",
                         {"reason": "台風の接近のため中止します。"})
        check(r.status == 303, f"session cancelled: {r}")
        ms = srv.wait_mail(before + 3)[before:]
        check(sorted(m["To"] for m in ms) == ["n0@example.jp", "n1@example.jp", "n2@example.jp"],
              "every registrant mailed")
        check(all("台風" in body(m) and "video.example.jp" in body(m) for m in ms),
              "cancellation mail has the reason and the recording")
        r = register(srv.client(), pid, niigata, "遅い 人", "late@example.jp")
        check(r.status == 422 and "中止" in r.text, "no registration for a cancelled session")
        r = op.post_form(f"/operator/programs/{pid}/briefings/{niigata}/attendance",
                         {"attended": [ids["sato@example.jp"]]})
        check(sql(srv, f"SELECT COUNT(*) FROM briefing_registrations WHERE session_id = "
                       f"{niigata} AND attended = 1") == [["0"]], "no attendance when cancelled")

        # ---- table 1 on the operator page, CSV and XLSX ----
        r = op.get(f"/operator/programs/{pid}/briefings")
        check(r.status == 200, r)
        # capacity, applications, accepted, wait-list, refused, self-cancelled, attended
        row = table_row(r.text, tokyo)
        check(row[2:] == ["2", "4", "2", "0", "1", "1", "2"], f"Tokyo row: {row}")
        row = table_row(r.text, niigata)
        check(row[1].startswith("新潟会場") and "中止" in row[1], f"Niigata marked: {row}")
        check(row[2:5] == ["55", "3", "3"] and row[6].startswith("3") and "中止" in row[6]
              and row[8].startswith("0"), f"Niigata row like 新潟 (中止): {row}")
        tot = table_row(r.text, "total")
        check(tot[1:] == [str(2 + 55 + 90 + 99), "7", "5", "0", "4", "1", "2"], f"totals {tot}")
        r = op.get(f"/operator/programs/{pid}/briefings.csv")
        check(r.status == 200 and r.header("Content-Type").startswith("text/csv"), r)
        rows = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"))))
        check(rows[0][:5] == ["日付", "会場", "定員", "総申込数", "受付数"], f"CSV head {rows[0]}")
        tk = [x for x in rows if x[1] == "東京会場"][0]
        check(tk[2:9] == ["2", "4", "2", "0", "1", "1", "2"], f"CSV Tokyo {tk}")
        check(rows[-1][0] == "総計" and rows[-1][3:5] == ["7", "5"], f"CSV total {rows[-1]}")
        r = op.get(f"/operator/programs/{pid}/briefings.xlsx")
        check(r.status == 200 and r.body[:2] == b"PK", "XLSX")
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            x = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                        if n.startswith("xl/") and n.endswith(".xml"))
        check(all(w in x for w in ("総申込数", "受付お断り数", "東京会場", "新潟会場", "総計")),
              "XLSX has table 1")

        # ---- JSON API ----
        r = anon.api("GET", f"/api/v1/programs/{pid}/briefings")
        check(r.status == 200 and len(r.json()["sessions"]) == 4, f"API list: {r}")
        check("online_url" not in r.json()["sessions"][0], "API hides the online link")
        api_op = srv.client()
        api_op.token = api_op.api("POST", "/api/v1/tokens", {"email": "ops@example.jp",
                                                             "password": PASSWORD}).json()["token"]
        r = api_op.api("POST", f"/api/v1/programs/{pid}/briefings",
                       {"venue": "福岡会場", "prefecture": 40, "date": jst_day(30), "start": "13:00",
                        "end": "15:00", "capacity": 1, "waitlist": 0, "reg_from": jst_day(0),
                        "reg_until": jst_day(7), "online_url": "https://meet.example.jp/f"})
        check(r.status == 201 and r.json()["venue"] == "福岡会場", f"API create: {r}")
        fukuoka = r.json()["id"]
        r = api_op.api("POST", f"/api/v1/programs/{pid}/briefings", {"venue": "", "capacity": 0})
        check(r.status == 422 and "capacity" in r.json()["error"]["fields"], f"API invalid {r}")
        r = anon.api("POST", f"/api/v1/briefings/{fukuoka}/registrations",
                     {"name": "福岡 太郎", "email": "f1@example.jp", "qualification": "riss"})
        check(r.status == 201 and r.json()["status"] == "accepted", f"API register {r}")
        r = anon.api("POST", f"/api/v1/briefings/{fukuoka}/registrations",
                     {"name": "福岡 次郎", "email": "f2@example.jp", "qualification": "itc"})
        check(r.status == 201 and r.json()["status"] == "refused", f"API refused {r}")
        r = anon.api("POST", f"/api/v1/briefings/{fukuoka}/registrations",
                     {"name": "福岡 太郎", "email": "F1@example.jp", "qualification": "riss"})
        check(r.status == 409, f"API duplicate {r}")
        r = anon.api("POST", f"/api/v1/briefings/{fukuoka}/registrations",
                     {"name": ["x"], "email": "f3@example.jp", "qualification": "riss"})
        check(r.status == 422, f"API bad name {r}")
        r = anon.api("POST", f"/api/v1/briefings/{past}/registrations",
                     {"name": "x", "email": "f3@example.jp", "qualification": "riss"})
        check(r.status == 422 and r.json()["error"]["code"] == "closed", f"API closed {r}")
        r = api_op.api("GET", f"/api/v1/briefings/{fukuoka}/registrations")
        regs = r.json()["registrations"]
        check(r.status == 200 and [x["status"] for x in regs] == ["accepted", "refused"], r)
        r = api_op.api("POST", f"/api/v1/briefings/{fukuoka}/attendance",
                       {"attended": [regs[0]["id"], regs[1]["id"]]})
        check(r.status == 200 and r.json()["attended"] == 1, f"API attendance {r}")
        sme_api = srv.client()
        sme_api.token = sme_api.api("POST", "/api/v1/tokens", {
            "email": "owner@example.jp", "password": PASSWORD}).json()["token"]
        check(sme_api.api("GET", f"/api/v1/briefings/{fukuoka}/registrations").status == 403,
              "SME cannot list registrants")
        check(sme_api.api("POST", f"/api/v1/briefings/{fukuoka}/attendance",
                          {"attended": []}).status == 403, "SME cannot mark attendance")
        check(anon.api("GET", "/api/v1/briefings/999999/registrations").status == 401, "anon")

        # ---- editing: a capacity raise promotes; it may not drop below seats given ----
        r = op.get(f"/operator/programs/{pid}/briefings/{tokyo}/edit")
        check('value="東京会場"' in r.text and 'value="14:00"' in r.text, "edit form filled")
        r = op.post_form(f"/operator/programs/{pid}/briefings/{tokyo}/edit",
                         session_form("東京会場", 13, 1, 1))
        check(r.status == 422 and "＊" in r.text, "capacity below seats given refused")
        r = op.post_form(f"/operator/programs/{pid}/briefings/{tokyo}/edit",
                         session_form("東京本会場", 13, 3, 0))
        check(r.status == 303, f"edited: {r}")
        check(sql(srv, f"SELECT venue, capacity FROM briefing_sessions WHERE id = {tokyo}")
              == [["東京本会場", "3"]], "saved")

        # ---- anonymous registrants cancel with the link in their mail ----
        link = re.compile(r"/briefings/cancel\?token=([0-9a-f]{64})")
        check(not link.search(body(mail_to(srv, "tanaka@example.jp")[0])), "no link when refused")
        sato_tok = link.search(body(mail_to(srv, "sato@example.jp")[0])).group(1)
        suzuki_mails = mail_to(srv, "suzuki@example.jp", 2)
        old_tok = link.search(body(suzuki_mails[0])).group(1)
        new_tok = link.search(body(suzuki_mails[1])).group(1)
        check(old_tok != new_tok, "the promotion mail has a new link")
        c = srv.client()
        check(c.get(f"/briefings/cancel?token={old_tok}").status == 404, "old link replaced")
        check(c.get("/briefings/cancel?token=" + "0" * 64).status == 404, "unknown token")
        check(c.get("/briefings/cancel?token=<script>").status == 404, "malformed token")
        r = c.get(f"/briefings/cancel?token={sato_tok}")
        check(r.status == 200 and "佐藤 花子" in r.text and "東京本会場" in r.text, f"link page {r}")
        check(r.header("Referrer-Policy") in ("same-origin", "no-referrer"), "no token in Referer")
        r = c.post_form("/briefings/cancel", {"token": sato_tok})
        check(r.status == 303 and f"/programs/{pid}/briefings" in r.header("Location"), r)
        r = c.post_form("/briefings/cancel", {"token": new_tok})
        check(r.status == 303, f"promoted one cancels with its new link: {r}")
        check(sql(srv, f"SELECT email FROM briefing_registrations WHERE session_id = {tokyo} AND "
                       "status = 'cancelled' ORDER BY id")
              == [["riss1@example.jp"], ["sato@example.jp"], ["suzuki@example.jp"]], "cancelled")
        check(sql(srv, f"SELECT accepted FROM briefing_sessions WHERE id = {tokyo}") == [["0"]],
              "seats freed")
        check(c.post_form("/briefings/cancel", {"token": sato_tok}).status == 404, "used link")

        # ---- closing the wait-list refuses and mails everyone still on it ----
        r = api_op.api("POST", f"/api/v1/programs/{pid}/briefings",
                       {"venue": "広島会場", "prefecture": 34, "date": jst_day(30), "start": "13:00",
                        "end": "15:00", "capacity": 1, "waitlist": 2, "reg_from": jst_day(0),
                        "reg_until": jst_day(7),
                        "recording_url": "https://video.example.jp/hiroshima"})
        hiroshima = r.json()["id"]
        for n in range(3):
            r = anon.api("POST", f"/api/v1/briefings/{hiroshima}/registrations",
                         {"name": f"広島 {n}", "email": f"h{n}@example.jp", "qualification": "riss"})
            check(r.status == 201 and r.json()["status"] == ["accepted", "waitlisted",
                                                             "waitlisted"][n], f"hiroshima {r}")
        check(r.json()["position"] == 2, "second on the wait-list")
        r = op.get(f"/operator/programs/{pid}/briefings/{hiroshima}")
        check("close-waitlist" in r.text, "close button shown while someone waits")
        before = len(srv.mails())
        r = op.post_form(f"/operator/programs/{pid}/briefings/{hiroshima}/close-waitlist", {})
        check(r.status == 303, f"wait-list closed: {r}")
        check("締め切り" in op.get(r.header("Location")).text, "closing confirmed")
        ms = srv.wait_mail(before + 2)[before:]
        check(sorted(m["To"] for m in ms) == ["h1@example.jp", "h2@example.jp"] and
              all("video.example.jp/hiroshima" in body(m) and "空き" in m["Subject"]
                  for m in ms), "the waiting ones are mailed the recording")
        check(sql(srv, f"SELECT status FROM briefing_registrations WHERE session_id = {hiroshima} "
                       "ORDER BY id") == [["accepted"], ["refused"], ["refused"]], "refused")
        r = anon.api("POST", f"/api/v1/briefings/{hiroshima}/registrations",
                     {"name": "広島 3", "email": "h3@example.jp", "qualification": "riss"})
        check(r.json()["status"] == "refused", "after closing, a full session refuses")

        # ---- the pages in Japanese and English (ASCII data, so any Japanese is a leak) ----
        pid2 = program(srv, op_uid, "Guidance Program 2026")
        s2 = create_session(op, pid2, session_form("Tokyo Hall", 13, 1, 1, address="2-28-8 Honkomagome"))
        s3 = create_session(op, pid2, session_form("Online", "", 5, 0, address=""))
        adv_en = login(srv, "riss2@example.jp", "en")
        register(adv_en, pid2, s2, "Jiro Shien", "riss2@example.jp")
        register(srv.client(), pid2, s2, "Hana Sato", "hana@example.jp")
        en_tok = link.search(body(mail_to(srv, "hana@example.jp")[0])).group(1)
        problems = []
        for lang in ("en", "ja"):
            clients = {"op": login(srv, "ops@example.jp", lang), "anon": srv.client(lang=lang),
                       "adv": login(srv, "riss2@example.jp", lang)}
            for who, path in [("anon", f"/programs/{pid2}/briefings"),
                              ("adv", f"/programs/{pid2}/briefings"),
                              ("adv", "/expert/briefings"),
                              ("op", f"/operator/programs/{pid2}/briefings"),
                              ("op", f"/operator/programs/{pid2}/briefings/new"),
                              ("op", f"/operator/programs/{pid2}/briefings/{s2}"),
                              ("op", f"/operator/programs/{pid2}/briefings/{s3}"),
                              ("op", f"/operator/programs/{pid2}/briefings/{s2}/edit"),
                              ("anon", f"/briefings/cancel?token={en_tok}")]:
                r = clients[who].get(path)
                check(r.status == 200, f"[{lang}] {path}: {r.status}")
                check_page(f"{path} ({who})", lang, r.text, problems,
                           ["Guidance Program 2026", "Tokyo Hall", "Online"])
            c = clients["anon"]
            c.get(f"/programs/{pid2}/briefings")
            r = c.post_form(f"/programs/{pid2}/briefings", {"session": str(s2), "email": "x"})
            check(r.status == 422, r)
            check_page("POST registration (errors)", lang, r.text, problems,
                       ["Guidance Program 2026", "Tokyo Hall", "Online"])
        if problems:
            print("\n".join(problems))
            sys.exit(1)
    print("ok: briefing sessions")


if __name__ == "__main__":
    main()
