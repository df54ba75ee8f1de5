/* cmd_domain.c - `otasuke sme-check` and `otasuke diagnose`: the SME rules from scripts. */
#include "cmd_domain.h"

#include "buf.h"
#include "content.h"
#include "diagnosis.h"
#include "diagnosis_json.h"
#include "sme.h"
#include "str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "otasuke %s: %s\n", cmd, msg);
    return 2;
}

static const content_t *need_content(const char *cmd)
{
    const content_t *c = content_get();
    if (!c)
        fprintf(stderr, "otasuke %s: cannot load framework content: %s\n", cmd, content_error());
    return c;
}

/* Matches "--name value" and "--name=value"; advances *i past a separate value. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        *val = NULL;
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

/* A whole number of yen or people: ASCII digits only. */
static int parse_count(const char *cmd, const char *opt, const char *s, int64_t *out)
{
    char msg[160];
    if (s[0] == '-' && s[1] >= '0' && s[1] <= '9') {
        str_fmt(msg, sizeof msg, "%s must not be negative (got %.40s)", opt, s);
        return usage_error(cmd, msg);
    }
    size_t n = strlen(s);
    if (n == 0 || strspn(s, "0123456789") != n) {
        str_fmt(msg, sizeof msg, "%s must be a whole number without separators (got \"%.40s\")",
                opt, s);
        return usage_error(cmd, msg);
    }
    if (!str_to_i64(s, 0, INT64_C(1000000000000000000), out)) {
        str_fmt(msg, sizeof msg, "%s is too large (got %.40s)", opt, s);
        return usage_error(cmd, msg);
    }
    return 0;
}

static void list_keys(buf_t *b, const char *sep, size_t n,
                      const char *(*key)(size_t i, const void *), const void *ctx)
{
    for (size_t i = 0; i < n; i++)
        buf_printf(b, "%s%s", i ? sep : "", key(i, ctx));
}

static const char *org_key(size_t i, const void *ctx)
{
    return ((const content_t *)ctx)->org_types[i].key;
}

static const char *ind_key(size_t i, const void *ctx)
{
    return ((const content_t *)ctx)->industries[i].key;
}

static const char *const sme_usage =
    "usage: otasuke sme-check --org-type T [--industry I] [--capital YEN] --employees N "
    "[--json]";

int cmd_sme_check(int argc, char **argv)
{
    const char *cmd = "sme-check";
    const char *org = NULL, *ind = NULL, *cap = NULL, *emp = NULL;
    bool json = false;
    struct {
        const char *name;
        const char **slot;
    } opts[] = {
        {"--org-type", &org}, {"--industry", &ind}, {"--capital", &cap}, {"--employees", &emp}};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
            continue;
        }
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("%s\n", sme_usage);
            return 0;
        }
        bool matched = false;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0] && !matched; k++) {
            const char *v = NULL;
            int r = opt_value(argc, argv, &i, opts[k].name, &v);
            if (r == 0)
                continue;
            matched = true;
            char msg[120];
            if (r < 0) {
                str_fmt(msg, sizeof msg, "%s needs a value", opts[k].name);
                return usage_error(cmd, msg);
            }
            if (*opts[k].slot) {
                str_fmt(msg, sizeof msg, "%s given twice", opts[k].name);
                return usage_error(cmd, msg);
            }
            *opts[k].slot = v;
        }
        if (!matched) {
            char msg[200];
            str_fmt(msg, sizeof msg, "unknown argument \"%.60s\" (%s)", argv[i], sme_usage);
            return usage_error(cmd, msg);
        }
    }
    const content_t *c = need_content(cmd);
    if (!c)
        return 1;

    char msg[600];
    buf_t b;
    buf_init(&b);
    if (!org)
        return usage_error(cmd, "--org-type is required");
    const org_type_t *ot = content_org_type(c, org);
    if (!ot) {
        list_keys(&b, ", ", c->n_org_types, org_key, c);
        str_fmt(msg, sizeof msg, "--org-type: unknown value \"%.40s\" (expected one of: %s)", org,
                buf_cstr(&b));
        buf_free(&b);
        return usage_error(cmd, msg);
    }
    if (ind && !content_industry(c, ind)) {
        list_keys(&b, ", ", c->n_industries, ind_key, c);
        str_fmt(msg, sizeof msg, "--industry: unknown value \"%.40s\" (expected one of: %s)", ind,
                buf_cstr(&b));
        buf_free(&b);
        return usage_error(cmd, msg);
    }
    buf_free(&b);
    if (ot->needs_industry && !ind) {
        str_fmt(msg, sizeof msg, "--industry is required for --org-type %s", ot->key);
        return usage_error(cmd, msg);
    }
    if (!emp)
        return usage_error(cmd, "--employees is required");
    sme_input_t in = {.org_type = org, .industry = ot->needs_industry ? ind : NULL};
    int rc = parse_count(cmd, "--employees", emp, &in.employees);
    if (rc)
        return rc;
    if (cap) {
        rc = parse_count(cmd, "--capital", cap, &in.capital);
        if (rc)
            return rc;
        in.has_capital = true;
    }
    sme_result_t res;
    sme_err_t e = sme_check(c, &in, &res);
    if (e != SME_OK)
        return usage_error(cmd, sme_err_text(e, "en"));

    if (json) {
        char *s = sme_result_to_json(&res);
        if (!s) {
            fprintf(stderr, "otasuke %s: out of memory\n", cmd);
            return 1;
        }
        printf("%s\n", s);
        free(s);
    } else {
        if (res.rule)
            printf("%s (row %d)\n", res.eligible ? "eligible" : "not eligible", res.rule);
        else
            printf("%s\n", res.eligible ? "eligible" : "not eligible");
        printf("%s\n%s\n", res.reason_ja, res.reason_en);
    }
    return 0;
}

