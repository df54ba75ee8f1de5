/* logo_rules.h - the SECURITY ACTION logo usage rules (data/logo_rules.json). */
#ifndef OTASUKE_LOGO_RULES_H
#define OTASUKE_LOGO_RULES_H

#include <jansson.h>

/* A new object {"intro": s, "allowed": [s], "not_allowed": [s], "withdrawn": s} in lang
 * ("en" or Japanese); NULL if the data file could not be loaded. */
json_t *logo_rules(const char *lang);

#endif
