/*
 * Information rows: entropy, cross-entropy and KL divergence of probability rows, checked in the
 * same pass (symxent/numeric/information.py). Included by _symxent_kernels.c just before its
 * method table, so that it sees that file's vector logs (log8_f64, log4_f64) and `vector_name`.
 *
 * For each row of the C-contiguous (rows, classes) float32 or float64 arrays p (and q), in one
 * pass, in float64:
 *
 *   entropy        -sum_j p_j log p_j
 *   cross-entropy  -sum_j p_j log q_j
 *   KL             sum_j p_j log(p_j / q_j)
 *
 * a term is 0 where p_j is not > 0 (0 log 0 = 0, whatever q_j), so p_j > 0 = q_j gives +inf; the
 * result is divided by log_base and rounded once to the dtype. The same pass checks p (and q):
 * whether some entry is below 0 or nan, and the row sum farthest from 1 (the first row of the
 * largest deviation, as numpy's argmax in symxent.numeric.validate.ProbabilityRows). A row's result
 * does not depend on its neighbours, so any split of the rows gives the same bits.
 *
 * float64 rows take the kernels' vector logs (log8_f64 on AVX-512, log4_f64 on AVX2), float32
 * rows the float32 logs of _symxent_vlog_f32.h (log16_f32, log8_f32), their products summed in
 * float64; the mode is the one use_vector_math chose. Lanes whose argument the vector log does
 * not take (0, subnormal, inf, nan) go to the C library's log. KL's log(p/q) undoes the rounding
 * of p/q (info_kl_log). libm: scalar C throughout.
 */

#include "_symxent_vlog_f32.h"

enum { SX_INFO_ENTROPY = 0, SX_INFO_CROSS = 1, SX_INFO_KL = 2 };

typedef struct {
    int bad[2];      /* p, q: an entry below 0 or nan */
    double dev[2];   /* the largest |row sum - 1| */
    double total[2]; /* the sum of that row */
} info_checks_t;

static inline void info_record(info_checks_t *c, int which, double s) {
    double d = fabs(s - 1.0);
    if (d > c->dev[which]) {
        c->dev[which] = d;
        c->total[which] = s;
    }
}

/* one row's result from its term sum */
static inline double info_value(double terms, int kind, double log_base) {
    return (kind == SX_INFO_KL ? terms : -terms) / log_base;
}

static inline double info_load(const void *x, int f32, Py_ssize_t i) {
    return f32 ? (double)((const float *)x)[i] : ((const double *)x)[i];
}

static inline void info_store(void *out, int f32, Py_ssize_t i, double v) {
    if (f32)
        ((float *)out)[i] = (float)v;
    else
        ((double *)out)[i] = v;
}

/* log(a/b) for KL: log r, r = a/b rounded, plus d = (a - r b)/a (exact residual by the FMA),
 * which undoes r's rounding, so the log stays relatively accurate where a ~ b (an absolute
 * error of ε would be a large relative one there); plain log r where r or a is not a normal
 * finite number */
static inline double info_kl_log(double a, double b) {
    double r = a / b;
    if (!(r >= DBL_MIN && r <= DBL_MAX && a >= DBL_MIN)) return log(r);
    return log(r) + fma(-r, b, a) / a;
}

/* ---- scalar C -------------------------------------------------------------------------------- */

static void info_rows_libm(const void *p, const void *q, void *out, Py_ssize_t rows,
                           Py_ssize_t classes, int f32, int kind, double log_base,
                           info_checks_t *c) {
    int two = kind != SX_INFO_ENTROPY;
    for (Py_ssize_t r = 0; r < rows; r++) {
        double t = 0.0, sp = 0.0, sq = 0.0;
        for (Py_ssize_t j = r * classes; j < (r + 1) * classes; j++) {
            double a = info_load(p, f32, j), b = two ? info_load(q, f32, j) : 0.0;
            c->bad[0] |= !(a >= 0.0);
            sp += a;
            if (two) {
                c->bad[1] |= !(b >= 0.0);
                sq += b;
            }
            if (a > 0.0)
                t += a * (kind == SX_INFO_KL ? info_kl_log(a, b)
                                             : log(kind == SX_INFO_ENTROPY ? a : b));
        }
        info_record(c, 0, sp);
        if (two) info_record(c, 1, sq);
        info_store(out, f32, r, info_value(t, kind, log_base));
    }
}

#if SX_X86

/* the flat passes (rows under SX_INFO_FLAT classes) fetch p and q SX_INFO_AHEAD bytes ahead of
 * element i: 1.14-1.30x at (1e5, 10) with AVX-512 (512 bytes ahead: slower, 4096: level) */
#define SX_INFO_AHEAD 2048
static inline void info_ahead(const void *p, const void *q, int two, int f32, Py_ssize_t i) {
    Py_ssize_t at = i * (f32 ? 4 : 8) + SX_INFO_AHEAD;
    __builtin_prefetch((const char *)p + at);
    if (two) __builtin_prefetch((const char *)q + at);
}

