/* pages.h - registration functions of the page groups (one file each). */
#ifndef OTASUKE_PAGES_H
#define OTASUKE_PAGES_H

#include "web.h"

void pages_account_register(struct app *app); /* sign-up, login, reset, language, health */

void pages_public_register(struct app *app);     /* /verify/:id, /search */
void pages_badge_register(struct app *app);      /* /verify/:id/badge.svg */
void pages_operator_register(struct app *app);   /* /operator/declarations ... */
void api_declarations_register(struct app *app); /* /api/v1/declarations/:id */

#endif
