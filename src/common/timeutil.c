/* timeutil.c - UTC timestamps as ISO 8601 text, and dates in Japan time. */
#include "timeutil.h"

#include <stdio.h>
#include <string.h>

void time_iso(char out[TIME_ISO_LEN], time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, TIME_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_now_iso(char out[TIME_ISO_LEN])
{
    time_iso(out, time(NULL));
}

static bool parse_date(const char *s, struct tm *tm)
{
    int y, m, d;
    char tail;
    if (strlen(s) < 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3)
        return false;
    if (s[4] != '-' || s[7] != '-' || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > mdays[m - 1] + (m == 2 ? leap : 0))
        return false;
    memset(tm, 0, sizeof *tm);
    tm->tm_year = y - 1900;
    tm->tm_mon = m - 1;
    tm->tm_mday = d;
    return true;
}

bool time_valid_date(const char *s)
{
    struct tm tm;
    return s && strlen(s) == 10 && parse_date(s, &tm);
}

bool time_parse_iso(const char *s, time_t *out)
{
    struct tm tm;
    if (!s || !parse_date(s, &tm))
        return false;
    if (strlen(s) == 10) {
        *out = timegm(&tm);
        return true;
    }
    int hh, mm, ss;
    if (strlen(s) != 20 || s[10] != 'T' || s[19] != 'Z' ||
        sscanf(s + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3 || hh > 23 || mm > 59 || ss > 60)
        return false;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_sec = ss;
    *out = timegm(&tm);
    return true;
}

void time_jst_date(char out[11], time_t t, int days)
{
    char iso[TIME_ISO_LEN];
    time_iso(iso, t + 9 * 3600 + (time_t)days * 86400);
    memcpy(out, iso, 10);
    out[10] = '\0';
}
