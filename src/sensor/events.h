/* events.h - records the packet path produces (flows, protocol events) and the sink that consumes
 * them. */
#ifndef OTASUKE_SENSOR_EVENTS_H
#define OTASUKE_SENSOR_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Contract for every struct below:
 * - Text fields are NUL-terminated, truncated to their size, and always valid UTF-8 without
 *   control characters (the parsers replace bytes that are not with '?'), so they can go into
 *   JSON or an explanation as they are. They are still attacker-controlled content.
 * - Timestamps are microseconds since the Unix epoch, taken from the packet (capture time).
 * - Pointers handed to a sink callback are valid only during the call.
 */

/* An IPv4 or IPv6 address. IPv4 is held in a[0..3], the rest zero. */
struct sensor_addr {
    uint8_t family; /* 4 or 6; 0 = none */
    uint8_t a[16];
};

#define SENSOR_ADDR_STRLEN 46 /* INET6_ADDRSTRLEN */
#define SENSOR_MAC_STRLEN 18  /* "aa:bb:cc:dd:ee:ff" + NUL */

/* Formats an address as text ("" for none); returns out. */
const char *sensor_addr_str(const struct sensor_addr *a, char *out, size_t outsz);
/* Parses dotted IPv4 or IPv6 text; false if invalid. */
bool sensor_addr_parse(const char *s, struct sensor_addr *out);
bool sensor_addr_eq(const struct sensor_addr *x, const struct sensor_addr *y);
/* True if a lies inside net/prefix_len (same family). */
bool sensor_addr_in_net(const struct sensor_addr *a, const struct sensor_addr *net,
                        unsigned prefix_len);
/* Formats a MAC as lower-case "aa:bb:cc:dd:ee:ff"; returns out. */
const char *sensor_mac_str(const uint8_t mac[6], char *out, size_t outsz);

/* Application protocol detected on a flow (names as Suricata's app_proto). */
enum app_proto {
    APP_UNKNOWN = 0,
    APP_DNS,
    APP_TLS,
    APP_HTTP,
    APP_DHCP,
    APP_SMTP,
    APP_SMB,
};
const char *app_proto_name(enum app_proto p); /* "dns", "tls", ...; "" for unknown */

/* Bidirectional flow key; src is the initiator (client), dst the responder. */
struct flow_key {
    struct sensor_addr src, dst;
    uint16_t sport, dport; /* ICMP: type and code in sport/dport */
    uint8_t proto;         /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_ICMPV6, ... */
    uint16_t vlan;         /* outermost 802.1Q VLAN id, 0 if none */
};

/* TCP connection progress, as seen on the wire. */
enum flow_state {
    FLOW_STATE_NEW = 0,     /* first packet(s) only (or not TCP) */
    FLOW_STATE_SYN_SENT,    /* client SYN seen */
    FLOW_STATE_SYN_ACKED,   /* server SYN-ACK seen */
    FLOW_STATE_ESTABLISHED, /* handshake completed (or data both ways) */
    FLOW_STATE_CLOSED,      /* FIN both ways or RST */
};

/* Why a flow ended. */
enum flow_end_reason {
    FLOW_END_NONE = 0, /* still active */
    FLOW_END_TIMEOUT,  /* idle timeout */
    FLOW_END_CLOSED,   /* TCP close (FIN/RST) followed by the close timeout */
    FLOW_END_EVICTED,  /* flow table full: oldest flow pushed out (counted in stats) */
    FLOW_END_SHUTDOWN, /* end of the capture / sensor stopping */
};

struct flow {
    uint64_t id; /* EVE flow_id: stable for the flow's life, < 2^53 */
    struct flow_key key;
    uint8_t src_mac[6], dst_mac[6]; /* from the first frame each way; zero if not Ethernet */
    int64_t ts_first_us, ts_last_us;
    uint64_t pkts_toserver, pkts_toclient;
    uint64_t bytes_toserver, bytes_toclient; /* frame bytes on the wire, as Suricata counts */
    enum flow_state state;
    enum flow_end_reason end_reason;
    uint8_t tcp_flags_ts, tcp_flags_tc; /* OR of TCP flags each way */
    bool rst_seen;
    enum app_proto app_proto;
    /* Owned by detection: zero when the flow starts; whatever detect_data points to must be
     * released in on_flow_end, which is called exactly once for every flow that got an
     * on_flow_start (also on eviction and at shutdown). */
    uint32_t detect_flags;
    void *detect_data;
};