/* ---- AVX2: 4 float64 lanes ------------------------------------------------------------------- */

SX_TARGET static inline __m256d info_load4(const void *x, int f32, Py_ssize_t i, int n) {
    if (n == 4)
        return f32 ? _mm256_cvtps_pd(_mm_loadu_ps((const float *)x + i))
                   : _mm256_loadu_pd((const double *)x + i);
    __m256i mask = _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_set_epi64x(3, 2, 1, 0));
    if (f32) {
        __m128i mask32 = _mm_cmpgt_epi32(_mm_set1_epi32(n), _mm_set_epi32(3, 2, 1, 0));
        return _mm256_cvtps_pd(_mm_maskload_ps((const float *)x + i, mask32));
    }
    return _mm256_maskload_pd((const double *)x + i, mask);
}

/* p log x where p > 0, else 0: x's lanes that log4_f64 does not take go to the C library */
SX_TARGET static inline __m256d info_terms4(__m256d p, __m256d x) {
    __m256d pos = _mm256_cmp_pd(p, _mm256_setzero_pd(), _CMP_GT_OQ);
    __m256d normal = _mm256_and_pd(_mm256_cmp_pd(x, _mm256_set1_pd(DBL_MIN), _CMP_GE_OQ),
                                   _mm256_cmp_pd(x, _mm256_set1_pd(DBL_MAX), _CMP_LE_OQ));
    __m256d l = log4_f64(x);
    int odd = _mm256_movemask_pd(_mm256_andnot_pd(normal, pos));
    if (odd) {
        double xs[4], ls[4];
        _mm256_storeu_pd(xs, x);
        _mm256_storeu_pd(ls, l);
        for (int k = 0; k < 4; k++)
            if ((odd >> k) & 1) ls[k] = log(xs[k]);
        l = _mm256_loadu_pd(ls);
    }
    return _mm256_and_pd(pos, _mm256_mul_pd(p, l));
}

/* p log(p/q) where p > 0, else 0, r = p/q: log r + (p - r q)/p (info_kl_log) */
SX_TARGET static inline __m256d info_kl4(__m256d p, __m256d q, __m256d r) {
    __m256d pos = _mm256_cmp_pd(p, _mm256_setzero_pd(), _CMP_GT_OQ);
    __m256d normal = _mm256_and_pd(
        _mm256_and_pd(_mm256_cmp_pd(r, _mm256_set1_pd(DBL_MIN), _CMP_GE_OQ),
                      _mm256_cmp_pd(r, _mm256_set1_pd(DBL_MAX), _CMP_LE_OQ)),
        _mm256_cmp_pd(p, _mm256_set1_pd(DBL_MIN), _CMP_GE_OQ));
    __m256d l = _mm256_add_pd(log4_f64(r), _mm256_div_pd(_mm256_fnmadd_pd(r, q, p), p));
    int odd = _mm256_movemask_pd(_mm256_andnot_pd(normal, pos));
    if (odd) {
        double ps[4], qs[4], ls[4];
        _mm256_storeu_pd(ps, p);
        _mm256_storeu_pd(qs, q);
        _mm256_storeu_pd(ls, l);
        for (int k = 0; k < 4; k++)
            if ((odd >> k) & 1) ls[k] = info_kl_log(ps[k], qs[k]);
        l = _mm256_loadu_pd(ls);
    }
    return _mm256_and_pd(pos, _mm256_mul_pd(p, l));
}

/* p log x (float32) where p > 0, else 0 (KL: x = p/q with the quotient's rounding undone, as
 * in info_kl8 below, rcp's 12 bits being plenty); lanes log8_f32 does not take go to the C
 * library (KL: in float64) */
SX_TARGET static inline __m256 info_terms8f(__m256 p, __m256 q, int kind) {
    __m256 pos = _mm256_cmp_ps(p, _mm256_setzero_ps(), _CMP_GT_OQ);
    __m256 x = kind == SX_INFO_ENTROPY ? p : kind == SX_INFO_CROSS ? q : _mm256_div_ps(p, q);
    __m256 normal = _mm256_and_ps(_mm256_cmp_ps(x, _mm256_set1_ps(FLT_MIN), _CMP_GE_OQ),
                                  _mm256_cmp_ps(x, _mm256_set1_ps(FLT_MAX), _CMP_LE_OQ));
    __m256 l = log8_f32(x);
    if (kind == SX_INFO_KL) {
        normal = _mm256_and_ps(normal, _mm256_cmp_ps(p, _mm256_set1_ps(FLT_MIN), _CMP_GE_OQ));
        l = _mm256_add_ps(l, _mm256_mul_ps(_mm256_fnmadd_ps(x, q, p), _mm256_rcp_ps(p)));
    }
    int odd = _mm256_movemask_ps(_mm256_andnot_ps(normal, pos));
    if (odd) {
        float ps[8], qs[8], xs[8], ls[8];
        _mm256_storeu_ps(ps, p);
        _mm256_storeu_ps(qs, q);
        _mm256_storeu_ps(xs, x);
        _mm256_storeu_ps(ls, l);
        for (int k = 0; k < 8; k++)
            if ((odd >> k) & 1)
                ls[k] = (float)(kind == SX_INFO_KL ? log((double)ps[k] / (double)qs[k])
                                                   : log((double)xs[k]));
        l = _mm256_loadu_ps(ls);
    }
    return _mm256_and_ps(pos, _mm256_mul_ps(p, l));
}

