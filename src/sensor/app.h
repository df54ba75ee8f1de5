/* app.h - the application-layer parsers' common interface: how they hand events back, and the
 * streaming parsers fed with in-order TCP bytes per direction (0 = to server, 1 = to client). */
#ifndef OTASUKE_SENSOR_APP_H
#define OTASUKE_SENSOR_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events.h"
#include "text.h"

/* Parsers report events through this: kind says which struct ev points to
 * (APP_DNS dns_event, APP_TLS tls_event, APP_HTTP http_event, APP_DHCP dhcp_event,
 * APP_SMTP smtp_event, APP_SMB smb_event). */
struct app_emit {
    void *ctx;
    void (*emit)(void *ctx, enum app_proto kind, const void *ev);
};

/* Message parsers (one datagram / one framed message). */
bool dns_parse(const uint8_t *p, size_t n, int64_t ts_us, struct dns_event *ev);
bool dhcp_parse(const uint8_t *p, size_t n, int64_t ts_us, struct dhcp_event *ev);

/* Streaming parsers. *_new returns NULL on allocation failure; *_feed returns false once the
 * parser needs no more bytes in that direction; *_gap tells it bytes were lost; *_end flushes
 * what is pending (called once at flow end). */
/* Fills SNI, JA3 and JA4 of ev from a ClientHello body (after the 4-byte handshake header);
 * transport is JA4's first letter: 't' TCP, 'q' QUIC. Sets ev->has_client_hello on success. */
void tls_parse_client_hello(struct tls_event *ev, const uint8_t *p, size_t n, char transport);

struct tls_state;
struct tls_state *tls_new(void);
void tls_free(struct tls_state *s);
bool tls_feed(struct tls_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
              const struct app_emit *em);
void tls_end(struct tls_state *s, const struct app_emit *em);

struct http_state;
struct http_state *http_new(void);
void http_free(struct http_state *s);
bool http_feed(struct http_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
               const struct app_emit *em);
/* gap_len bytes of direction dir were lost (0 = unknown). */
void http_gap(struct http_state *s, int dir, uint32_t gap_len, const struct app_emit *em);
void http_end(struct http_state *s, const struct app_emit *em);

struct smtp_state;
struct smtp_state *smtp_new(void);
void smtp_free(struct smtp_state *s);
/* *starttls is set when the session switched to TLS (the caller may hand over to tls). */
bool smtp_feed(struct smtp_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
               const struct app_emit *em, bool *starttls);
void smtp_end(struct smtp_state *s, const struct app_emit *em);

struct smb_state;
struct smb_state *smb_new(void);
void smb_free(struct smb_state *s);
bool smb_feed(struct smb_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
              const struct app_emit *em);

/* QUIC: the client's Initial packets (UDP datagrams in dir 0) give a tls_event (quic = true). */
struct quic_state;
struct quic_state *quic_new(void);
void quic_free(struct quic_state *s);
bool quic_feed(struct quic_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
               const struct app_emit *em);
bool quic_is_initial(const uint8_t *p, size_t n);
/* Google QUIC's clear-text client hello (up to Q046): SNI and user agent into ev. */
bool gquic_parse(const uint8_t *p, size_t n, int64_t ts_us, struct tls_event *ev);

/* DNS over TCP: 2-byte length-prefixed messages. */
struct dnstcp_state;
struct dnstcp_state *dnstcp_new(void);
void dnstcp_free(struct dnstcp_state *s);
bool dnstcp_feed(struct dnstcp_state *s, int dir, const uint8_t *p, size_t n, int64_t ts_us,
                 const struct app_emit *em);

/* TCP SYN / SYN-ACK fingerprint from the IP/TCP header facts. */
struct packet;
void synfp_build(const struct packet *pkt, struct syn_fingerprint *fp);

#endif
