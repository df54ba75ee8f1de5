/* detect_services.c - loads data/sensor/services.tsv: the ports exposed-service, lateral
 * movement, mail bursts and beaconing look at, with names for the alerts. */
#include "detect_int.h"

#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileutil.h"
#include "log.h"
#include "str.h"

#define SERVICES_MAX 256

static const char *const role_names[SVC_ROLES] = {"exposed", "lateral", "mail", "quiet"};

int detect_services_load(detect_t *d, const char *path, char *err, size_t errsz)
{
    char def[1024];
    if (!path) {
        if (!share_path(def, sizeof def, "data/sensor/services.tsv")) {
            str_fmt(err, errsz, "services: path too long");
            return -1;
        }
        path = def;
    }
    FILE *fp = fopen(path, "r");
    if (!fp) {
        str_fmt(err, errsz, "cannot read service ports %s", path);
        return -1;
    }
    d->services = calloc(SERVICES_MAX, sizeof *d->services);
    if (!d->services) {
        fclose(fp);
        str_fmt(err, errsz, "out of memory");
        return -1;
    }
    char line[512];
    int lineno = 0;
    while (fgets(line, sizeof line, fp) && d->n_services < SERVICES_MAX) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *f[6];
        size_t nf = 0;
        for (char *p = line; nf < 6;) {
            f[nf++] = p;
            char *t = strchr(p, '\t');
            if (!t)
                break;
            *t = '\0';
            p = t + 1;
        }
        struct service *s = &d->services[d->n_services];
        int64_t port, sev = 0;
        int role = -1;
        for (int r = 0; nf == 6 && r < SVC_ROLES; r++)
            if (strcmp(f[0], role_names[r]) == 0)
                role = r;
        bool ok = role >= 0 && str_to_i64(f[1], 1, 65535, &port) &&
                  (strcmp(f[3], "-") == 0 || str_to_i64(f[3], 1, 3, &sev));
        if (ok && strcmp(f[2], "tcp") == 0)
            s->proto = IPPROTO_TCP;
        else if (ok && strcmp(f[2], "udp") == 0)
            s->proto = IPPROTO_UDP;
        else if (ok && strcmp(f[2], "any") == 0)
            s->proto = 0;
        else
            ok = false;
        if (!ok) {
            log_warn("services %s:%d: want role, port, tcp/udp/any, severity, name, name_ja", path,
                     lineno);
            continue;
        }
        s->role = (uint8_t)role;
        s->port = (uint16_t)port;
        s->severity = (int)sev;
        str_copy(s->name, sizeof s->name, f[4]);
        str_copy(s->name_ja, sizeof s->name_ja, f[5]);
        d->n_services++;
    }
    fclose(fp);
    return 0;
}

static const struct service *find(const detect_t *d, enum svc_role role, uint16_t port,
                                  uint8_t proto)
{
    for (size_t i = 0; i < d->n_services; i++) {
        const struct service *s = &d->services[i];
        if (s->role == role && s->port == port && (s->proto == 0 || s->proto == proto))
            return s;
    }
    return NULL;
}

bool detect_port_role(const detect_t *d, enum svc_role role, uint16_t port, uint8_t proto)
{
    return find(d, role, port, proto) != NULL;
}

const struct service *detect_find_exposed(const detect_t *d, uint16_t port, uint8_t proto)
{
    return find(d, SVC_EXPOSED, port, proto);
}