/* elements [i, i + n) of float32 rows (n <= 8): the terms into t (two float64 vectors), the
 * sums and checks */
SX_TARGET static inline __attribute__((always_inline)) void
info_step8f(const void *p, const void *q, Py_ssize_t i, int n, int kind, __m256d t[2],
            __m256d sp[2], __m256d sq[2], __m256 *bad_p, __m256 *bad_q) {
    const float *pf = (const float *)p + i, *qf = (const float *)q + i;
    __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0));
    __m256 a = n == 8 ? _mm256_loadu_ps(pf) : _mm256_maskload_ps(pf, mask);
    __m256 b = a;
    *bad_p = _mm256_or_ps(*bad_p, _mm256_cmp_ps(a, _mm256_setzero_ps(), _CMP_NGE_UQ));
    sp[0] = _mm256_add_pd(sp[0], _mm256_cvtps_pd(_mm256_castps256_ps128(a)));
    sp[1] = _mm256_add_pd(sp[1], _mm256_cvtps_pd(_mm256_extractf128_ps(a, 1)));
    if (kind != SX_INFO_ENTROPY) {
        b = n == 8 ? _mm256_loadu_ps(qf) : _mm256_maskload_ps(qf, mask);
        *bad_q = _mm256_or_ps(*bad_q, _mm256_cmp_ps(b, _mm256_setzero_ps(), _CMP_NGE_UQ));
        sq[0] = _mm256_add_pd(sq[0], _mm256_cvtps_pd(_mm256_castps256_ps128(b)));
        sq[1] = _mm256_add_pd(sq[1], _mm256_cvtps_pd(_mm256_extractf128_ps(b, 1)));
    }
    __m256 terms = info_terms8f(a, b, kind);
    t[0] = _mm256_cvtps_pd(_mm256_castps256_ps128(terms));
    t[1] = _mm256_cvtps_pd(_mm256_extractf128_ps(terms, 1));
}

/* elements [i, i + n) of float64 rows (n <= 4): the terms, the sums and checks */
SX_TARGET static inline __attribute__((always_inline)) __m256d
info_step4(const void *p, const void *q, Py_ssize_t i, int n, int kind, __m256d *sp,
           __m256d *sq, __m256 *bad_p, __m256 *bad_q) {
    const __m256d zero = _mm256_setzero_pd();
    __m256d a = info_load4(p, 0, i, n);
    *bad_p = _mm256_or_ps(*bad_p, _mm256_castpd_ps(_mm256_cmp_pd(a, zero, _CMP_NGE_UQ)));
    *sp = _mm256_add_pd(*sp, a);
    if (kind == SX_INFO_ENTROPY) return info_terms4(a, a);
    __m256d b = info_load4(q, 0, i, n);
    *bad_q = _mm256_or_ps(*bad_q, _mm256_castpd_ps(_mm256_cmp_pd(b, zero, _CMP_NGE_UQ)));
    *sq = _mm256_add_pd(*sq, b);
    return kind == SX_INFO_CROSS ? info_terms4(a, b) : info_kl4(a, b, _mm256_div_pd(a, b));
}

SX_TARGET static inline double info_hsum4(__m256d v) {
    double s[4];
    _mm256_storeu_pd(s, v);
    return (s[0] + s[2]) + (s[1] + s[3]);
}

/* sums of n float32 or float64 numbers in two partial sums (the narrow rows of AVX2) */
static inline double info_sum_any(const void *x, int f32, Py_ssize_t start, Py_ssize_t n) {
    double s0 = 0.0, s1 = 0.0;
    Py_ssize_t i = 0;
    for (; i + 2 <= n; i += 2) {
        s0 += info_load(x, f32, start + i);
        s1 += info_load(x, f32, start + i + 1);
    }
    if (i < n) s0 += info_load(x, f32, start + i);
    return s0 + s1;
}

/* As info_rows_avx512_any below: rows under SX_INFO_FLAT classes as one flat run per block into
 * a buffer (whole vectors across the rows), then each row's sums; wider rows a row at a time.
 * float32 rows take float32 logs on 8 lanes, float64 rows float64 logs on 4. */
#define SX_INFO_FLAT 16
#define SX_INFO_BLOCK 1024

