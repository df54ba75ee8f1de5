/* rules_points.h - the covered check points of one rules chapter, stored and submitted as a
 * list of point numbers "1,3,4" (outside input: forms and the JSON API). */
#ifndef OTASUKE_RULES_POINTS_H
#define OTASUKE_RULES_POINTS_H

#include <stdbool.h>
#include <stddef.h>

#define RULES_POINTS_MAX 16 /* points per chapter at most */

/* Parses s ("" or numbers 1..n_points separated by single commas, no spaces, no leading
 * zeros) into a bit mask (bit k-1 for point k). -1 when s is malformed, a number is out of
 * range, or n_points is outside 1..RULES_POINTS_MAX. Repeated numbers are allowed. */
long rules_points_parse(const char *s, int n_points);
/* Writes mask as ascending "1,3,4" ("" for 0); false (out = "") when out is too small or the
 * mask has bits beyond RULES_POINTS_MAX. */
bool rules_points_format(long mask, char *out, size_t outsz);
/* Number of points in mask. */
int rules_points_count(long mask);

#endif