/* DNS message (query or response) over UDP or TCP. */
#define DNS_MAX_ANSWERS 16
#define DNS_NAME_LEN 256

struct dns_answer {
    char rrname[DNS_NAME_LEN];
    uint16_t rrtype;
    uint32_t ttl;
    char rdata[DNS_NAME_LEN]; /* A/AAAA as address text, CNAME/NS/PTR/MX as name, TXT text */
    struct sensor_addr addr;  /* A/AAAA: the address; otherwise family 0 */
};

/* SOA record data (authority section of NXDOMAIN/NODATA answers). */
struct dns_soa {
    char mname[DNS_NAME_LEN], rname[DNS_NAME_LEN];
    uint32_t serial, refresh, retry, expire, minimum;
};
#define DNS_MAX_AUTHORITIES 8

struct dns_event {
    int64_t ts_us;
    bool is_response;
    uint16_t txid;
    uint32_t tx_id; /* number of DNS messages seen on this flow before this one */
    uint16_t flags; /* raw header flags */
    uint8_t opcode;
    uint8_t rcode;             /* 0 NOERROR, 3 NXDOMAIN, ... */
    char rrname[DNS_NAME_LEN]; /* first question, as sent */
    uint16_t rrtype;
    uint16_t rrclass;
    size_t n_answers; /* stored answers (<= DNS_MAX_ANSWERS) */
    struct dns_answer answers[DNS_MAX_ANSWERS];
    size_t n_authorities; /* stored authority records (<= DNS_MAX_AUTHORITIES) */
    struct dns_answer authorities[DNS_MAX_AUTHORITIES];
    int soa_index; /* index in authorities of the first SOA record, -1 if none */
    struct dns_soa soa;
};
const char *dns_rrtype_name(uint16_t t); /* "A", "AAAA", ...; NULL if unknown */
const char *dns_rcode_name(uint8_t rc);  /* "NOERROR", "NXDOMAIN", ... */

/* TLS handshake facts. on_tls is called when the ClientHello is parsed (has_client_hello) and
 * again when the server certificate is parsed (has_cert); each call carries all facts known so
 * far for the flow. */
struct tls_event {
    int64_t ts_us;
    bool has_client_hello;
    bool has_server_hello;
    bool has_cert;
    uint16_t client_version; /* legacy_version of ClientHello, e.g. 0x0303 */
    uint16_t version;        /* negotiated (ServerHello, supported_versions), 0 if unknown */
    char sni[256];
    char ja3[1024];    /* JA3 string "771,4865-...,0-23-...,29-23,0" */
    char ja3_hash[33]; /* md5 of ja3, lower-case hex */
    char ja3s[512];    /* JA3S string of the ServerHello, "" if none */
    char ja3s_hash[33];
    char ja4[40];       /* JA4 (a_b_c form), "" if not computed */
    char cert_sha1[41]; /* SHA-1 of the server's leaf certificate, lower-case hex, no colons */
    char subject[512];  /* leaf certificate subject "C=US, O=..., CN=..." */
    char issuerdn[512];
    char serial[128];  /* "0A:1B:..." upper-case hex bytes joined by ':' */
    int64_t notbefore; /* Unix seconds; 0 if unknown */
    int64_t notafter;
    bool complete;         /* last call for this flow: the handshake is over or the flow ended */
    bool quic;             /* the ClientHello came in QUIC Initial packets (UDP) */
    char quic_version[16]; /* "1", "2", "draft-29", "Q043", ... when quic */
    char quic_ua[256];     /* Google QUIC's user agent (CHLO tag UAID), "" otherwise */
};

/* One HTTP/1.x transaction. Emitted once the response headers (and first body bytes) are seen,
 * or at flow end with only the request. */