int cmd_diagnose(int argc, char **argv)
{
    const char *cmd = "diagnose";
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: otasuke diagnose [--json] < answers.json\n"
                   "answers.json: {\"answers\": {\"1\": \"done\", ..., \"25\": \"partly\"}}\n");
            return 0;
        } else {
            char msg[160];
            str_fmt(msg, sizeof msg, "unknown argument \"%.60s\" (usage: otasuke diagnose --json)",
                    argv[i]);
            return usage_error(cmd, msg);
        }
    }
    const content_t *c = need_content(cmd);
    if (!c)
        return 1;

    buf_t in;
    buf_init(&in);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        buf_append(&in, chunk, n);
        if (in.len > DIAG_JSON_MAX_BYTES)
            break;
    }
    if (in.oom) {
        buf_free(&in);
        fprintf(stderr, "otasuke %s: out of memory\n", cmd);
        return 1;
    }
    char err[300];
    diag_answers_t ans;
    bool ok = diag_answers_from_json(c, in.data ? in.data : "", in.len, &ans, err, sizeof err);
    buf_free(&in);
    if (!ok)
        return usage_error(cmd, err);
    diag_result_t r;
    int bad = 0;
    diag_err_t e = diag_score(c, &ans, &r, &bad);
    if (e != DIAG_OK) { /* cannot happen after a successful parse; kept for safety */
        diag_err_text(e, bad, "en", err, sizeof err);
        return usage_error(cmd, err);
    }
    if (json) {
        char *s = diag_result_to_json(&r);
        if (!s) {
            fprintf(stderr, "otasuke %s: out of memory\n", cmd);
            return 1;
        }
        printf("%s\n", s);
        free(s);
        return 0;
    }
    printf("%d点: %s / %d points: %s\n", r.total, r.band->label.ja, r.total, r.band->label.en);
    for (int p = 0; p < PART_COUNT; p++)
        printf("%s: %d/%d\n", c->parts[p].label.ja, r.parts[p], r.part_max[p]);
    printf("%s\n%s\n", r.band->next_step.ja, r.band->next_step.en);
    if (r.n_unknown) {
        printf("わからない項目 / don't know:");
        for (size_t i = 0; i < r.n_unknown; i++)
            printf(" %d", r.unknown_items[i]);
        printf("\n");
    }
    return 0;
}
