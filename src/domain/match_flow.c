/* match_flow.c - program-wide SME/expert assignment as a min-cost flow (match_optimize).
 *
 * Network: source -> SME i (cap 1, cost -(M + R * regional_i)) -> expert j (cap 1 per
 * feasible pair, cost -score_ij) -> sink through unit arcs k = 1..capacity_left_j with cost
 * load_step * (load_j + k - 1). The unit costs increase with k, so the flow fills an
 * expert's cheap units first and the total is convex in its load: spreading load pays.
 *
 * Constants (B bounds any difference of sum(score) - sum(load cost)):
 *   B = n * max_score + sum of all unit costs + 1, R = B, M = (n + 2) * B.
 * Every source-sink path carries exactly one new source arc, so each augmentation adds one
 * matched SME and costs less than -M + (everything else) < 0: the flow maximizes matched
 * SMEs first. Among flows of the same size, one regional SME more is worth R = B, more than
 * any score/load gain, so regional SMEs (outside the three metro areas) win when capacity is
 * short; then score minus load cost decides. See match.h.
 *
 * Algorithm: successive shortest paths. The graph is a DAG at first, so initial potentials
 * come from one pass in topological order; then Dijkstra on reduced costs (non-negative by
 * the potential invariant) with a binary heap finds each augmenting path.
 */
#include "match.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int *to, *cap, *next; /* arc e and its reverse e ^ 1 */
    long long *cost;
    int *head;
    int narcs, maxarcs, nnodes;
} graph_t;

static int add_arc(graph_t *G, int u, int v, long long cost)
{
    if (G->narcs + 2 > G->maxarcs)
        return -1;
    int e = G->narcs;
    G->to[e] = v, G->cap[e] = 1, G->cost[e] = cost, G->next[e] = G->head[u], G->head[u] = e;
    G->to[e + 1] = u, G->cap[e + 1] = 0, G->cost[e + 1] = -cost;
    G->next[e + 1] = G->head[v], G->head[v] = e + 1;
    G->narcs += 2;
    return e;
}

typedef struct {
    long long d;
    int v;
} heap_item;

static void heap_push(heap_item *h, int *n, long long d, int v)
{
    int i = (*n)++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (h[p].d <= d)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i].d = d, h[i].v = v;
}

static heap_item heap_pop(heap_item *h, int *n)
{
    heap_item top = h[0], last = h[--(*n)];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && h[c + 1].d < h[c].d)
            c++;
        if (h[c].d >= last.d)
            break;
        h[i] = h[c];
        i = c;
    }
    if (*n > 0)
        h[i] = last;
    return top;
}

static void graph_free(graph_t *G)
{
    free(G->to), free(G->cap), free(G->next), free(G->cost), free(G->head);
}

static bool mul_ok(long long a, long long b, long long *out)
{
    return !__builtin_mul_overflow(a, b, out) && *out < LLONG_MAX / 8;
}

static bool add_ok(long long a, long long b, long long *out)
{
    return !__builtin_add_overflow(a, b, out) && *out < LLONG_MAX / 8;
}

