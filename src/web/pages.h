/* pages.h - registration functions of the page groups (one file each). */
#ifndef OTASUKE_PAGES_H
#define OTASUKE_PAGES_H

#include "web.h"

void pages_account_register(struct app *app); /* sign-up, login, reset, language, health */

void pages_org_register(struct app *app);     /* organizations, profile, workspace home */
void pages_declare_register(struct app *app); /* five principles, ★ and ★★, declaration */
void pages_invite_register(struct app *app);  /* advisors and invitations */
void api_org_register(struct app *app);       /* JSON API of the three groups above */

#endif