SX_TARGET static inline __attribute__((always_inline)) void
info_rows_avx2_any(const void *p, const void *q, void *out, Py_ssize_t rows, Py_ssize_t classes,
                   int f32, int kind, double log_base, info_checks_t *c) {
    const __m256d zero = _mm256_setzero_pd();
    int two = kind != SX_INFO_ENTROPY;
    __m256 bad_p = _mm256_setzero_ps(), bad_q = _mm256_setzero_ps();
    if (classes < SX_INFO_FLAT) {
        double terms[SX_INFO_BLOCK + 8];
        Py_ssize_t per = SX_INFO_BLOCK / classes;
        for (Py_ssize_t r0 = 0; r0 < rows; r0 += per) {
            Py_ssize_t count = rows - r0 < per ? rows - r0 : per, base = r0 * classes;
            Py_ssize_t n = count * classes;
            __m256d sums[4] = {zero, zero, zero, zero}, t[2];
            if (f32) {
                for (Py_ssize_t i = 0; i < n; i += 8) {
                    int k = n - i >= 8 ? 8 : (int)(n - i);
                    info_ahead(p, q, two, 1, base + i);
                    info_step8f(p, q, base + i, k, kind, t, sums, sums + 2, &bad_p, &bad_q);
                    _mm256_storeu_pd(terms + i, t[0]);
                    _mm256_storeu_pd(terms + i + 4, t[1]);
                }
            } else {
                for (Py_ssize_t i = 0; i < n; i += 4) {
                    int k = n - i >= 4 ? 4 : (int)(n - i);
                    if (!(i & 7)) info_ahead(p, q, two, 0, base + i);
                    _mm256_storeu_pd(terms + i, info_step4(p, q, base + i, k, kind, sums,
                                                           sums + 2, &bad_p, &bad_q));
                }
            }
            for (Py_ssize_t r = 0; r < count; r++) {
                Py_ssize_t at = base + r * classes;
                info_record(c, 0, info_sum_any(p, f32, at, classes));
                if (two) info_record(c, 1, info_sum_any(q, f32, at, classes));
                double total = info_sum_any(terms, 0, r * classes, classes);
                info_store(out, f32, r0 + r, info_value(total, kind, log_base));
            }
        }
    } else {
        for (Py_ssize_t r = 0; r < rows; r++) {
            __m256d acc[2] = {zero, zero}, sp[2] = {zero, zero}, sq[2] = {zero, zero}, t[2];
            Py_ssize_t base = r * classes, j = 0;
            if (f32) {
                for (; j < classes; j += 8) {
                    int k = classes - j >= 8 ? 8 : (int)(classes - j);
                    info_step8f(p, q, base + j, k, kind, t, sp, sq, &bad_p, &bad_q);
                    acc[0] = _mm256_add_pd(acc[0], t[0]);
                    acc[1] = _mm256_add_pd(acc[1], t[1]);
                }
            } else {
                for (; j < classes; j += 4) {
                    int k = classes - j >= 4 ? 4 : (int)(classes - j), half = (j >> 2) & 1;
                    acc[half] = _mm256_add_pd(
                        acc[half], info_step4(p, q, base + j, k, kind, sp + half, sq + half,
                                              &bad_p, &bad_q));
                }
            }
            info_record(c, 0, info_hsum4(_mm256_add_pd(sp[0], sp[1])));
            if (two) info_record(c, 1, info_hsum4(_mm256_add_pd(sq[0], sq[1])));
            double total = info_hsum4(_mm256_add_pd(acc[0], acc[1]));
            info_store(out, f32, r, info_value(total, kind, log_base));
        }
    }
    c->bad[0] |= _mm256_movemask_ps(bad_p) != 0;
    c->bad[1] |= _mm256_movemask_ps(bad_q) != 0;
}

/* ---- AVX-512: 8 float64 lanes ---------------------------------------------------------------- */

SX_TARGET512 static inline __m512d info_load8(const void *x, int f32, Py_ssize_t i, int n) {
    if (n == 8)
        return f32 ? _mm512_cvtps_pd(_mm256_loadu_ps((const float *)x + i))
                   : _mm512_loadu_pd((const double *)x + i);
    __mmask8 lanes = (__mmask8)((1u << n) - 1);
    if (f32)
        return _mm512_cvtps_pd(
            _mm512_castps512_ps256(_mm512_maskz_loadu_ps((__mmask16)lanes, (const float *)x + i)));
    return _mm512_maskz_loadu_pd(lanes, (const double *)x + i);
}

/* acc + p log x in the lanes where p > 0 */
SX_TARGET512 static inline __m512d info_terms8(__m512d acc, __m512d p, __m512d x) {
    __mmask8 pos = _mm512_cmp_pd_mask(p, _mm512_setzero_pd(), _CMP_GT_OQ);
    __mmask8 normal = _mm512_cmp_pd_mask(x, _mm512_set1_pd(DBL_MIN), _CMP_GE_OQ) &
                      _mm512_cmp_pd_mask(x, _mm512_set1_pd(DBL_MAX), _CMP_LE_OQ);
    __m512d l = log8_f64(x);
    __mmask8 odd = pos & (__mmask8)~normal;
    if (odd) {
        double xs[8], ls[8];
        _mm512_storeu_pd(xs, x);
        _mm512_storeu_pd(ls, l);
        for (int k = 0; k < 8; k++)
            if ((odd >> k) & 1) ls[k] = log(xs[k]);
        l = _mm512_loadu_pd(ls);
    }
    return _mm512_mask3_fmadd_pd(p, l, acc, pos);
}