int match_optimize(const match_geo_t *g, const struct match_sme *smes, size_t nsmes,
                   const struct match_expert *experts, size_t nexperts, struct match_result *out)
{
    memset(out, 0, sizeof *out);
    if (nsmes > 1000000 || nexperts > 1000000)
        return -1;
    out->expert_of = malloc((nsmes ? nsmes : 1) * sizeof *out->expert_of);
    if (!out->expert_of)
        return -1;
    for (size_t i = 0; i < nsmes; i++)
        out->expert_of[i] = -1;
    if (nsmes == 0 || nexperts == 0)
        return 0;

    const struct match_weights *W = match_geo_weights(g);
    int n = (int)nsmes, m = (int)nexperts;
    int src = 0, sink = n + m + 1, V = n + m + 2;
    int rc = -1;
    graph_t G = {0};
    int *score = NULL, *units = NULL, *prev = NULL;
    long long *pi = NULL, *dist = NULL;
    heap_item *heap = NULL;
    char *done = NULL;

    /* Feasible pair scores, unit counts, and the bound B. */
    size_t npairs = 0;
    score = malloc(nsmes * nexperts * sizeof *score);
    units = malloc(nexperts * sizeof *units);
    if (!score || !units)
        goto out;
    for (size_t i = 0; i < nsmes; i++)
        for (size_t j = 0; j < nexperts; j++) {
            score[i * nexperts + j] = match_score(g, &smes[i], &experts[j], NULL);
            if (score[i * nexperts + j] >= 0)
                npairs++;
        }
    long long max_score = (long long)W->same_prefecture + W->industry + W->speciality + W->load;
    long long B, unit_sum = 0;
    size_t nunits = 0;
    for (int j = 0; j < m; j++) {
        int u = experts[j].capacity_left;
        units[j] = u <= 0 ? 0 : (u < n ? u : n);
        nunits += (size_t)units[j];
        long long load = experts[j].load > 0 ? experts[j].load : 0;
        for (int k = 1; k <= units[j]; k++)
            if (!add_ok(unit_sum, (long long)W->load_step * (load + k - 1), &unit_sum))
                goto out;
    }
    long long R, M, t;
    if (!mul_ok(max_score, n, &t) || !add_ok(t, unit_sum + 1, &B))
        goto out;
    R = B;
    if (!mul_ok(B, (long long)n + 2, &M))
        goto out;
    /* a path cost is bounded by about n * (M + R + B); keep it far from overflow */
    if (!mul_ok(M + R + B, (long long)n + 1, &t))
        goto out;

    size_t maxarcs = 2 * (nsmes + npairs + nunits);
    if (maxarcs > INT_MAX)
        goto out;
    G.maxarcs = (int)maxarcs, G.nnodes = V;
    G.to = malloc(maxarcs * sizeof *G.to);
    G.cap = malloc(maxarcs * sizeof *G.cap);
    G.next = malloc(maxarcs * sizeof *G.next);
    G.cost = malloc(maxarcs * sizeof *G.cost);
    G.head = malloc((size_t)V * sizeof *G.head);
    pi = malloc((size_t)V * sizeof *pi);
    dist = malloc((size_t)V * sizeof *dist);
    prev = malloc((size_t)V * sizeof *prev);
    done = malloc((size_t)V);
    heap = malloc((maxarcs + (size_t)V) * sizeof *heap);
    if (!G.to || !G.cap || !G.next || !G.cost || !G.head || !pi || !dist || !prev || !done || !heap)
        goto out;
    for (int v = 0; v < V; v++)
        G.head[v] = -1;

    /* Arcs, and initial potentials = shortest distances in the DAG (unreachable: 0). */
    const long long INF = LLONG_MAX / 4;
    for (int v = 0; v < V; v++)
        pi[v] = INF;
    pi[src] = 0;
    for (int i = 0; i < n; i++) {
        long long c = -(M + (match_geo_metro(g, smes[i].prefecture) == 0 ? R : 0));
        add_arc(&G, src, 1 + i, c);
        pi[1 + i] = c;
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            int sc = score[(size_t)i * nexperts + (size_t)j];
            if (sc < 0)
                continue;
            add_arc(&G, 1 + i, 1 + n + j, -(long long)sc);
            if (pi[1 + i] - sc < pi[1 + n + j])
                pi[1 + n + j] = pi[1 + i] - sc;
        }
    for (int j = 0; j < m; j++) {
        long long load = experts[j].load > 0 ? experts[j].load : 0;
        for (int k = 1; k <= units[j]; k++) {
            long long c = (long long)W->load_step * (load + k - 1);
            add_arc(&G, 1 + n + j, sink, c);
            if (pi[1 + n + j] < INF && pi[1 + n + j] + c < pi[sink])
                pi[sink] = pi[1 + n + j] + c;
        }
    }
    for (int v = 0; v < V; v++)
        if (pi[v] >= INF)
            pi[v] = 0;

    /* Successive shortest paths: one unit (one SME) per augmentation. */
    for (;;) {
        for (int v = 0; v < V; v++)
            dist[v] = INF, prev[v] = -1, done[v] = 0;
        int hn = 0;
        dist[src] = 0;
        heap_push(heap, &hn, 0, src);
        while (hn > 0) {
            heap_item it = heap_pop(heap, &hn);
            int u = it.v;
            if (done[u] || it.d != dist[u])
                continue;
            done[u] = 1;
            for (int e = G.head[u]; e >= 0; e = G.next[e]) {
                if (G.cap[e] <= 0)
                    continue;
                int v = G.to[e];
                long long nd = dist[u] + G.cost[e] + pi[u] - pi[v];
                if (nd < dist[v]) {
                    dist[v] = nd;
                    prev[v] = e;
                    heap_push(heap, &hn, nd, v);
                }
            }
        }
        if (dist[sink] >= INF)
            break;
        long long dmax = 0;
        for (int v = 0; v < V; v++)
            if (dist[v] < INF && dist[v] > dmax)
                dmax = dist[v];
        for (int v = 0; v < V; v++)
            pi[v] += dist[v] < INF ? dist[v] : dmax;
        /* pi[sink] - pi[src] is now the real cost of the path; stop when not negative */
        if (pi[sink] - pi[src] >= 0)
            break;
        for (int v = sink; v != src; v = G.to[prev[v] ^ 1]) {
            G.cap[prev[v]]--;
            G.cap[prev[v] ^ 1]++;
        }
    }

    /* SME -> expert arcs with flow tell the assignment. */
    for (int i = 0; i < n; i++)
        for (int e = G.head[1 + i]; e >= 0; e = G.next[e]) {
            int v = G.to[e];
            if ((e & 1) == 0 && v > n && v <= n + m && G.cap[e] == 0) {
                out->expert_of[i] = v - 1 - n;
                out->matched++;
                out->total_score += score[(size_t)i * nexperts + (size_t)(v - 1 - n)];
            }
        }
    rc = 0;
out:
    graph_free(&G);
    free(score), free(units), free(prev), free(pi), free(dist), free(heap), free(done);
    if (rc != 0) {
        free(out->expert_of);
        memset(out, 0, sizeof *out);
    }
    return rc;
}

void match_result_free(struct match_result *r)
{
    if (!r)
        return;
    free(r->expert_of);
    r->expert_of = NULL;
}
