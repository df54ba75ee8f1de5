/* timeutil.h - UTC timestamps as ISO 8601 text, the form the store keeps. */
#ifndef OTASUKE_TIMEUTIL_H
#define OTASUKE_TIMEUTIL_H

#include <stdbool.h>
#include <time.h>

#define TIME_ISO_LEN 21 /* "2026-11-22T17:02:50Z" + NUL */

void time_iso(char out[TIME_ISO_LEN], time_t t);
void time_now_iso(char out[TIME_ISO_LEN]);
/* Parses "YYYY-MM-DDTHH:MM:SSZ" (or a date "YYYY-MM-DD") as UTC. */
bool time_parse_iso(const char *s, time_t *out);
/* The date "YYYY-MM-DD" in Japan (UTC+9; Japan has no daylight saving time) at t plus
 * days: program windows, visit periods and reminders are in Japan time. */
void time_jst_date(char out[11], time_t t, int days);
/* True if s is a real calendar date "YYYY-MM-DD". */
bool time_valid_date(const char *s);

#endif