/* p log(p/q) where p > 0, else 0: log r + (p - r q)/p, r = p/q (info_kl_log; rcp14's 14 bits
 * are plenty for the correction, below 2^-52 relative) */
SX_TARGET512 static inline __m512d info_kl8(__m512d p, __m512d q) {
    __mmask8 pos = _mm512_cmp_pd_mask(p, _mm512_setzero_pd(), _CMP_GT_OQ);
    __m512d r = _mm512_div_pd(p, q);
    __mmask8 normal = _mm512_cmp_pd_mask(r, _mm512_set1_pd(DBL_MIN), _CMP_GE_OQ) &
                      _mm512_cmp_pd_mask(r, _mm512_set1_pd(DBL_MAX), _CMP_LE_OQ) &
                      _mm512_cmp_pd_mask(p, _mm512_set1_pd(DBL_MIN), _CMP_GE_OQ);
    __m512d d = _mm512_mul_pd(_mm512_fnmadd_pd(r, q, p), _mm512_rcp14_pd(p));
    __m512d l = _mm512_add_pd(log8_f64(r), d);
    __mmask8 odd = pos & (__mmask8)~normal;
    if (odd) {
        double ps[8], qs[8], ls[8];
        _mm512_storeu_pd(ps, p);
        _mm512_storeu_pd(qs, q);
        _mm512_storeu_pd(ls, l);
        for (int k = 0; k < 8; k++)
            if ((odd >> k) & 1) ls[k] = info_kl_log(ps[k], qs[k]);
        l = _mm512_loadu_pd(ls);
    }
    return _mm512_maskz_mul_pd(pos, p, l);
}

/* p log x (float32) in the lanes where p > 0, else 0; lanes of x that are not positive finite
 * numbers go to the C library */
SX_TARGET512 static inline __m512 info_terms16(__m512 p, __m512 x) {
    __mmask16 pos = _mm512_cmp_ps_mask(p, _mm512_setzero_ps(), _CMP_GT_OQ);
    __mmask16 normal = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ) &
                       _mm512_cmp_ps_mask(x, _mm512_set1_ps(FLT_MAX), _CMP_LE_OQ);
    __m512 l = log16_f32(x);
    __mmask16 odd = pos & (__mmask16)~normal;
    if (odd) {
        float xs[16], ls[16];
        _mm512_storeu_ps(xs, x);
        _mm512_storeu_ps(ls, l);
        for (int k = 0; k < 16; k++)
            if ((odd >> k) & 1) ls[k] = (float)log((double)xs[k]);
        l = _mm512_loadu_ps(ls);
    }
    return _mm512_maskz_mul_ps(pos, p, l);
}

/* p log(p/q) (float32) where p > 0, else 0: r = p/q rounded, and log(p/q) = log r + d with
 * d = (p - r q)/p (the FMA gives p - r q exactly; d is below 2^-23, so rcp14's 14 bits are
 * plenty), which keeps log(p/q) relatively accurate where p ~ q. Lanes whose r is not a
 * positive normal finite float32 (q = 0, an overflow or underflow of p/q) or whose p is
 * subnormal take log(p/q) in float64. */
SX_TARGET512 static inline __m512 info_kl16(__m512 p, __m512 q) {
    __mmask16 pos = _mm512_cmp_ps_mask(p, _mm512_setzero_ps(), _CMP_GT_OQ);
    __m512 r = _mm512_div_ps(p, q);
    __mmask16 normal = _mm512_cmp_ps_mask(r, _mm512_set1_ps(FLT_MIN), _CMP_GE_OQ) &
                       _mm512_cmp_ps_mask(r, _mm512_set1_ps(FLT_MAX), _CMP_LE_OQ) &
                       _mm512_cmp_ps_mask(p, _mm512_set1_ps(FLT_MIN), _CMP_GE_OQ);
    __m512 d = _mm512_mul_ps(_mm512_fnmadd_ps(r, q, p), _mm512_rcp14_ps(p));
    __m512 l = _mm512_add_ps(log16_f32(r), d);
    __mmask16 odd = pos & (__mmask16)~normal;
    if (odd) {
        float ps[16], qs[16], ls[16];
        _mm512_storeu_ps(ps, p);
        _mm512_storeu_ps(qs, q);
        _mm512_storeu_ps(ls, l);
        for (int k = 0; k < 16; k++)
            if ((odd >> k) & 1) ls[k] = (float)log((double)ps[k] / (double)qs[k]);
        l = _mm512_loadu_ps(ls);
    }
    return _mm512_maskz_mul_ps(pos, p, l);
}