struct http_event {
    int64_t ts_us;
    bool has_request, has_response;
    char method[16];
    char host[256]; /* Host header without port */
    char uri[1024];
    char protocol[16]; /* "HTTP/1.1" */
    char user_agent[512];
    char referer[512];
    int status; /* 0 if no response */
    char content_type[128];
    char location[512];
    int64_t content_length; /* response Content-Length, -1 if absent */
    /* First bytes of the response body (after de-chunking; not decompressed). */
    uint8_t body_prefix[16];
    size_t body_prefix_len;
    /* Recognized magic of the response body: "MZ" (Windows PE/DOS executable), "ELF", "PK"
     * (zip/office), "PDF", "GZIP", "RAR", "7Z", "CAB", "MSI" (OLE2 compound file); "" none. */
    char file_magic[8];
    bool is_pe; /* body starts with "MZ" (a PE header was also found when it fit) */
};

/* DHCP (BOOTP) message. Option values as sent. */
#define DHCP_MAX_PARAMS 64
#define DHCP_MAX_ADDRS 4
struct dhcp_event {
    int64_t ts_us;
    uint8_t op;       /* 1 BOOTREQUEST, 2 BOOTREPLY */
    uint8_t msg_type; /* option 53: 1 DISCOVER .. 8 INFORM; 0 if absent */
    uint32_t xid;
    uint8_t client_mac[6]; /* chaddr */
    struct sensor_addr client_ip, assigned_ip, relay_ip,
        next_server_ip;                         /* ciaddr yiaddr giaddr siaddr */
    struct sensor_addr requested_ip;            /* option 50 */
    struct sensor_addr subnet_mask;             /* option 1 */
    struct sensor_addr routers[DHCP_MAX_ADDRS]; /* option 3 */
    size_t n_routers;
    struct sensor_addr dns_servers[DHCP_MAX_ADDRS]; /* option 6 */
    size_t n_dns_servers;
    char hostname[256];     /* option 12, up to the first NUL */
    size_t hostname_len;    /* option 12 length as sent (EVE shows trailing NULs like Suricata) */
    char vendor_class[256]; /* option 60 */
    char client_id[128];    /* option 61 as "aa:bb:..." hex */
    uint8_t params[DHCP_MAX_PARAMS]; /* option 55, in order */
    size_t n_params;
    uint32_t lease_time, renewal_time, rebinding_time; /* options 51, 58, 59; 0 if absent */
};
const char *dhcp_type_name(uint8_t msg_type); /* "discover", "offer", ... (Suricata names) */

/* One SMTP message transaction (MAIL FROM .. end of DATA, or aborted by RSET/QUIT/flow end).
 * A session that ends (or switches to TLS) without any transaction gives one event with only
 * helo set (n_rcpt 0, msg_index 1). */
#define SMTP_MAX_RCPT 16
struct smtp_event {
    int64_t ts_us;
    char helo[256]; /* EHLO/HELO argument */
    bool is_ehlo;
    bool starttls; /* the client asked for STARTTLS: the rest is encrypted */
    char mail_from[256];
    size_t n_rcpt; /* number of RCPT TO commands in this transaction (may exceed stored) */
    char rcpt_to[SMTP_MAX_RCPT][256];
    bool data_complete; /* the message was sent (DATA ended with ".") */
    uint32_t msg_index; /* 1-based number of this message on the flow */
};

/* SMB negotiate request or response. */
#define SMB_MAX_DIALECTS 16
struct smb_event {
    int64_t ts_us;
    uint8_t smb_version; /* 1 (\xffSMB) or 2 (\xfeSMB) */
    bool is_response;
    /* Request: offered dialects. SMB1 names as sent ("NT LM 0.12", "SMB 2.002", "SMB 2.???");
     * SMB2 as "2.02", "2.10", "3.00", "3.02", "3.11". */
    size_t n_dialects;
    char dialects[SMB_MAX_DIALECTS][32];
    bool offers_smb2; /* request offers any SMB2/3 dialect */
    /* Response: the chosen dialect in the same notation; SMB1 responses carry the index. */
    char selected[32];
    bool smb1_selected; /* response chose an SMB1 dialect */
};

