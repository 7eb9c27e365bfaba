/* The C reference of grokscale's avalanche probe (TDU-OFC, global mode), for `grokscale bench`
 * to time in the same run on the same graph and fields: per field, loads |g|, the threshold
 * theta = the linear q-quantile of the loads (quickselect), L = |g| / theta, the first wave =
 * every node with L >= 1 in ascending order, then waves: each toppler passes c*L/k to each of
 * its k neighbours (CSR order) and drops to 0; nodes reaching 1 form the next wave, ascending.
 * Built by the bench with `cc -O3 -march=native -ffast-math`. It prints the topplings per second
 * (best of REPEATS passes over the fields) and the mean cascade size, which must equal
 * grokscale's: the same cascades, computed by a plain C loop.
 * Input file (little-endian): int32 N, int32 edges (CSR entries), int32 fields, double c,
 * double q, int32 offsets[N+1], int32 neighbours[edges], double fields[fields*N].
 * Usage: probe_loop FILE REPEATS */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double select_kth(double *x, int n, int k) {  /* k-th smallest, x reordered */
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        double pivot = x[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (x[i] < pivot) i++;
            while (x[j] > pivot) j--;
            if (i <= j) { double t = x[i]; x[i] = x[j]; x[j] = t; i++; j--; }
        }
        if (k <= j) hi = j; else if (k >= i) lo = i; else return x[k];
    }
    return x[k];
}

static int cmp_int(const void *a, const void *b) { return *(const int32_t *)a - *(const int32_t *)b; }

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: probe_loop FILE REPEATS\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    int32_t n, edges, fields;
    double c, q;
    if (fread(&n, 4, 1, f) != 1 || fread(&edges, 4, 1, f) != 1 || fread(&fields, 4, 1, f) != 1 || fread(&c, 8, 1, f) != 1 || fread(&q, 8, 1, f) != 1) return 2;
    int32_t *off = malloc(4 * (size_t)(n + 1)), *nb = malloc(4 * (size_t)edges);
    double *g = malloc(8 * (size_t)fields * n);
    if (fread(off, 4, n + 1, f) != (size_t)(n + 1) || fread(nb, 4, edges, f) != (size_t)edges || fread(g, 8, (size_t)fields * n, f) != (size_t)fields * n) return 2;
    fclose(f);
    double *load = malloc(8 * (size_t)n), *scratch = malloc(8 * (size_t)n), *share = malloc(8 * (size_t)n);
    int32_t *cur = malloc(4 * (size_t)n), *nxt = malloc(4 * (size_t)n);
    int *stamp = calloc(n, sizeof(int));
    int repeats = atoi(argv[2]);
    double best = 0;
    long total = 0;
    for (int r = 0; r < repeats; r++) {
        total = 0;
        int wave = 0;
        double start = now();
        for (int fi = 0; fi < fields; fi++) {
            const double *field = g + (size_t)fi * n;
            for (int i = 0; i < n; i++) { double a = field[i] < 0 ? -field[i] : field[i]; load[i] = a; scratch[i] = a; }
            double pos = q * (n - 1);
            int lower = (int)pos, upper = lower + 1 < n ? lower + 1 : n - 1;
            double a = select_kth(scratch, n, lower), b = a;
            if (upper != lower) { b = scratch[upper]; for (int i = upper + 1; i < n; i++) if (scratch[i] < b) b = scratch[i]; }
            double frac = pos - lower, theta = frac >= 0.5 ? b - (b - a) * (1 - frac) : a + (b - a) * frac;
            int count = 0;
            for (int i = 0; i < n; i++) { load[i] /= theta; if (load[i] >= 1) cur[count++] = i; }
            while (count > 0) {
                total += count;
                for (int t = 0; t < count; t++) {
                    int i = cur[t], k = off[i + 1] - off[i];
                    share[t] = k > 0 ? c * load[i] / k : 0;
                    load[i] = 0;
                }
                wave++;
                int next = 0;
                for (int t = 0; t < count; t++) {
                    int i = cur[t];
                    double s = share[t];
                    for (int p = off[i]; p < off[i + 1]; p++) {
                        int j = nb[p];
                        double v = load[j] + s;
                        load[j] = v;
                        if (v >= 1 && stamp[j] != wave) { stamp[j] = wave; nxt[next++] = j; }
                    }
                }
                qsort(nxt, next, sizeof(int32_t), cmp_int);
                int32_t *swap = cur; cur = nxt; nxt = swap;
                count = next;
            }
        }
        double elapsed = now() - start;
        if (total / elapsed > best) best = total / elapsed;
    }
    printf("{\"topplings_per_second\": %.0f, \"mean_cascade_size\": %.3f}\n", best, (double)total / fields);
    return 0;
}
