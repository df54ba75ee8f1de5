/* pages_briefing_input.c - checks of the briefing session form; pure, so it is fuzzed. */
#include "pages_briefing.h"
#include "str.h"
#include "timeutil.h"

#include <string.h>

#define N_(s) (s)

static void add(struct briefing_problem *p, size_t max, size_t *n, const char *field,
                const char *msgid)
{
    for (size_t i = 0; i < *n && i < max; i++)
        if (str_eq(p[i].field, field))
            return; /* the first problem of a field is the one shown */
    if (*n < max)
        p[*n] = (struct briefing_problem){field, msgid};
    (*n)++;
}

/* "" or a msgid for a one-line text of min..max characters. */
static const char *check_line(const char *s, size_t min, size_t max)
{
    if (!str_valid_utf8(s, strlen(s)))
        return N_("This contains characters that cannot be used.");
    size_t n = str_utf8_len(s);
    if (n < min)
        return N_("This field is required.");
    if (n > max)
        return N_("This is too long.");
    for (const char *c = s; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return N_("This contains characters that cannot be used.");
    return "";
}

bool briefing_valid_time(const char *s)
{
    return strlen(s) == 5 && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
           s[2] == ':' && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
           (s[0] < '2' || s[1] <= '3');
}

bool briefing_valid_qualification(const char *s)
{
    return str_eq(s, "riss") || str_eq(s, "itc") || str_eq(s, "other");
}

const char *briefing_check_url(const char *s)
{
    size_t n = strlen(s);
    if (n == 0)
        return "";
    if (n > BRIEFING_URL_MAX)
        return N_("This is too long.");
    const char *host = NULL;
    if (str_starts(s, "https://"))
        host = s + 8;
    else if (str_starts(s, "http://"))
        host = s + 7;
    if (!host || !*host || *host == '/' || *host == '.')
        return N_("Please enter a web address starting with https://.");
    for (const char *c = s; *c; c++)
        if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f || *c == '"' || *c == '<' ||
            *c == '>' || *c == '\\')
            return N_("Please enter a web address starting with https://.");
    return "";
}

size_t briefing_form_check(const struct briefing_form *f, struct briefing_values *out,
                           struct briefing_problem *problems, size_t max)
{
    size_t n = 0;
    const char *m;
    memset(out, 0, sizeof *out);
    m = check_line(f->venue, 1, BRIEFING_VENUE_MAX);
    if (*m)
        add(problems, max, &n, "venue", m);
    else
        str_copy(out->venue, sizeof out->venue, f->venue);
    int64_t v;
    if (!*f->prefecture)
        out->prefecture = 0;
    else if (str_to_i64(f->prefecture, 1, 47, &v))
        out->prefecture = (int)v;
    else
        add(problems, max, &n, "prefecture", N_("Please choose a prefecture from the list."));
    m = check_line(f->address, 0, BRIEFING_ADDRESS_MAX);
    if (*m)
        add(problems, max, &n, "address", m);
    else
        str_copy(out->address, sizeof out->address, f->address);
    bool date_ok = time_valid_date(f->date);
    if (!date_ok)
        add(problems, max, &n, "date", N_("Please enter a date as YYYY-MM-DD."));
    bool start_ok = briefing_valid_time(f->start), end_ok = briefing_valid_time(f->end);
    if (!start_ok)
        add(problems, max, &n, "start", N_("Please enter a time as HH:MM, such as 14:00."));
    if (!end_ok)
        add(problems, max, &n, "end", N_("Please enter a time as HH:MM, such as 14:00."));
    else if (start_ok && strcmp(f->start, f->end) >= 0)
        add(problems, max, &n, "end", N_("The end must be later than the start."));
    if (date_ok && start_ok && end_ok) {
        str_fmt(out->starts_at, sizeof out->starts_at, "%sT%s", f->date, f->start);
        str_fmt(out->ends_at, sizeof out->ends_at, "%sT%s", f->date, f->end);
    }
    if (!str_to_i64(f->capacity, 1, 100000, &out->capacity))
        add(problems, max, &n, "capacity", N_("Please enter a whole number from 1 to 100000."));
    if (!*f->waitlist)
        out->waitlist = 0;
    else if (!str_to_i64(f->waitlist, 0, 100000, &out->waitlist))
        add(problems, max, &n, "waitlist", N_("Please enter a whole number from 0 to 100000."));
    bool from_ok = time_valid_date(f->reg_from), until_ok = time_valid_date(f->reg_until);
    if (!from_ok)
        add(problems, max, &n, "reg_from", N_("Please enter a date as YYYY-MM-DD."));
    if (!until_ok)
        add(problems, max, &n, "reg_until", N_("Please enter a date as YYYY-MM-DD."));
    else if (from_ok && strcmp(f->reg_from, f->reg_until) > 0)
        add(problems, max, &n, "reg_until",
            N_("The registration window must end on or after the day it starts."));
    else if (date_ok && strcmp(f->reg_until, f->date) > 0)
        add(problems, max, &n, "reg_until",
            N_("Registration must close on or before the day of the session."));
    if (from_ok && until_ok) {
        str_copy(out->reg_from, sizeof out->reg_from, f->reg_from);
        str_copy(out->reg_until, sizeof out->reg_until, f->reg_until);
    }
    m = briefing_check_url(f->online_url);
    if (*m)
        add(problems, max, &n, "online_url", m);
    else
        str_copy(out->online_url, sizeof out->online_url, f->online_url);
    m = briefing_check_url(f->recording_url);
    if (*m)
        add(problems, max, &n, "recording_url", m);
    else
        str_copy(out->recording_url, sizeof out->recording_url, f->recording_url);
    return n;
}
