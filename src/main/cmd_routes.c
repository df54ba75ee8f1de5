/* cmd_routes.c - `otasuke routes`: the route table as JSON, for the access-control tests. */
#include "cmd_routes.h"
#include "web.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_routes(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct app app = {0};
    routes_register_all(&app);
    static const struct {
        unsigned flag;
        const char *name;
    } names[] = {
        {R_PUBLIC, "public"},
        {R_SME, "sme"},
        {R_ADVISOR, "advisor"},
        {R_OPERATOR, "operator"},
        {R_ADMIN, "admin"},
        {R_ORG, "org"},
        {R_ORG_WRITE, "org_write"},
        {R_ORG_OWNER, "org_owner"},
        {R_API, "api"},
    };
    json_t *out = json_array();
    for (size_t i = 0; i < app.nroutes; i++) {
        json_t *flags = json_array();
        for (size_t f = 0; f < sizeof names / sizeof names[0]; f++)
            if (app.routes[i].flags & names[f].flag)
                json_array_append_new(flags, json_string(names[f].name));
        json_array_append_new(out, json_pack("{s:s,s:s,s:o}", "method", app.routes[i].method,
                                             "pattern", app.routes[i].pattern, "flags", flags));
    }
    char *s = json_dumps(out, JSON_INDENT(1));
    puts(s ? s : "[]");
    free(s);
    json_decref(out);
    free(app.routes);
    return 0;
}
