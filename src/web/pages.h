/* pages.h - registration functions of the page groups (one file each). */
#ifndef OTASUKE_PAGES_H
#define OTASUKE_PAGES_H

#include "web.h"

void pages_account_register(struct app *app); /* sign-up, login, reset, language, health */
void pages_diagnosis_register(struct app *app); /* 25-item self-diagnosis pages */
void api_diagnosis_register(struct app *app);   /* self-diagnosis JSON API */

#endif