#define SX_INFO_LO(v) _mm512_cvtps_pd(_mm512_castps512_ps256(v))
#define SX_INFO_HI(v) \
    _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)))

/* the terms of elements [i, i + n) of float32 rows (n <= 16; float32 logs) into t (two float64
 * vectors), with the checks */
SX_TARGET512 static inline __attribute__((always_inline)) void
info_step16(const void *p, const void *q, Py_ssize_t i, int n, int kind, __m512d t[2],
            __m512d sp[2], __m512d sq[2], __mmask16 *bad_p, __mmask16 *bad_q) {
    const float *pf = (const float *)p + i, *qf = (const float *)q + i;
    __mmask16 lanes = n == 16 ? (__mmask16)0xffff : (__mmask16)((1u << n) - 1);
    __m512 a = n == 16 ? _mm512_loadu_ps(pf) : _mm512_maskz_loadu_ps(lanes, pf);
    __m512 x = a;
    *bad_p |= _mm512_cmp_ps_mask(a, _mm512_setzero_ps(), _CMP_NGE_UQ);
    sp[0] = _mm512_add_pd(sp[0], SX_INFO_LO(a));
    sp[1] = _mm512_add_pd(sp[1], SX_INFO_HI(a));
    if (kind != SX_INFO_ENTROPY) {
        x = n == 16 ? _mm512_loadu_ps(qf) : _mm512_maskz_loadu_ps(lanes, qf);
        *bad_q |= _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NGE_UQ);
        sq[0] = _mm512_add_pd(sq[0], SX_INFO_LO(x));
        sq[1] = _mm512_add_pd(sq[1], SX_INFO_HI(x));
    }
    __m512 terms = kind == SX_INFO_KL ? info_kl16(a, x) : info_terms16(a, x);
    t[0] = SX_INFO_LO(terms);
    t[1] = SX_INFO_HI(terms);
}

/* the terms of elements [i, i + n), n <= 8, in float64 lanes, with the checks */
SX_TARGET512 static inline __attribute__((always_inline)) __m512d
info_step8(const void *p, const void *q, Py_ssize_t i, int n, int f32, int kind, __m512d *sp,
           __m512d *sq, __mmask16 *bad_p, __mmask16 *bad_q) {
    const __m512d zero = _mm512_setzero_pd();
    __m512d a = info_load8(p, f32, i, n);
    *bad_p |= _mm512_cmp_pd_mask(a, zero, _CMP_NGE_UQ);
    *sp = _mm512_add_pd(*sp, a);
    __m512d x = a;
    if (kind != SX_INFO_ENTROPY) {
        __m512d b = info_load8(q, f32, i, n);
        *bad_q |= _mm512_cmp_pd_mask(b, zero, _CMP_NGE_UQ);
        *sq = _mm512_add_pd(*sq, b);
        if (kind == SX_INFO_KL) return info_kl8(a, b);
        x = b;
    }
    return info_terms8(zero, a, x);
}

/* the n < 16 float32 or float64 numbers from x + start in float64 lanes (a narrow row) */
SX_TARGET512 static inline __m512d info_row8(const void *x, int f32, Py_ssize_t start,
                                             Py_ssize_t n) {
    __m512d acc = info_load8(x, f32, start, n >= 8 ? 8 : (int)n);
    if (n > 8) acc = _mm512_add_pd(acc, info_load8(x, f32, start + 8, (int)(n - 8)));
    return acc;
}

/* the sums of the lanes of a and of b (the same bits as _mm512_reduce_add_pd of each) */
SX_TARGET512 static inline void info_sum_pair8(__m512d a, __m512d b, double *sa, double *sb) {
    __m512d s = _mm512_add_pd(_mm512_shuffle_f64x2(a, b, 0x44), _mm512_shuffle_f64x2(a, b, 0xee));
    s = _mm512_add_pd(s, _mm512_shuffle_f64x2(s, s, 0xb1));
    s = _mm512_add_pd(s, _mm512_permute_pd(s, 0x55));
    *sa = _mm512_cvtsd_f64(s);
    *sb = _mm_cvtsd_f64(_mm256_castpd256_pd128(_mm512_extractf64x4_pd(s, 1)));
}

/* info_record of the sums s[0..n): the rows are looked at one by one only when the largest
 * deviation among them (nan ignored, as in info_record) beats the one recorded */
SX_TARGET512 static inline void info_record_block8(info_checks_t *c, int which, const double *s,
                                                   Py_ssize_t n) {
    const __m512d one = _mm512_set1_pd(1.0);
    __m512d worst = _mm512_setzero_pd();
    for (Py_ssize_t i = 0; i < n; i += 8) {
        __mmask8 lanes = n - i >= 8 ? (__mmask8)0xff : (__mmask8)((1u << (n - i)) - 1);
        __m512d d = _mm512_abs_pd(_mm512_sub_pd(_mm512_maskz_loadu_pd(lanes, s + i), one));
        worst = _mm512_max_pd(_mm512_maskz_mov_pd(lanes, d), worst); /* a nan d: worst */
    }
    if (_mm512_reduce_max_pd(worst) > c->dev[which])
        for (Py_ssize_t i = 0; i < n; i++) info_record(c, which, s[i]);
}