/* TCP SYN (or SYN-ACK) fingerprint. */
struct syn_fingerprint {
    int64_t ts_us;
    bool is_synack;
    uint8_t ip_version;  /* 4 or 6 */
    uint8_t ttl;         /* as seen (hop limit for IPv6) */
    uint8_t initial_ttl; /* guess: next of 32, 64, 128, 255 at or above ttl */
    bool df;             /* IPv4 don't-fragment */
    uint16_t window;
    uint16_t mss;   /* 0 if absent */
    uint8_t wscale; /* 0xff if absent */
    bool sack_ok, timestamps;
    /* Option order, one letter each: M mss, N nop, W window scale, S sack-permitted,
     * T timestamps, E end of list, ? other. e.g. "MNWNNTS". */
    char options[41];
    uint16_t ip_total_len;
};

/* ARP request or reply. */
struct arp_event {
    int64_t ts_us;
    uint16_t op;        /* 1 request, 2 reply */
    uint8_t src_mac[6]; /* Ethernet source */
    uint8_t sender_mac[6], target_mac[6];
    struct sensor_addr sender_ip, target_ip;
    uint16_t vlan;
};

/*
 * What detection (detect.c) implements. Every callback may be NULL. Callbacks run on the
 * packet path in capture order: keep them cheap.
 * - on_flow_start: first packet of a flow.
 * - on_flow_established: TCP handshake completed (SYN, SYN-ACK, ACK), once per flow.
 * - on_flow_end: exactly once per started flow (timeout, close, eviction or shutdown).
 * - protocol callbacks: as described at each struct; flow is never NULL.
 * - on_tick: packet time advanced by at least one second (now_us = current packet time).
 * - on_finish: input ended (after all on_flow_end calls); last chance to emit alerts.
 */
struct sensor_sink {
    void *ctx;
    void (*on_flow_start)(void *ctx, struct flow *f);
    void (*on_flow_established)(void *ctx, struct flow *f);
    void (*on_flow_end)(void *ctx, struct flow *f);
    void (*on_dns)(void *ctx, struct flow *f, const struct dns_event *e);
    void (*on_tls)(void *ctx, struct flow *f, const struct tls_event *e);
    void (*on_http)(void *ctx, struct flow *f, const struct http_event *e);
    void (*on_dhcp)(void *ctx, struct flow *f, const struct dhcp_event *e);
    void (*on_smtp)(void *ctx, struct flow *f, const struct smtp_event *e);
    void (*on_smb)(void *ctx, struct flow *f, const struct smb_event *e);
    void (*on_syn)(void *ctx, struct flow *f, const struct syn_fingerprint *e);
    void (*on_arp)(void *ctx, const struct arp_event *e);
    void (*on_tick)(void *ctx, int64_t now_us);
    void (*on_finish)(void *ctx, int64_t now_us);
};

/* Severity as Suricata: 1 high, 2 medium, 3 low. */
enum alert_severity { ALERT_SEV_HIGH = 1, ALERT_SEV_MEDIUM = 2, ALERT_SEV_LOW = 3 };

/* An alert for eve_alert() (eve.h). Strings are borrowed for the call. */
struct alert {
    int64_t ts_us;
    const char *category;  /* exactly one of the categories, e.g. "known-bad-destination" */
    int severity;          /* enum alert_severity */
    const char *signature; /* short English title, e.g. "Connection to a Feodo Tracker C2 IP" */
    uint32_t signature_id; /* optional, 0 = none */
    /* The flow involved, or NULL; when NULL the addresses below are used for src/dest. */
    const struct flow *flow;
    struct sensor_addr src, dst;
    uint16_t sport, dport;
    uint8_t proto;
    struct sensor_addr host;             /* the (internal) host involved */
    uint8_t host_mac[6];                 /* zero if unknown */
    const char *hostname;                /* device name if known, or NULL */
    const char *evidence_json;           /* a JSON object as text, or NULL */
    const char *owner_ja, *owner_en;     /* for the SME owner: what happened, what to do */
    const char *analyst_ja, *analyst_en; /* for the SOC analyst */
};

#endif
