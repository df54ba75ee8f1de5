/* smb.c - SMB negotiate parser (SMB1 and SMB2/3) over NetBIOS session framing: the offered
 * dialects of the client's first negotiate and the server's choice; stops after that. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"

#define SMB_MSG_MAX 4096
#define SMB_MAX_MSGS 4

struct smb_dir {
    uint8_t hdr[4];
    size_t hdr_len;
    size_t left;     /* bytes of the current message still to come */
    struct sbuf msg; /* its first SMB_MSG_MAX bytes */
    unsigned msgs;
    bool done;
};

struct smb_state {
    struct smb_dir d[2];
    char req_dialects[SMB_MAX_DIALECTS][32]; /* SMB1 request names, for the index reply */
    size_t n_req;
    bool got_req, got_resp;
};

struct smb_state *smb_new(void)
{
    struct smb_state *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    sbuf_init(&s->d[0].msg, SMB_MSG_MAX);
    sbuf_init(&s->d[1].msg, SMB_MSG_MAX);
    return s;
}

void smb_free(struct smb_state *s)
{
    if (!s)
        return;
    sbuf_free(&s->d[0].msg);
    sbuf_free(&s->d[1].msg);
    free(s);
}

static uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void smb2_name(uint16_t d, char *out, size_t outsz)
{
    if (d == 0x02ff)
        snprintf(out, outsz, "2.??");
    else
        snprintf(out, outsz, "%x.%02x", d >> 8, d & 0xff);
}

static bool smb1_is_smb2(const char *name)
{
    return strncmp(name, "SMB 2.", 6) == 0;
}

static void message(struct smb_state *s, int dir, const uint8_t *m, size_t n, int64_t ts_us,
                    const struct app_emit *em)
{
    struct smb_event ev;
    memset(&ev, 0, sizeof ev);
    ev.ts_us = ts_us;
    ev.is_response = dir == 1;
    if (n >= 36 && memcmp(m, "\xffSMB", 4) == 0 && m[4] == 0x72) {
        ev.smb_version = 1;
        const uint8_t *b = m + 32;
        size_t bn = n - 32;
        uint8_t wc = b[0];
        if (bn < 1 + 2u * wc + 2)
            return;
        if (dir == 0) {
            size_t bc = le16(b + 1 + 2 * wc);
            const uint8_t *d = b + 3 + 2 * wc;
            size_t dn = bn - 3 - 2 * wc;
            if (bc < dn)
                dn = bc;
            size_t i = 0;
            while (i < dn && ev.n_dialects < SMB_MAX_DIALECTS) {
                if (d[i] != 0x02)
                    break;
                i++;
                const uint8_t *z = memchr(d + i, 0, dn - i);
                size_t l = z ? (size_t)(z - (d + i)) : dn - i;
                text_copy(ev.dialects[ev.n_dialects], sizeof ev.dialects[0], d + i, l);
                if (smb1_is_smb2(ev.dialects[ev.n_dialects]))
                    ev.offers_smb2 = true;
                ev.n_dialects++;
                i += l + 1;
            }
            memcpy(s->req_dialects, ev.dialects, sizeof ev.dialects);
            s->n_req = ev.n_dialects;
            s->got_req = true;
        } else {
            if (wc < 1)
                return;
            uint16_t idx = le16(b + 1);
            if (idx < s->n_req) {
                memcpy(ev.selected, s->req_dialects[idx], sizeof ev.selected);
                ev.smb1_selected = !smb1_is_smb2(ev.selected);
            }
            s->got_resp = true;
        }
        em->emit(em->ctx, APP_SMB, &ev);
        return;
    }
    if (n >= 64 + 8 && memcmp(m, "\xfeSMB", 4) == 0 && le16(m + 12) == 0) {
        ev.smb_version = 2;
        const uint8_t *b = m + 64;
        size_t bn = n - 64;
        bool resp = (m[16] & 1) != 0;
        ev.is_response = resp;
        if (!resp) {
            size_t cnt = le16(b + 2);
            for (size_t i = 0; i < cnt && 36 + 2 * i + 2 <= bn && ev.n_dialects < SMB_MAX_DIALECTS;
                 i++)
                smb2_name(le16(b + 36 + 2 * i), ev.dialects[ev.n_dialects++],
                          sizeof ev.dialects[0]);
            ev.offers_smb2 = ev.n_dialects > 0;
            s->got_req = true;
        } else {
            smb2_name(le16(b + 4), ev.selected, sizeof ev.selected);
            s->got_resp = true;
        }
        em->emit(em->ctx, APP_SMB, &ev);
    }
}

bool smb_feed(struct smb_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
              const struct app_emit *em)
{
    dir &= 1;
    struct smb_dir *d = &s->d[dir];
    while (n > 0 && !d->done) {
        if (d->left == 0 && d->hdr_len < 4) {
            size_t take = 4 - d->hdr_len < n ? 4 - d->hdr_len : n;
            memcpy(d->hdr + d->hdr_len, p, take);
            d->hdr_len += take;
            p += take;
            n -= take;
            if (d->hdr_len < 4)
                break;
            if (d->hdr[0] != 0x00) { /* other NetBIOS session packets: keepalive etc. */
                d->left = (size_t)(d->hdr[1] & 1) << 16 | (size_t)d->hdr[2] << 8 | d->hdr[3];
                d->hdr_len = d->left ? 5 : 0; /* 5 = skipping */
                if (d->hdr[0] != 0x85 && d->hdr[0] != 0x81 && d->hdr[0] != 0x82) {
                    d->done = true;
                }
                continue;
            }
            d->left = (size_t)d->hdr[1] << 16 | (size_t)d->hdr[2] << 8 | d->hdr[3];
            d->msg.len = 0;
            if (d->left == 0)
                d->hdr_len = 0;
            continue;
        }
        size_t take = d->left < n ? d->left : n;
        if (d->hdr_len == 4 && d->msg.len < SMB_MSG_MAX) {
            size_t room = SMB_MSG_MAX - d->msg.len;
            sbuf_append(&d->msg, p, take < room ? take : room);
        }
        d->left -= take;
        p += take;
        n -= take;
        if (d->left == 0) {
            if (d->hdr_len == 4) {
                message(s, dir, d->msg.d, d->msg.len, ts_us, em);
                d->msgs++;
            }
            d->hdr_len = 0;
            d->msg.len = 0;
            if (d->msgs >= SMB_MAX_MSGS || (s->got_req && s->got_resp))
                d->done = true;
        }
    }
    if (d->done)
        sbuf_free(&d->msg);
    return !d->done;
}