/* out[at..at + n) = info_value of the term sums t[0..n), eight rows a step */
SX_TARGET512 static inline void info_store_block8(void *out, int f32, Py_ssize_t at,
                                                  const double *t, Py_ssize_t n, int kind,
                                                  double log_base) {
    __m512d by = _mm512_set1_pd(kind == SX_INFO_KL ? log_base : -log_base);
    for (Py_ssize_t i = 0; i < n; i += 8) {
        __mmask8 lanes = n - i >= 8 ? (__mmask8)0xff : (__mmask8)((1u << (n - i)) - 1);
        __m512d v = _mm512_div_pd(_mm512_maskz_loadu_pd(lanes, t + i), by);
        if (f32)
            _mm512_mask_storeu_ps((float *)out + at + i, lanes,
                                  _mm512_castps256_ps512(_mm512_cvtpd_ps(v)));
        else
            _mm512_mask_storeu_pd((double *)out + at + i, lanes, v);
    }
}

/* Rows of fewer than SX_INFO_FLAT classes: the terms of a block of whole rows are computed as
 * one flat run of elements (whole vectors across the rows' boundaries) into a buffer in the L1
 * cache, then each row's terms, p and q are summed in float64 lanes (two sums at once), and the
 * block's checks and results are done eight rows a step. Wider rows: a row at a time, its
 * terms summed in vector lanes (two vectors) and added across at its end. */
SX_TARGET512 static inline __attribute__((always_inline)) void
info_rows_avx512_any(const void *p, const void *q, void *out, Py_ssize_t rows,
                     Py_ssize_t classes, int f32, int kind, double log_base, info_checks_t *c) {
    const __m512d zero = _mm512_setzero_pd();
    int two = kind != SX_INFO_ENTROPY, lanes32 = f32;
    __mmask16 bad_p = 0, bad_q = 0;
    if (classes < SX_INFO_FLAT) {
        double terms[SX_INFO_BLOCK], row_sums[2][SX_INFO_BLOCK], totals[SX_INFO_BLOCK];
        double ignore;
        Py_ssize_t per = SX_INFO_BLOCK / classes;
        for (Py_ssize_t r0 = 0; r0 < rows; r0 += per) {
            Py_ssize_t count = rows - r0 < per ? rows - r0 : per, base = r0 * classes;
            Py_ssize_t n = count * classes;
            for (Py_ssize_t i = 0; i < n;) {
                __m512d sums[4] = {zero, zero, zero, zero}, t[2];
                info_ahead(p, q, two, f32, base + i);
                if (lanes32) {
                    int k = n - i >= 16 ? 16 : (int)(n - i);
                    info_step16(p, q, base + i, k, kind, t, sums, sums + 2, &bad_p, &bad_q);
                    __mmask16 m = k == 16 ? (__mmask16)0xffff : (__mmask16)((1u << k) - 1);
                    _mm512_mask_storeu_pd(terms + i, (__mmask8)m, t[0]);
                    _mm512_mask_storeu_pd(terms + i + 8, (__mmask8)(m >> 8), t[1]);
                    i += k;
                } else {
                    int k = n - i >= 8 ? 8 : (int)(n - i);
                    t[0] = info_step8(p, q, base + i, k, f32, kind, sums, sums + 2, &bad_p,
                                      &bad_q);
                    _mm512_mask_storeu_pd(terms + i, (__mmask8)((1u << k) - 1), t[0]);
                    i += k;
                }
            }
            for (Py_ssize_t r = 0; r < count; r++) {
                Py_ssize_t at = base + r * classes;
                info_sum_pair8(info_row8(p, f32, at, classes),
                               info_row8(terms, 0, r * classes, classes), row_sums[0] + r,
                               totals + r);
                if (two)
                    info_sum_pair8(info_row8(q, f32, at, classes), zero, row_sums[1] + r,
                                   &ignore);
            }
            info_record_block8(c, 0, row_sums[0], count);
            if (two) info_record_block8(c, 1, row_sums[1], count);
            info_store_block8(out, f32, r0, totals, count, kind, log_base);
        }
    } else {
        for (Py_ssize_t r = 0; r < rows; r++) {
            __m512d acc[2] = {zero, zero}, sp[2] = {zero, zero}, sq[2] = {zero, zero}, t[2];
            Py_ssize_t base = r * classes, j = 0;
            if (lanes32) {
                for (; j < classes; j += 16) {
                    int k = classes - j >= 16 ? 16 : (int)(classes - j);
                    info_step16(p, q, base + j, k, kind, t, sp, sq, &bad_p, &bad_q);
                    acc[0] = _mm512_add_pd(acc[0], t[0]);
                    acc[1] = _mm512_add_pd(acc[1], t[1]);
                }
            } else {
                for (; j < classes; j += 8) {
                    int k = classes - j >= 8 ? 8 : (int)(classes - j);
                    int half = (j >> 3) & 1;
                    t[0] = info_step8(p, q, base + j, k, f32, kind, sp + half, sq + half, &bad_p,
                                      &bad_q);
                    acc[half] = _mm512_add_pd(acc[half], t[0]);
                }
            }
            info_record(c, 0, _mm512_reduce_add_pd(_mm512_add_pd(sp[0], sp[1])));
            if (two) info_record(c, 1, _mm512_reduce_add_pd(_mm512_add_pd(sq[0], sq[1])));
            double total = _mm512_reduce_add_pd(_mm512_add_pd(acc[0], acc[1]));
            info_store(out, f32, r, info_value(total, kind, log_base));
        }
    }
    c->bad[0] |= bad_p != 0;
    c->bad[1] |= bad_q != 0;
}

