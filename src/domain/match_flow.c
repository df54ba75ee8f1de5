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
 * Algorithm: successive shortest paths with potentials. The network is bipartite and kept
 * implicit: an SME's arcs are its feasible pairs (one contiguous row), an expert's residual
 * arcs are the reverse arcs to the SMEs it holds plus its next unused unit arc (the cheapest,
 * since unit costs increase and units are used in order). At first the graph is a DAG, so
 * initial potentials come from one pass in topological order; then Dijkstra on reduced costs
 * (non-negative by the potential invariant) with a binary heap finds each augmenting path,
 * stopping as soon as the sink is settled. Arcs out of the sink are never relaxed: a
 * shortest source-sink path does not pass through the sink.
 */
#include "match.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    long long d;
    int v;
} heap_item;

static void heap_push(heap_item *h, size_t *n, long long d, int v)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h[p].d <= d)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i].d = d, h[i].v = v;
}

static heap_item heap_pop(heap_item *h, size_t *n)
{
    heap_item top = h[0], last = h[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
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

static bool mul_ok(long long a, long long b, long long *out)
{
    return !__builtin_mul_overflow(a, b, out) && *out < LLONG_MAX / 8;
}

static bool add_ok(long long a, long long b, long long *out)
{
    return !__builtin_add_overflow(a, b, out) && *out < LLONG_MAX / 8;
}

/* Working state. Nodes: 0 source, 1..n SMEs, n+1..n+m experts, n+m+1 sink. */
typedef struct {
    int n, m, src, sink, V;
    size_t *row;          /* SME i's pairs are [row[i], row[i+1]) */
    int *pair_exp;        /* expert index of a pair */
    int *pair_score;      /* score of a pair */
    long long *src_cost;  /* per SME: -(M + R * regional) */
    long long *unit_base; /* per expert: load_step * load */
    long long step;
    int *units, *used; /* per expert: units available, used */
    int *assign;       /* per SME: expert index or -1 */
    int *assign_score; /* per SME: score of its current pair */
    int *first, *next; /* per expert: SMEs held, linked through next[SME] */
    long long *pi, *dist;
    int *prev;
    char *done;
    heap_item *heap;
} flow_t;

static void hold(flow_t *F, int j, int i)
{
    F->next[i] = F->first[j];
    F->first[j] = i;
}

static void release(flow_t *F, int j, int i)
{
    for (int *p = &F->first[j]; *p >= 0; p = &F->next[*p])
        if (*p == i) {
            *p = F->next[i];
            return;
        }
}

static void relax(flow_t *F, size_t *hn, int u, int v, long long cost)
{
    long long nd = F->dist[u] + cost + F->pi[u] - F->pi[v];
    if (nd < F->dist[v]) {
        F->dist[v] = nd;
        F->prev[v] = u;
        heap_push(F->heap, hn, nd, v);
    }
}

/* One Dijkstra from the source; true when the sink was reached. */
static bool shortest_path(flow_t *F)
{
    const long long INF = LLONG_MAX / 4;
    int n = F->n;
    for (int v = 0; v < F->V; v++)
        F->dist[v] = INF, F->prev[v] = -1, F->done[v] = 0;
    size_t hn = 0;
    F->dist[F->src] = 0;
    heap_push(F->heap, &hn, 0, F->src);
    while (hn > 0) {
        heap_item it = heap_pop(F->heap, &hn);
        int u = it.v;
        if (F->done[u] || it.d != F->dist[u])
            continue;
        F->done[u] = 1;
        if (u == F->sink)
            return true;
        if (u == F->src) {
            for (int i = 0; i < n; i++)
                if (F->assign[i] < 0)
                    relax(F, &hn, u, 1 + i, F->src_cost[i]);
        } else if (u <= n) {
            int i = u - 1;
            for (size_t p = F->row[i]; p < F->row[i + 1]; p++)
                if (F->pair_exp[p] != F->assign[i])
                    relax(F, &hn, u, 1 + n + F->pair_exp[p], -(long long)F->pair_score[p]);
        } else {
            int j = u - 1 - n;
            for (int i = F->first[j]; i >= 0; i = F->next[i])
                relax(F, &hn, u, 1 + i, F->assign_score[i]);
            if (F->used[j] < F->units[j])
                relax(F, &hn, u, F->sink, F->unit_base[j] + F->step * F->used[j]);
        }
    }
    return false;
}

static void run(flow_t *F)
{
    int n = F->n, m = F->m;
    const long long INF = LLONG_MAX / 4;
    /* Initial potentials = shortest distances in the DAG (unreachable: 0). */
    for (int v = 0; v < F->V; v++)
        F->pi[v] = INF;
    F->pi[F->src] = 0;
    for (int i = 0; i < n; i++) {
        F->pi[1 + i] = F->src_cost[i];
        for (size_t p = F->row[i]; p < F->row[i + 1]; p++) {
            int v = 1 + n + F->pair_exp[p];
            if (F->pi[1 + i] - F->pair_score[p] < F->pi[v])
                F->pi[v] = F->pi[1 + i] - F->pair_score[p];
        }
    }
    for (int j = 0; j < m; j++)
        if (F->units[j] > 0 && F->pi[1 + n + j] < INF &&
            F->pi[1 + n + j] + F->unit_base[j] < F->pi[F->sink])
            F->pi[F->sink] = F->pi[1 + n + j] + F->unit_base[j];
    for (int v = 0; v < F->V; v++)
        if (F->pi[v] >= INF)
            F->pi[v] = 0;

    while (shortest_path(F)) {
        /* New potentials pi += min(dist, D), D = dist[sink]: settled nodes have their exact
         * distance (<= D), all others are at least D away, so min(dist, D) still satisfies
         * the triangle inequality and reduced costs stay non-negative. */
        long long D = F->dist[F->sink];
        for (int v = 0; v < F->V; v++)
            F->pi[v] += F->done[v] ? F->dist[v] : D;
        /* pi[sink] - pi[src] is now the real cost of the path; stop when not negative */
        if (F->pi[F->sink] - F->pi[F->src] >= 0)
            break;
        /* Augment: sink <- expert j <- SME i <- (source | expert j2 <- SME i2 <- ...). */
        int j = F->prev[F->sink] - 1 - n;
        F->used[j]++;
        for (;;) {
            int i = F->prev[1 + n + j] - 1;
            int from = F->prev[1 + i];
            if (from != F->src)
                release(F, from - 1 - n, i);
            hold(F, j, i);
            F->assign[i] = j;
            for (size_t p = F->row[i]; p < F->row[i + 1]; p++)
                if (F->pair_exp[p] == j)
                    F->assign_score[i] = F->pair_score[p];
            if (from == F->src)
                break;
            j = from - 1 - n;
        }
    }
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
    flow_t F = {.n = n, .m = m, .src = 0, .sink = n + m + 1, .V = n + m + 2};
    int rc = -1;
    size_t V = (size_t)F.V;

    /* Feasible pairs, one row per SME. */
    size_t npairs = 0, cap = nexperts * 8 < nsmes * nexperts ? nexperts * 8 : nsmes * nexperts;
    F.row = malloc((nsmes + 1) * sizeof *F.row);
    F.pair_exp = malloc(cap * sizeof *F.pair_exp);
    F.pair_score = malloc(cap * sizeof *F.pair_score);
    if (!F.row || !F.pair_exp || !F.pair_score)
        goto out;
    for (size_t i = 0; i < nsmes; i++) {
        F.row[i] = npairs;
        for (size_t j = 0; j < nexperts; j++) {
            int sc = match_score(g, &smes[i], &experts[j], NULL);
            if (sc < 0)
                continue;
            if (npairs == cap) {
                size_t ncap = cap * 2;
                int *pe = realloc(F.pair_exp, ncap * sizeof *pe);
                if (pe)
                    F.pair_exp = pe;
                int *ps = pe ? realloc(F.pair_score, ncap * sizeof *ps) : NULL;
                if (!ps)
                    goto out;
                F.pair_score = ps;
                cap = ncap;
            }
            F.pair_exp[npairs] = (int)j;
            F.pair_score[npairs] = sc;
            npairs++;
        }
    }
    F.row[nsmes] = npairs;

    /* Units, the bound B and the constants R, M. */
    F.units = calloc(nexperts, sizeof *F.units);
    F.used = calloc(nexperts, sizeof *F.used);
    F.unit_base = calloc(nexperts, sizeof *F.unit_base);
    F.first = malloc(nexperts * sizeof *F.first);
    F.next = malloc(nsmes * sizeof *F.next);
    F.assign = malloc(nsmes * sizeof *F.assign);
    F.assign_score = calloc(nsmes, sizeof *F.assign_score);
    F.src_cost = malloc(nsmes * sizeof *F.src_cost);
    F.pi = malloc(V * sizeof *F.pi);
    F.dist = malloc(V * sizeof *F.dist);
    F.prev = malloc(V * sizeof *F.prev);
    F.done = malloc(V);
    F.heap = malloc((npairs + 2 * nsmes + 2 * nexperts + V) * sizeof *F.heap);
    if (!F.units || !F.used || !F.unit_base || !F.first || !F.next || !F.assign ||
        !F.assign_score || !F.src_cost || !F.pi || !F.dist || !F.prev || !F.done || !F.heap)
        goto out;
    F.step = W->load_step;
    long long max_score = (long long)W->same_prefecture + W->industry + W->speciality + W->load;
    long long B, R, M, t, unit_sum = 0;
    for (int j = 0; j < m; j++) {
        int u = experts[j].capacity_left;
        F.units[j] = u <= 0 ? 0 : (u < n ? u : n);
        F.first[j] = -1;
        long long load = experts[j].load > 0 ? experts[j].load : 0;
        F.unit_base[j] = F.step * load;
        for (int k = 1; k <= F.units[j]; k++)
            if (!add_ok(unit_sum, F.step * (load + k - 1), &unit_sum))
                goto out;
    }
    if (!mul_ok(max_score, n, &t) || !add_ok(t, unit_sum + 1, &B))
        goto out;
    R = B;
    if (!mul_ok(B, (long long)n + 2, &M))
        goto out;
    /* a path cost is bounded by about n * (M + R + B); keep it far from overflow */
    if (!mul_ok(M + R + B, (long long)n + 1, &t))
        goto out;
    for (int i = 0; i < n; i++) {
        F.assign[i] = -1;
        F.next[i] = -1;
        F.src_cost[i] = -(M + (match_geo_metro(g, smes[i].prefecture) == 0 ? R : 0));
    }

    run(&F);
    for (int i = 0; i < n; i++) {
        out->expert_of[i] = F.assign[i];
        if (F.assign[i] >= 0) {
            out->matched++;
            out->total_score += F.assign_score[i];
        }
    }
    rc = 0;
out:
    free(F.row), free(F.pair_exp), free(F.pair_score), free(F.units), free(F.used);
    free(F.unit_base), free(F.first), free(F.next), free(F.assign), free(F.assign_score);
    free(F.src_cost), free(F.pi), free(F.dist), free(F.prev), free(F.done), free(F.heap);
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
