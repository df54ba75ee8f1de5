/* mail.c - send one plain-text UTF-8 e-mail over SMTP with libcurl. */
#include "mail.h"
#include "mime.h"
#include "str.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init_once(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct reader {
    const char *data;
    size_t len, pos;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct reader *r = userdata;
    size_t room = size * nmemb;
    size_t n = r->len - r->pos < room ? r->len - r->pos : room;
    memcpy(ptr, r->data + r->pos, n);
    r->pos += n;
    return n;
}

static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        str_copy(err, errlen, msg);
}

/* True when the URL's host is on loopback, where plain-text AUTH cannot be observed. */
static bool url_is_loopback(const char *url)
{
    const char *h = strstr(url, "://");
    if (!h)
        return false;
    h += 3;
    const char *at = strchr(h, '@');
    const char *slash = strchr(h, '/');
    if (at && (!slash || at < slash))
        h = at + 1;
    return str_starts(h, "127.") || str_starts(h, "localhost:") || str_eq(h, "localhost") ||
           str_starts(h, "localhost/") || str_starts(h, "[::1]");
}

int mail_send(const struct mail_config *cfg, const char *to, const char *subject_utf8,
              const char *body_utf8, char *err, size_t errlen)
{
    if (!cfg || !cfg->smtp_url ||
        !(str_starts(cfg->smtp_url, "smtp://") || str_starts(cfg->smtp_url, "smtps://"))) {
        set_err(err, errlen, "mail: smtp_url must start with smtp:// or smtps://");
        return -1;
    }
    if (sodium_init() < 0) {
        set_err(err, errlen, "mail: libsodium init failed");
        return -1;
    }

    /* Message-ID: 128 random bits at the sender's domain */
    unsigned char rnd[16];
    char hex[33], msgid[300];
    randombytes_buf(rnd, sizeof rnd);
    str_hex(hex, rnd, sizeof rnd);
    const char *dom = cfg->from_addr ? strrchr(cfg->from_addr, '@') : NULL;
    if (!str_fmt(msgid, sizeof msgid, "%s@%s", hex, dom ? dom + 1 : "otasuke.invalid")) {
        set_err(err, errlen, "mail: sender domain too long");
        return -1;
    }

    buf_t msg;
    buf_init(&msg);
    struct mime_message m = {
        .from_addr = cfg->from_addr,
        .from_name = cfg->from_name,
        .to = to,
        .subject = subject_utf8,
        .body = body_utf8,
        .date = time(NULL),
        .message_id = msgid,
    };
    char why[200];
    if (mime_build(&msg, &m, why, sizeof why) != 0) {
        if (err && errlen)
            str_fmt(err, errlen, "mail: %s", why);
        buf_free(&msg);
        return -1;
    }

    pthread_once(&curl_once, curl_init_once);
    if (curl_init_rc != CURLE_OK) {
        set_err(err, errlen, "mail: curl_global_init failed");
        buf_free(&msg);
        return -1;
    }

    int rc = -1;
    CURL *curl = curl_easy_init();
    struct curl_slist *rcpt = NULL;
    char from_env[300], to_env[300];
    char curl_err[CURL_ERROR_SIZE] = "";
    if (!curl) {
        set_err(err, errlen, "mail: curl_easy_init failed");
        goto out;
    }
    /* addresses were validated by mime_build, so they fit and carry no CR/LF */
    str_fmt(from_env, sizeof from_env, "<%s>", cfg->from_addr);
    str_fmt(to_env, sizeof to_env, "<%s>", to);
    rcpt = curl_slist_append(NULL, to_env);
    if (!rcpt) {
        set_err(err, errlen, "mail: out of memory");
        goto out;
    }
    struct reader rd = {msg.data, msg.len, 0};
    curl_easy_setopt(curl, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from_env);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(curl, CURLOPT_READDATA, &rd);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err);
    bool with_auth = cfg->user && *cfg->user;
    if (with_auth) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, cfg->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
    }
    /* smtp:// upgrades with STARTTLS when offered; with credentials off loopback it must */
    if (str_starts(cfg->smtp_url, "smtp://"))
        curl_easy_setopt(curl, CURLOPT_USE_SSL,
                         with_auth && !url_is_loopback(cfg->smtp_url) ? (long)CURLUSESSL_ALL
                                                                      : (long)CURLUSESSL_TRY);

    CURLcode res = curl_easy_perform(curl);
    if (res != CURLE_OK) {
        if (err && errlen)
            str_fmt(err, errlen, "mail: %s", curl_err[0] ? curl_err : curl_easy_strerror(res));
        goto out;
    }
    rc = 0;
out:
    curl_slist_free_all(rcpt);
    if (curl)
        curl_easy_cleanup(curl);
    buf_free(&msg);
    return rc;
}