/* one specialised copy per kind and dtype (the kind and dtype are constants inside) */
#define SX_INFO_COPIES(NAME, TARGET, ANY)                                                     \
    TARGET static void NAME(const void *p, const void *q, void *out, Py_ssize_t rows,           \
                            Py_ssize_t classes, int f32, int kind, double log_base,             \
                            info_checks_t *c) {                                                 \
        if (f32) {                                                                              \
            if (kind == SX_INFO_ENTROPY)                                                        \
                ANY(p, q, out, rows, classes, 1, SX_INFO_ENTROPY, log_base, c);                 \
            else if (kind == SX_INFO_CROSS)                                                     \
                ANY(p, q, out, rows, classes, 1, SX_INFO_CROSS, log_base, c);                   \
            else                                                                                \
                ANY(p, q, out, rows, classes, 1, SX_INFO_KL, log_base, c);                      \
        } else {                                                                                \
            if (kind == SX_INFO_ENTROPY)                                                        \
                ANY(p, q, out, rows, classes, 0, SX_INFO_ENTROPY, log_base, c);                 \
            else if (kind == SX_INFO_CROSS)                                                     \
                ANY(p, q, out, rows, classes, 0, SX_INFO_CROSS, log_base, c);                   \
            else                                                                                \
                ANY(p, q, out, rows, classes, 0, SX_INFO_KL, log_base, c);                      \
        }                                                                                       \
    }
SX_INFO_COPIES(info_rows_avx2, SX_TARGET, info_rows_avx2_any)
SX_INFO_COPIES(info_rows_avx512, SX_TARGET512, info_rows_avx512_any)
#endif

PyDoc_STRVAR(information_doc,
             "information(p, q, out, rows, classes, is_float32, kind, log_base) -> checks\n\n"
             "Entropy (kind 0), cross-entropy (1) or KL (2) of the rows of the contiguous "
             "buffers `p` and `q` (q unused for entropy), divided by log_base, into `out` (the "
             "dtype of p). Returns (p_bad, p_deviation, p_sum, q_bad, q_deviation, q_sum): "
             "whether an entry is below 0 or nan, the largest |row sum - 1| and that row's sum.");

static PyObject *py_information(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer p, q, out;
    Py_ssize_t rows, classes;
    int is_float32, kind;
    double log_base;
    if (!PyArg_ParseTuple(args, "y*y*w*nnpid", &p, &q, &out, &rows, &classes, &is_float32, &kind,
                          &log_base))
        return NULL;
    info_checks_t c = {{0, 0}, {0.0, 0.0}, {1.0, 1.0}};
    int ok = 0;
    Py_ssize_t size = item_size(is_float32);
    if (rows < 0 || classes <= 0 || rows > PY_SSIZE_T_MAX / classes / 8 || kind < 0 || kind > 2) {
        PyErr_SetString(PyExc_ValueError, "bad shape or kind");
    } else if (check_buffer(&p, rows * classes * size, "p") &&
               (kind == SX_INFO_ENTROPY || check_buffer(&q, rows * classes * size, "q")) &&
               check_buffer(&out, rows * size, "out")) {
        ok = 1;
        Py_BEGIN_ALLOW_THREADS;
#if SX_X86
        if (!strcmp(vector_name, "avx512"))
            info_rows_avx512(p.buf, q.buf, out.buf, rows, classes, is_float32, kind, log_base, &c);
        else if (!strcmp(vector_name, "avx2"))
            info_rows_avx2(p.buf, q.buf, out.buf, rows, classes, is_float32, kind, log_base, &c);
        else
#endif
            info_rows_libm(p.buf, q.buf, out.buf, rows, classes, is_float32, kind, log_base, &c);
        Py_END_ALLOW_THREADS;
    }
    PyBuffer_Release(&p);
    PyBuffer_Release(&q);
    PyBuffer_Release(&out);
    if (!ok) return NULL;
    return Py_BuildValue("(iddidd)", c.bad[0], c.dev[0], c.total[0], c.bad[1], c.dev[1],
                         c.total[1]);
}
