/* pages.h - registration functions of the page groups (one file each). */
#ifndef OTASUKE_PAGES_H
#define OTASUKE_PAGES_H

#include "web.h"

void pages_account_register(struct app *app); /* sign-up, login, reset, language, health */

#endif
