/*
 * The elementwise kernels of symxent's numeric runtime: sigmoid, softplus, and the binary
 * cross-entropies (from logits, from probabilities), per element or summed.
 *
 * Included by _symxent_kernels.c just before its method table: it uses that file's vector exp
 * and log (exp8_f64, exp16_f32, log8_f64 with AVX-512; exp4_f64, exp8_f32, log4_f64 with AVX2
 * + FMA), its pairwise_sum and check_buffer, and follows its vector_name (use_vector_math):
 * "avx512", "avx2" or "libm" (scalar C).
 *
 * With e = e^{-|x|} (in (0, 1], never overflowing):
 *   sigmoid(x)  = 1 / (1 + e) for x >= 0, e / (1 + e) otherwise (full relative precision on
 *                 both tails; nan stays nan, -inf and +inf give 0 and 1);
 *   softplus(x) = max(x, 0) + log1p(e): log(1 + f) = 2 atanh(f / (2 + f)) (log8_f64's
 *                 reduced step, one division) on f = e, or on f = (e - 1) / 2 and its rounding
 *                 error for e > sqrt(2) - 1 (then 1 + e = 2 (1 + f)), so no rounding of 1 + e;
 *   BCE(t, x)   = t softplus(-x) + (1 - t) softplus(x), both from one e and one log1p
 *                 (softplus(-x) = max(-x, 0) + log1p(e): no cancellation for large x);
 *   BCE(t, p)   = -(t log p + (1 - t) log1p(-p)), a term 0 where its coefficient is 0 (as the
 *                 compiled expression's xlogy and xlog1py: no clamp of the logs), log1p(-p) by
 *                 the same step on f = -p, or on u = 1 - p and its rounding error for
 *                 p > 1 - sqrt(1/2); log p by log8_f64, subnormal p scaled by 2^64 first.
 * The float64 kernels (and the float32 BCE from probabilities with AVX-512) compute in float64
 * (float32 inputs are converted exactly) and round once to the dtype; the other float32 kernels
 * run 16 (AVX2: 8) float32 lanes with the float32 exp and the same log steps in float32 (their
 * errors a few float32 ulp); libm computes everything in float64. The binary losses flag
 * targets (and probabilities) that are not in [0, 1] (nan too): the caller then takes the
 * general route, which explains them.
 * Sigmoid, and float32 softplus and BCE with logits per element, are written straight into
 * y (no float64 block buffer); sigmoid runs four (AVX2: two) vectors a step, so that their exp
 * chains overlap.
 * Summed, each block of SX_EW_BLOCK elements (counted from the batch's first element, whatever
 * the split over threads) is added pairwise in float64 into its own entry of `sums`.
 */

#include "_symxent_vlog_f32.h"

#define SX_EW_BLOCK 2048

enum { SX_SIGMOID, SX_SOFTPLUS, SX_BCE_LOGITS, SX_BCE_PROB };

/* ---- scalar (libm) ------------------------------------------------------------------------ */

static inline double sx_sigmoid1(double x) {
    double e = exp(-fabs(x));
    return (x >= 0.0 ? 1.0 : e) / (1.0 + e);
}

static inline double sx_bce1(int op, double t, double x, Py_ssize_t *bad) {
    if (!(t >= 0.0 && t <= 1.0)) ++*bad;
    if (op == SX_BCE_PROB) {
        if (!(x >= 0.0 && x <= 1.0)) ++*bad;
        double a = t == 0.0 ? 0.0 : t * log(x);
        double b = t == 1.0 ? 0.0 : (t - 1.0) * log1p(-x);
        return b - a;
    }
    double s = log1p(exp(-fabs(x)));
    double pos = x > 0.0 ? x : 0.0, neg = x < 0.0 ? -x : 0.0;
    if (x != x) pos = neg = x;
    return t * (neg + s) + (1.0 - t) * (pos + s);
}

/* v[0..n) = op(t, x) in float64 (t unused for sigmoid and softplus); bad targets counted */
static void sx_values_libm(int op, const void *t_, const void *x_, int is_float32, double *v,
                           Py_ssize_t n, Py_ssize_t *bad) {
    for (Py_ssize_t i = 0; i < n; i++) {
        double x = is_float32 ? (double)((const float *)x_)[i] : ((const double *)x_)[i];
        if (op == SX_SIGMOID) {
            v[i] = sx_sigmoid1(x);
        } else if (op == SX_SOFTPLUS) {
            v[i] = (x > 0.0 || x != x ? x : 0.0) + log1p(exp(-fabs(x)));
        } else {
            double t = is_float32 ? (double)((const float *)t_)[i] : ((const double *)t_)[i];
            v[i] = sx_bce1(op, t, x, bad);
        }
    }
}

#if SX_X86
/* ---- AVX-512: eight float64 lanes --------------------------------------------------------- */

/* Lanes i..i+m of a float32 or float64 array as float64 (m < 8: the rest 0.5) */
SX_TARGET512 static inline __m512d sx_load8(const void *p, int is_float32, Py_ssize_t i, int m) {
    if (m == 8)
        return is_float32 ? _mm512_cvtps_pd(_mm256_loadu_ps((const float *)p + i))
                          : _mm512_loadu_pd((const double *)p + i);
    if (is_float32) {
        __m512 f = _mm512_mask_loadu_ps(_mm512_set1_ps(0.5f), (__mmask16)((1u << m) - 1),
                                        (const float *)p + i);
        return _mm512_cvtps_pd(_mm512_castps512_ps256(f));
    }
    return _mm512_mask_loadu_pd(_mm512_set1_pd(0.5), (__mmask8)((1u << m) - 1),
                                (const double *)p + i);
}

SX_TARGET512 static inline __m512d sx_negabs8(__m512d x) {
    return _mm512_castsi512_pd(
        _mm512_or_si512(_mm512_castpd_si512(x), _mm512_set1_epi64((long long)0x8000000000000000ULL)));
}

/* k ln2 + log(1 + f) + c / (1 + f), for f in [sqrt(1/2) - 1, sqrt(2) - 1] and a tiny c (the
 * low part of f): log8_f64's reduced step, log(1 + f) = 2 atanh(f / (2 + f)), one division;
 * c / (1 + f) as c (1 - f (1 - f)), within 0.05 |c| */
SX_TARGET512 static inline __m512d sx_log_core8(__m512d f, __m512d k, __m512d c) {
    __m512d s = _mm512_div_pd(f, _mm512_add_pd(f, _mm512_set1_pd(2.0)));
    __m512d z = _mm512_mul_pd(s, s);
    const double *g = sx_log_poly;
    __m512d r = _mm512_set1_pd(g[0]);
    for (int j = 1; j < 7; j++) r = _mm512_fmadd_pd(r, z, _mm512_set1_pd(g[j]));
    r = _mm512_mul_pd(r, z);
    __m512d half_f2 = _mm512_mul_pd(_mm512_mul_pd(f, f), _mm512_set1_pd(0.5));
    __m512d low = _mm512_fmadd_pd(k, _mm512_set1_pd(2.3190468138462996e-17),
                                  _mm512_mul_pd(c, _mm512_fnmadd_pd(f, _mm512_sub_pd(
                                      _mm512_set1_pd(1.0), f), _mm512_set1_pd(1.0))));
    __m512d small = _mm512_fmadd_pd(s, _mm512_add_pd(half_f2, r), low);
    __m512d log_m = _mm512_sub_pd(f, _mm512_sub_pd(half_f2, small));
    return _mm512_fmadd_pd(k, _mm512_set1_pd(0.6931471805599453), log_m);
}

/* log(1 + e) of e in [0, 1] (or nan): f = e (k = 0) up to sqrt(2) - 1, else
 * 1 + e = 2 (1 + f) with f = (e - 1) / 2 and its rounding error in c (Fast2Sum) */
SX_TARGET512 static inline __m512d sx_log1p8(__m512d e) {
    const __m512d one = _mm512_set1_pd(1.0), half = _mm512_set1_pd(0.5);
    __mmask8 big = _mm512_cmp_pd_mask(e, _mm512_set1_pd(0.41421356237309503), _CMP_GT_OQ);
    __m512d d = _mm512_sub_pd(e, one);
    __m512d err = _mm512_sub_pd(e, _mm512_add_pd(d, one));
    __m512d f = _mm512_mask_mul_pd(e, big, d, half);
    __m512d c = _mm512_maskz_mul_pd(big, err, half);
    return sx_log_core8(f, _mm512_maskz_mov_pd(big, one), c);
}

/* log p of p in [0, 1]: subnormals scaled by 2^64, log 0 = -inf */
SX_TARGET512 static inline __m512d sx_logp8(__m512d p) {
    __mmask8 small = _mm512_cmp_pd_mask(p, _mm512_set1_pd(DBL_MIN), _CMP_LT_OQ);
    __m512d q = _mm512_mask_mul_pd(p, small, p, _mm512_set1_pd(18446744073709551616.0));
    __m512d l = log8_f64(q);
    l = _mm512_mask_sub_pd(l, small, l, _mm512_set1_pd(44.3614195558365));
    return _mm512_mask_blend_pd(_mm512_cmp_pd_mask(p, _mm512_setzero_pd(), _CMP_EQ_OQ), l,
                                _mm512_set1_pd(-INFINITY));
}

/* log(1 - p) of p in [0, 1]: f = -p (k = 0) up to 1 - sqrt(1/2); else u = 1 - p (its
 * rounding error in c, Fast2Sum) = 2^k (1 + f) as in log8_f64; log1p(-1) = -inf */
SX_TARGET512 static inline __m512d sx_log1m8(__m512d p) {
    const __m512d one = _mm512_set1_pd(1.0);
    __mmask8 big = _mm512_cmp_pd_mask(p, _mm512_set1_pd(0.2928932188134524), _CMP_GT_OQ);
    __m512d u = _mm512_sub_pd(one, p);
    __m512d err = _mm512_sub_pd(_mm512_sub_pd(one, u), p);
    __mmask8 zero = _mm512_cmp_pd_mask(u, _mm512_setzero_pd(), _CMP_EQ_OQ);
    u = _mm512_mask_blend_pd(zero, u, one);
    __m512d m = _mm512_getmant_pd(u, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);
    __m512d k = _mm512_getexp_pd(u);
    __mmask8 high = _mm512_cmp_pd_mask(m, _mm512_set1_pd(1.4142135623730951), _CMP_GT_OQ);
    m = _mm512_mask_mul_pd(m, high, m, _mm512_set1_pd(0.5));
    k = _mm512_mask_add_pd(k, high, k, one);
    /* err / u = (err 2^-k) / (1 + f) */
    __m512d c = _mm512_maskz_scalef_pd(big, err, _mm512_sub_pd(_mm512_setzero_pd(), k));
    __m512d f = _mm512_mask_blend_pd(big, _mm512_sub_pd(_mm512_setzero_pd(), p),
                                     _mm512_sub_pd(m, one));
    __m512d l = sx_log_core8(f, _mm512_maskz_mov_pd(big, k), c);
    return _mm512_mask_blend_pd(zero, l, _mm512_set1_pd(-INFINITY));
}

SX_TARGET512 static inline __mmask8 sx_outside8(__m512d t) {
    return _mm512_cmp_pd_mask(t, _mm512_setzero_pd(), _CMP_NGE_UQ) |
           _mm512_cmp_pd_mask(t, _mm512_set1_pd(1.0), _CMP_NLE_UQ);
}

/* op(t, x) of eight lanes; targets (and probabilities) outside [0, 1] added to *outside */
SX_TARGET512 static inline __attribute__((always_inline)) __m512d
sx_lane8(int op, __m512d t, __m512d x, unsigned *outside) {
    const __m512d zero = _mm512_setzero_pd(), one = _mm512_set1_pd(1.0);
    if (op == SX_SOFTPLUS) /* max returns its second operand when one is nan: nan stays nan */
        return _mm512_add_pd(_mm512_max_pd(zero, x), sx_log1p8(exp8_f64(sx_negabs8(x))));
    *outside |= sx_outside8(t);
    if (op == SX_BCE_LOGITS) {
        __m512d s = sx_log1p8(exp8_f64(sx_negabs8(x)));
        __m512d pos = _mm512_add_pd(_mm512_max_pd(zero, x), s);
        __m512d neg = _mm512_add_pd(_mm512_max_pd(zero, _mm512_sub_pd(zero, x)), s);
        return _mm512_add_pd(_mm512_mul_pd(t, neg), _mm512_mul_pd(_mm512_sub_pd(one, t), pos));
    }
    *outside |= sx_outside8(x);
    __m512d a = _mm512_mul_pd(t, sx_logp8(x));
    __m512d b = _mm512_mul_pd(_mm512_sub_pd(t, one), sx_log1m8(x));
    a = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(t, zero, _CMP_EQ_OQ), a, zero);
    b = _mm512_mask_blend_pd(_mm512_cmp_pd_mask(t, one, _CMP_EQ_OQ), b, zero);
    return _mm512_sub_pd(b, a);
}

/* ---- float32 lanes for softplus and BCE with logits, 16 lanes (the float32 log: sx_log_core16
 * of _symxent_vlog_f32.h) */
SX_TARGET512 static inline __m512 sx_log1p16(__m512 e) {
    const __m512 one = _mm512_set1_ps(1.0f), half = _mm512_set1_ps(0.5f);
    __mmask16 big = _mm512_cmp_ps_mask(e, _mm512_set1_ps(0.41421356f), _CMP_GT_OQ);
    __m512 d = _mm512_sub_ps(e, one);
    __m512 err = _mm512_sub_ps(e, _mm512_add_ps(d, one));
    __m512 f = _mm512_mask_mul_ps(e, big, d, half);
    __m512 c = _mm512_maskz_mul_ps(big, err, half);
    return sx_log_core16(f, _mm512_maskz_mov_ps(big, one), c);
}

/* softplus (t NULL) or BCE with logits of float32 numbers, 16 lanes a step, into float64 v or
 * (v NULL) straight into float32 y */
SX_TARGET512 static void sx_values32_avx512(const float *t_, const float *x_, double *v,
                                            float *y32, Py_ssize_t n, Py_ssize_t *bad) {
    const __m512 zero = _mm512_setzero_ps(), one = _mm512_set1_ps(1.0f);
    const __m512i sign = _mm512_set1_epi32((int)0x80000000u);
    for (Py_ssize_t i = 0; i < n; i += 16) {
        __mmask16 lanes = n - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - i)) - 1);
        /* masked loads only in the tail (slower on Zen 5 for memory not in the cache) */
        __m512 x = lanes == 0xffff ? _mm512_loadu_ps(x_ + i)
                                   : _mm512_mask_loadu_ps(_mm512_set1_ps(0.5f), lanes, x_ + i);
        __m512 e = exp16_f32(_mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(x), sign)));
        __m512 s = sx_log1p16(e), y;
        /* max returns its second operand when one is nan: a nan x stays nan */
        __m512 pos = _mm512_add_ps(_mm512_max_ps(zero, x), s);
        if (t_ == NULL) {
            y = pos;
        } else {
            __m512 t = lanes == 0xffff
                           ? _mm512_loadu_ps(t_ + i)
                           : _mm512_mask_loadu_ps(_mm512_set1_ps(0.5f), lanes, t_ + i);
            __mmask16 outside = _mm512_cmp_ps_mask(t, zero, _CMP_NGE_UQ) |
                                _mm512_cmp_ps_mask(t, one, _CMP_NLE_UQ);
            *bad += __builtin_popcount((unsigned)outside);
            __m512 neg = _mm512_add_ps(_mm512_max_ps(zero, _mm512_sub_ps(zero, x)), s);
            y = _mm512_add_ps(_mm512_mul_ps(t, neg), _mm512_mul_ps(_mm512_sub_ps(one, t), pos));
        }
        if (v == NULL) {
            _mm512_mask_storeu_ps(y32 + i, lanes, y);
            continue;
        }
        _mm512_storeu_pd(v + i, _mm512_cvtps_pd(_mm512_castps512_ps256(y)));
        _mm512_storeu_pd(v + i + 8, _mm512_cvtps_pd(_mm256_castpd_ps(
                                        _mm512_extractf64x4_pd(_mm512_castps_pd(y), 1))));
    }
}

/* sx_values_libm, two vectors of eight lanes a step (their chains overlap); v has room for n
 * rounded up to 16 */
#define SX_VALUES512(OP)                                                                      \
    for (Py_ssize_t i = 0; i < n; i += 16) {                                                  \
        int m = n - i < 16 ? (int)(n - i) : 16, m1 = m < 8 ? m : 8, m2 = m - m1;             \
        unsigned outside = 0;                                                                 \
        __m512d x1 = sx_load8(x_, is_float32, i, m1);                                        \
        __m512d t1 = t_ != NULL ? sx_load8(t_, is_float32, i, m1) : x1;                      \
        __m512d x2 = m2 > 0 ? sx_load8(x_, is_float32, i + 8, m2) : _mm512_set1_pd(0.5);     \
        __m512d t2 = t_ != NULL && m2 > 0 ? sx_load8(t_, is_float32, i + 8, m2) : x2;        \
        _mm512_storeu_pd(v + i, sx_lane8(OP, t1, x1, &outside));                             \
        _mm512_storeu_pd(v + i + 8, sx_lane8(OP, t2, x2, &outside));                         \
        *bad += __builtin_popcount(outside);                                                  \
    }

SX_TARGET512 static void sx_values_avx512(int op, const void *t_, const void *x_, int is_float32,
                                          double *v, Py_ssize_t n, Py_ssize_t *bad) {
    if (is_float32 && (op == SX_SOFTPLUS || op == SX_BCE_LOGITS)) {
        sx_values32_avx512((const float *)t_, (const float *)x_, v, NULL, n, bad);
        return;
    }
    switch (op) {
        case SX_SOFTPLUS: SX_VALUES512(SX_SOFTPLUS) break;
        case SX_BCE_LOGITS: SX_VALUES512(SX_BCE_LOGITS) break;
        default: SX_VALUES512(SX_BCE_PROB)
    }
}

/* e^x of x <= 0 or nan in 16 float32 lanes: exp16_f32 without its upper clamp, n = round(x
 * log2e) in the low bits of x log2e + 1.5 2^23 (one FMA, no roundscale) */
SX_TARGET512 static inline __m512 sx_expneg16(__m512 x) {
    const __m512 magic = _mm512_set1_ps(12582912.0f);
    x = _mm512_max_ps(_mm512_set1_ps(-104.0f), x); /* max keeps a nan x (second operand) */
    __m512 nf = _mm512_sub_ps(_mm512_fmadd_ps(x, _mm512_set1_ps(1.44269504088896341f), magic),
                              magic);
    __m512 r = _mm512_fnmadd_ps(nf, _mm512_set1_ps(0.693145751953125f), x);
    r = _mm512_fnmadd_ps(nf, _mm512_set1_ps(1.428606765330187e-06f), r);
    static const float c[] = {0.008372686f, 0.041673567f, 0.1666648f, 0.49999967f, 1.0f, 1.0f};
    __m512 p = _mm512_set1_ps(0.0013571209f); /* exp8_poly's coefficients */
    for (int i = 0; i < 6; i++) p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c[i]));
    return _mm512_scalef_ps(p, nf);
}

/* sigmoid of x from e = e^{-|x|} (16 float32 or 8 float64 lanes) */
SX_TARGET512 static inline __m512 sx_sigmoid16(__m512 x, __m512 e) {
    const __m512 one = _mm512_set1_ps(1.0f);
    __mmask16 plus = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GE_OQ);
    return _mm512_div_ps(_mm512_mask_blend_ps(plus, e, one), _mm512_add_ps(one, e));
}
SX_TARGET512 static inline __m512d sx_sigmoid8(__m512d x, __m512d e) {
    const __m512d one = _mm512_set1_pd(1.0);
    __mmask8 plus = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_GE_OQ);
    return _mm512_div_pd(_mm512_mask_blend_pd(plus, e, one), _mm512_add_pd(one, e));
}

SX_TARGET512 static inline __m512 sx_negabs16(__m512 x) {
    return _mm512_castsi512_ps(
        _mm512_or_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u)));
}

/* sigmoid of n float32 numbers in float32 lanes straight into y: four vectors a step (their exp
 * chains overlap; twice as fast as one), the tail through a mask */
SX_TARGET512 static void sx_sigmoid32_avx512(const float *x, float *y, Py_ssize_t n) {
    Py_ssize_t i = 0;
    for (; i + 64 <= n; i += 64) {
        __m512 v[4], e[4];
        SX_EACH(g, 4) v[g] = _mm512_loadu_ps(x + i + 16 * g);
        SX_EACH(g, 4) e[g] = sx_expneg16(sx_negabs16(v[g]));
        SX_EACH(g, 4) _mm512_storeu_ps(y + i + 16 * g, sx_sigmoid16(v[g], e[g]));
    }
    for (; i < n; i += 16) {
        __mmask16 lanes = n - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - i)) - 1);
        __m512 v = _mm512_maskz_loadu_ps(lanes, x + i);
        _mm512_mask_storeu_ps(y + i, lanes, sx_sigmoid16(v, sx_expneg16(sx_negabs16(v))));
    }
}

/* sigmoid of n float64 numbers straight into y (no block buffer): four vectors a step */
SX_TARGET512 static void sx_sigmoid64_avx512(const double *x, double *y, Py_ssize_t n) {
    Py_ssize_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m512d v[4], e[4];
        SX_EACH(g, 4) v[g] = _mm512_loadu_pd(x + i + 8 * g);
        SX_EACH(g, 4) e[g] = sx_negabs8(v[g]);
        exp8_f64_n(e, 4);
        SX_EACH(g, 4) _mm512_storeu_pd(y + i + 8 * g, sx_sigmoid8(v[g], e[g]));
    }
    for (; i < n; i += 8) {
        __mmask8 lanes = n - i >= 8 ? (__mmask8)0xff : (__mmask8)((1u << (n - i)) - 1);
        __m512d v = _mm512_maskz_loadu_pd(lanes, x + i);
        _mm512_mask_storeu_pd(y + i, lanes, sx_sigmoid8(v, exp8_f64(sx_negabs8(v))));
    }
}

/* ---- AVX2 + FMA: four float64 lanes ------------------------------------------------------- */

SX_TARGET static inline __m256d sx_load4(const void *p, int is_float32, Py_ssize_t i, int m) {
    if (m == 4)
        return is_float32 ? _mm256_cvtps_pd(_mm_loadu_ps((const float *)p + i))
                          : _mm256_loadu_pd((const double *)p + i);
    double in[4] = {0.5, 0.5, 0.5, 0.5};
    for (int k = 0; k < m; k++)
        in[k] = is_float32 ? (double)((const float *)p)[i + k] : ((const double *)p)[i + k];
    return _mm256_loadu_pd(in);
}

SX_TARGET static inline __m256d sx_negabs4(__m256d x) {
    return _mm256_or_pd(x, _mm256_set1_pd(-0.0));
}

/* sx_log_core8, four lanes */
SX_TARGET static inline __m256d sx_log_core4(__m256d f, __m256d k, __m256d c) {
    __m256d s = _mm256_div_pd(f, _mm256_add_pd(f, _mm256_set1_pd(2.0)));
    __m256d z = _mm256_mul_pd(s, s);
    const double *g = sx_log_poly;
    __m256d r = _mm256_set1_pd(g[0]);
    for (int j = 1; j < 7; j++) r = _mm256_fmadd_pd(r, z, _mm256_set1_pd(g[j]));
    r = _mm256_mul_pd(r, z);
    __m256d half_f2 = _mm256_mul_pd(_mm256_mul_pd(f, f), _mm256_set1_pd(0.5));
    __m256d low = _mm256_fmadd_pd(k, _mm256_set1_pd(2.3190468138462996e-17),
                                  _mm256_mul_pd(c, _mm256_fnmadd_pd(f, _mm256_sub_pd(
                                      _mm256_set1_pd(1.0), f), _mm256_set1_pd(1.0))));
    __m256d small = _mm256_fmadd_pd(s, _mm256_add_pd(half_f2, r), low);
    __m256d log_m = _mm256_sub_pd(f, _mm256_sub_pd(half_f2, small));
    return _mm256_fmadd_pd(k, _mm256_set1_pd(0.6931471805599453), log_m);
}

SX_TARGET static inline __m256d sx_log1p4(__m256d e) {
    const __m256d one = _mm256_set1_pd(1.0), half = _mm256_set1_pd(0.5);
    __m256d big = _mm256_cmp_pd(e, _mm256_set1_pd(0.41421356237309503), _CMP_GT_OQ);
    __m256d d = _mm256_sub_pd(e, one);
    __m256d err = _mm256_sub_pd(e, _mm256_add_pd(d, one));
    __m256d f = _mm256_blendv_pd(e, _mm256_mul_pd(d, half), big);
    __m256d c = _mm256_and_pd(big, _mm256_mul_pd(err, half));
    return sx_log_core4(f, _mm256_and_pd(big, one), c);
}

/* u = 2^k (1 + f), f in [sqrt(1/2) - 1, sqrt(2) - 1], of positive normal float64 u (the split
 * of log4_f64) */
SX_TARGET static inline __m256d sx_split4(__m256d u, __m256d *k) {
    const __m256i mantissa = _mm256_set1_epi64x(0x000fffffffffffffLL);
    const __m256i one_bits = _mm256_set1_epi64x(0x3ff0000000000000LL);
    const __m256d magic = _mm256_set1_pd(4503599627370496.0); /* 2^52 */
    __m256i bits = _mm256_castpd_si256(u);
    __m256d m = _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(bits, mantissa), one_bits));
    __m256d e = _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(_mm256_srli_epi64(bits, 52),
                                                                  _mm256_castpd_si256(magic))),
                              _mm256_set1_pd(4503599627370496.0 + 1023.0));
    __m256d big = _mm256_cmp_pd(m, _mm256_set1_pd(1.4142135623730951), _CMP_GT_OQ);
    m = _mm256_blendv_pd(m, _mm256_mul_pd(m, _mm256_set1_pd(0.5)), big);
    *k = _mm256_add_pd(e, _mm256_and_pd(big, _mm256_set1_pd(1.0)));
    return _mm256_sub_pd(m, _mm256_set1_pd(1.0));
}

/* log p of p in [0, 1]: subnormals scaled by 2^64, log 0 = -inf; one division */
SX_TARGET static inline __m256d sx_logp4(__m256d p) {
    const __m256d zero_v = _mm256_setzero_pd();
    __m256d small = _mm256_cmp_pd(p, _mm256_set1_pd(DBL_MIN), _CMP_LT_OQ);
    __m256d zero = _mm256_cmp_pd(p, zero_v, _CMP_EQ_OQ);
    __m256d q = _mm256_blendv_pd(p, _mm256_mul_pd(p, _mm256_set1_pd(18446744073709551616.0)),
                                 small);
    __m256d k, f = sx_split4(_mm256_blendv_pd(q, _mm256_set1_pd(1.0), zero), &k);
    k = _mm256_sub_pd(k, _mm256_and_pd(small, _mm256_set1_pd(64.0)));
    return _mm256_blendv_pd(sx_log_core4(f, k, zero_v), _mm256_set1_pd(-INFINITY), zero);
}

/* log(1 - p): f = -p up to 1 - sqrt(1/2), else u = 1 - p split as in sx_split4, its rounding
 * error err (nonzero only for u in (1/2, 0.71), where k is -1 or 0) carried as err 2^-k; one
 * division */
SX_TARGET static inline __m256d sx_log1m4(__m256d p) {
    const __m256d one = _mm256_set1_pd(1.0), zero_v = _mm256_setzero_pd();
    __m256d big = _mm256_cmp_pd(p, _mm256_set1_pd(0.2928932188134524), _CMP_GT_OQ);
    __m256d u = _mm256_sub_pd(one, p);
    __m256d err = _mm256_sub_pd(_mm256_sub_pd(one, u), p);
    __m256d zero = _mm256_cmp_pd(u, zero_v, _CMP_EQ_OQ);
    __m256d k, f = sx_split4(_mm256_blendv_pd(u, one, zero), &k);
    __m256d c = _mm256_blendv_pd(_mm256_add_pd(err, err), err, _mm256_cmp_pd(k, zero_v, _CMP_EQ_OQ));
    f = _mm256_blendv_pd(_mm256_sub_pd(zero_v, p), f, big);
    __m256d l = sx_log_core4(f, _mm256_and_pd(big, k), _mm256_and_pd(big, c));
    return _mm256_blendv_pd(l, _mm256_set1_pd(-INFINITY), zero);
}

/* BCE from float32 probabilities in float32 lanes (sx_logp4 and sx_log1m4 in float32) */
SX_TARGET static void sx_bce32_avx2(const float *t_, const float *x_, double *v, Py_ssize_t n,
                                    Py_ssize_t *bad) {
    const __m256 zero_v = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f);
    for (Py_ssize_t i = 0; i < n; i += 8) {
        int count = n - i < 8 ? (int)(n - i) : 8;
        float pin[8] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
        float tin[8] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
        const float *pp = x_ + i, *tp = t_ + i;
        if (count < 8) {
            memcpy(pin, pp, (size_t)count * sizeof(float));
            memcpy(tin, tp, (size_t)count * sizeof(float));
            pp = pin;
            tp = tin;
        }
        __m256 p = _mm256_loadu_ps(pp), t = _mm256_loadu_ps(tp);
        __m256 out = _mm256_or_ps(
            _mm256_or_ps(_mm256_cmp_ps(t, zero_v, _CMP_NGE_UQ), _mm256_cmp_ps(t, one, _CMP_NLE_UQ)),
            _mm256_or_ps(_mm256_cmp_ps(p, zero_v, _CMP_NGE_UQ), _mm256_cmp_ps(p, one, _CMP_NLE_UQ)));
        *bad += __builtin_popcount((unsigned)_mm256_movemask_ps(out));
        /* log p: subnormals scaled by 2^32 */
        __m256 small = _mm256_cmp_ps(p, _mm256_set1_ps(FLT_MIN), _CMP_LT_OQ);
        __m256 pzero = _mm256_cmp_ps(p, zero_v, _CMP_EQ_OQ);
        __m256 q = _mm256_blendv_ps(p, _mm256_mul_ps(p, _mm256_set1_ps(4294967296.0f)), small);
        __m256 k, f = sx_split8f(_mm256_blendv_ps(q, one, pzero), &k);
        k = _mm256_sub_ps(k, _mm256_and_ps(small, _mm256_set1_ps(32.0f)));
        __m256 logp = _mm256_blendv_ps(sx_log_core8f(f, k, zero_v), _mm256_set1_ps(-INFINITY),
                                       pzero);
        /* log(1 - p) */
        __m256 big = _mm256_cmp_ps(p, _mm256_set1_ps(0.29289322f), _CMP_GT_OQ);
        __m256 u = _mm256_sub_ps(one, p);
        __m256 err = _mm256_sub_ps(_mm256_sub_ps(one, u), p);
        __m256 uzero = _mm256_cmp_ps(u, zero_v, _CMP_EQ_OQ);
        f = sx_split8f(_mm256_blendv_ps(u, one, uzero), &k);
        __m256 c = _mm256_blendv_ps(_mm256_add_ps(err, err), err,
                                    _mm256_cmp_ps(k, zero_v, _CMP_EQ_OQ));
        f = _mm256_blendv_ps(_mm256_sub_ps(zero_v, p), f, big);
        __m256 log1m = _mm256_blendv_ps(
            sx_log_core8f(f, _mm256_and_ps(big, k), _mm256_and_ps(big, c)),
            _mm256_set1_ps(-INFINITY), uzero);
        __m256 a = _mm256_andnot_ps(_mm256_cmp_ps(t, zero_v, _CMP_EQ_OQ), _mm256_mul_ps(t, logp));
        __m256 b = _mm256_andnot_ps(_mm256_cmp_ps(t, one, _CMP_EQ_OQ),
                                    _mm256_mul_ps(_mm256_sub_ps(t, one), log1m));
        __m256 y = _mm256_sub_ps(b, a);
        _mm256_storeu_pd(v + i, _mm256_cvtps_pd(_mm256_castps256_ps128(y)));
        _mm256_storeu_pd(v + i + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(y, 1)));
    }
}

SX_TARGET static inline int sx_outside4(__m256d t) {
    return _mm256_movemask_pd(
        _mm256_or_pd(_mm256_cmp_pd(t, _mm256_setzero_pd(), _CMP_NGE_UQ),
                     _mm256_cmp_pd(t, _mm256_set1_pd(1.0), _CMP_NLE_UQ)));
}

SX_TARGET static void sx_values32_avx2(const float *t_, const float *x_, double *v, float *y32,
                                       Py_ssize_t n, Py_ssize_t *bad) {
    const __m256 zero = _mm256_setzero_ps(), one = _mm256_set1_ps(1.0f), half = _mm256_set1_ps(0.5f);
    for (Py_ssize_t i = 0; i < n; i += 8) {
        int m = n - i < 8 ? (int)(n - i) : 8;
        float xin[8] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
        float tin[8] = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
        const float *xp = x_ + i, *tp = t_ != NULL ? t_ + i : NULL;
        if (m < 8) {
            memcpy(xin, xp, (size_t)m * sizeof(float));
            if (tp != NULL) memcpy(tin, tp, (size_t)m * sizeof(float));
            xp = xin;
            tp = tp != NULL ? tin : NULL;
        }
        __m256 x = _mm256_loadu_ps(xp);
        __m256 e = exp8_f32(_mm256_or_ps(x, _mm256_set1_ps(-0.0f)));
        __m256 big = _mm256_cmp_ps(e, _mm256_set1_ps(0.41421356f), _CMP_GT_OQ);
        __m256 d = _mm256_sub_ps(e, one);
        __m256 err = _mm256_sub_ps(e, _mm256_add_ps(d, one));
        __m256 f = _mm256_blendv_ps(e, _mm256_mul_ps(d, half), big);
        __m256 s = sx_log_core8f(f, _mm256_and_ps(big, one),
                                 _mm256_and_ps(big, _mm256_mul_ps(err, half)));
        __m256 pos = _mm256_add_ps(_mm256_max_ps(zero, x), s), y = pos;
        if (tp != NULL) {
            __m256 t = _mm256_loadu_ps(tp);
            *bad += __builtin_popcount((unsigned)_mm256_movemask_ps(
                _mm256_or_ps(_mm256_cmp_ps(t, zero, _CMP_NGE_UQ),
                             _mm256_cmp_ps(t, one, _CMP_NLE_UQ))));
            __m256 neg = _mm256_add_ps(_mm256_max_ps(zero, _mm256_sub_ps(zero, x)), s);
            y = _mm256_add_ps(_mm256_mul_ps(t, neg), _mm256_mul_ps(_mm256_sub_ps(one, t), pos));
        }
        if (v != NULL) {
            _mm256_storeu_pd(v + i, _mm256_cvtps_pd(_mm256_castps256_ps128(y)));
            _mm256_storeu_pd(v + i + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(y, 1)));
        } else if (m == 8) {
            _mm256_storeu_ps(y32 + i, y);
        } else {
            _mm256_storeu_ps(xin, y);
            memcpy(y32 + i, xin, (size_t)m * sizeof(float));
        }
    }
}

SX_TARGET static void sx_values_avx2(int op, const void *t_, const void *x_, int is_float32,
                                     double *v, Py_ssize_t n, Py_ssize_t *bad) {
    const __m256d zero = _mm256_setzero_pd(), one = _mm256_set1_pd(1.0);
    if (is_float32 && (op == SX_SOFTPLUS || op == SX_BCE_LOGITS)) {
        sx_values32_avx2((const float *)t_, (const float *)x_, v, NULL, n, bad);
        return;
    }
    if (is_float32 && op == SX_BCE_PROB) {
        sx_bce32_avx2((const float *)t_, (const float *)x_, v, n, bad);
        return;
    }
    for (Py_ssize_t i = 0; i < n; i += 4) {
        int m = n - i < 4 ? (int)(n - i) : 4;
        __m256d x = sx_load4(x_, is_float32, i, m), y;
        if (op == SX_SOFTPLUS) {
            y = _mm256_add_pd(_mm256_max_pd(zero, x), sx_log1p4(exp4_f64(sx_negabs4(x))));
        } else {
            __m256d t = sx_load4(t_, is_float32, i, m);
            int outside = sx_outside4(t);
            if (op == SX_BCE_LOGITS) {
                __m256d s = sx_log1p4(exp4_f64(sx_negabs4(x)));
                __m256d pos = _mm256_add_pd(_mm256_max_pd(zero, x), s);
                __m256d neg = _mm256_add_pd(_mm256_max_pd(zero, _mm256_sub_pd(zero, x)), s);
                y = _mm256_add_pd(_mm256_mul_pd(t, neg),
                                  _mm256_mul_pd(_mm256_sub_pd(one, t), pos));
            } else {
                outside |= sx_outside4(x);
                __m256d a = _mm256_mul_pd(t, sx_logp4(x));
                __m256d b = _mm256_mul_pd(_mm256_sub_pd(t, one), sx_log1m4(x));
                a = _mm256_andnot_pd(_mm256_cmp_pd(t, zero, _CMP_EQ_OQ), a);
                b = _mm256_andnot_pd(_mm256_cmp_pd(t, one, _CMP_EQ_OQ), b);
                y = _mm256_sub_pd(b, a);
            }
            *bad += __builtin_popcount((unsigned)outside);
        }
        _mm256_storeu_pd(v + i, y);
    }
}

/* e^x of x <= 0 or nan in four float64 lanes: exp8_f64's x = (16 n + j) ln2/16 + r, 2^(j/16)
 * gathered from its table, its degree-7 polynomial (exp4_f64's degree 13 measured twice as
 * slow). t's low bits hold 16 (n + 1023) + j: for x >= -708 (every lane) 2^n is those bits
 * shifted; below, 2^h 2^(n - h), both normal for n >= -1077 (subnormal results) */
SX_TARGET static inline __m256d sx_expneg4(__m256d x) {
    const __m256d magic = _mm256_set1_pd(6755399441055744.0 + 16368.0); /* 1.5 2^52 + 16 1023 */
    x = _mm256_max_pd(_mm256_set1_pd(-746.0), x); /* max keeps a nan x (second operand) */
    __m256d t = _mm256_fmadd_pd(x, _mm256_set1_pd(23.083120654223414), magic);
    __m256d k = _mm256_sub_pd(t, magic);
    __m256d r = _mm256_fnmadd_pd(k, _mm256_set1_pd(0.04332169878499658), x);
    r = _mm256_fnmadd_pd(k, _mm256_set1_pd(1.4494042586539372e-18), r);
    __m256i bits = _mm256_castpd_si256(t);
    __m256d table = _mm256_i64gather_pd(exp2_sixteenths,
                                        _mm256_and_si256(bits, _mm256_set1_epi64x(15)), 8);
    static const double c[] = {1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0};
    __m256d p = _mm256_set1_pd(1.0 / 5040.0);
    for (int i = 0; i < 6; i++) p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(c[i]));
    p = _mm256_fmadd_pd(_mm256_mul_pd(table, r), p, table);
    if (_mm256_movemask_pd(_mm256_cmp_pd(x, _mm256_set1_pd(-708.0), _CMP_GE_OQ)) == 15)
        return _mm256_mul_pd(p, _mm256_castsi256_pd(
                                    _mm256_slli_epi64(_mm256_srli_epi64(bits, 4), 52)));
    const __m256d bias = _mm256_set1_pd(4503599627370496.0 + 1023.0); /* 2^52 + 1023 */
    __m256d n = _mm256_floor_pd(_mm256_mul_pd(k, _mm256_set1_pd(0.0625)));
    __m256d h = _mm256_floor_pd(_mm256_mul_pd(n, _mm256_set1_pd(0.5)));
    __m256i s1 = _mm256_slli_epi64(_mm256_castpd_si256(_mm256_add_pd(h, bias)), 52);
    __m256i s2 = _mm256_slli_epi64(_mm256_castpd_si256(_mm256_add_pd(_mm256_sub_pd(n, h), bias)), 52);
    return _mm256_mul_pd(_mm256_mul_pd(p, _mm256_castsi256_pd(s1)), _mm256_castsi256_pd(s2));
}

/* sigmoid of x from e = e^{-|x|} (8 float32 or 4 float64 lanes) */
SX_TARGET static inline __m256 sx_sigmoid8f(__m256 x, __m256 e) {
    const __m256 one = _mm256_set1_ps(1.0f);
    __m256 plus = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GE_OQ);
    return _mm256_div_ps(_mm256_blendv_ps(e, one, plus), _mm256_add_ps(one, e));
}
SX_TARGET static inline __m256d sx_sigmoid4(__m256d x, __m256d e) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d plus = _mm256_cmp_pd(x, _mm256_setzero_pd(), _CMP_GE_OQ);
    return _mm256_div_pd(_mm256_blendv_pd(e, one, plus), _mm256_add_pd(one, e));
}

/* sigmoid of n float32 (float64) numbers straight into y: two vectors a step (their exp chains
 * overlap), the tail through a buffer of one vector */
SX_TARGET static void sx_sigmoid32_avx2(const float *x, float *y, Py_ssize_t n) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    Py_ssize_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m256 a = _mm256_loadu_ps(x + i), b = _mm256_loadu_ps(x + i + 8);
        __m256 ea = exp8_f32(_mm256_or_ps(a, sign)), eb = exp8_f32(_mm256_or_ps(b, sign));
        _mm256_storeu_ps(y + i, sx_sigmoid8f(a, ea));
        _mm256_storeu_ps(y + i + 8, sx_sigmoid8f(b, eb));
    }
    for (; i < n; i += 8) {
        int m = n - i < 8 ? (int)(n - i) : 8;
        float buffer[8] = {0};
        memcpy(buffer, x + i, (size_t)m * sizeof(float));
        __m256 v = _mm256_loadu_ps(buffer);
        _mm256_storeu_ps(buffer, sx_sigmoid8f(v, exp8_f32(_mm256_or_ps(v, sign))));
        memcpy(y + i, buffer, (size_t)m * sizeof(float));
    }
}

SX_TARGET static void sx_sigmoid64_avx2(const double *x, double *y, Py_ssize_t n) {
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256d a = _mm256_loadu_pd(x + i), b = _mm256_loadu_pd(x + i + 4);
        __m256d ea = sx_expneg4(sx_negabs4(a)), eb = sx_expneg4(sx_negabs4(b));
        _mm256_storeu_pd(y + i, sx_sigmoid4(a, ea));
        _mm256_storeu_pd(y + i + 4, sx_sigmoid4(b, eb));
    }
    for (; i < n; i += 4) {
        int m = n - i < 4 ? (int)(n - i) : 4;
        double buffer[4] = {0};
        memcpy(buffer, x + i, (size_t)m * sizeof(double));
        __m256d v = _mm256_loadu_pd(buffer);
        _mm256_storeu_pd(buffer, sx_sigmoid4(v, sx_expneg4(sx_negabs4(v))));
        memcpy(y + i, buffer, (size_t)m * sizeof(double));
    }
}
#endif

static void sx_values(int op, const void *t, const void *x, int is_float32, double *v,
                      Py_ssize_t n, Py_ssize_t *bad) {
#if SX_X86
    if (!strcmp(vector_name, "avx512")) {
        sx_values_avx512(op, t, x, is_float32, v, n, bad);
        return;
    }
    if (!strcmp(vector_name, "avx2")) {
        sx_values_avx2(op, t, x, is_float32, v, n, bad);
        return;
    }
#endif
    sx_values_libm(op, t, x, is_float32, v, n, bad);
}

/* One call: y = op(t, x) in x's dtype, or (sums != NULL) the block sums; returns the bad
 * targets. `first` is the index of x[0] in the whole batch (a multiple of SX_EW_BLOCK). */
static Py_ssize_t sx_run(int op, const char *t, const char *x, char *y, double *sums,
                         Py_ssize_t n, Py_ssize_t first, int is_float32) {
    double v[SX_EW_BLOCK + 16];
    Py_ssize_t bad = 0, size = is_float32 ? (Py_ssize_t)sizeof(float) : (Py_ssize_t)sizeof(double);
#if SX_X86
    if (op == SX_SIGMOID && strcmp(vector_name, "libm")) { /* straight into y */
        int wide = !strcmp(vector_name, "avx512");
        if (is_float32)
            (wide ? sx_sigmoid32_avx512 : sx_sigmoid32_avx2)((const float *)x, (float *)y, n);
        else
            (wide ? sx_sigmoid64_avx512 : sx_sigmoid64_avx2)((const double *)x, (double *)y, n);
        return 0;
    }
    if (is_float32 && (op == SX_SOFTPLUS || op == SX_BCE_LOGITS) && sums == NULL &&
        strcmp(vector_name, "libm")) { /* float32 lanes straight into y */
        (strcmp(vector_name, "avx512") ? sx_values32_avx2 : sx_values32_avx512)(
            (const float *)t, (const float *)x, NULL, (float *)y, n, &bad);
        return bad;
    }
#endif
    for (Py_ssize_t i = 0; i < n; i += SX_EW_BLOCK) {
        Py_ssize_t m = n - i < SX_EW_BLOCK ? n - i : SX_EW_BLOCK;
        sx_values(op, t != NULL ? t + i * size : NULL, x + i * size, is_float32, v, m, &bad);
        if (sums != NULL) {
            sums[(first + i) / SX_EW_BLOCK] = pairwise_sum(v, m);
        } else if (is_float32) {
            float *out = (float *)y + i;
            for (Py_ssize_t k = 0; k < m; k++) out[k] = (float)v[k];
        } else {
            memcpy((double *)y + i, v, (size_t)m * sizeof(double));
        }
    }
    return bad;
}

PyDoc_STRVAR(elementwise_doc,
             "elementwise(op, t, x, y, n, is_float32, summing=False, first=0) -> bad targets\n\n"
             "op 0 sigmoid(x), 1 softplus(x), 2 BCE with logits (t, x), 3 BCE from "
             "probabilities (t, x) of n float32 or float64 numbers (t None for 0 and 1): into y "
             "(x's dtype), or with `summing` the float64 sums of the blocks of elementwise_block() "
             "elements into y (x[0] is element `first` of the batch, a multiple of the block). "
             "Returns how many t (and probabilities) are not in [0, 1].");

static PyObject *py_elementwise(PyObject *self, PyObject *args) {
    (void)self;
    int op, is_float32, summing = 0;
    PyObject *t_obj;
    Py_buffer t = {0}, x, y;
    Py_ssize_t n, first = 0, bad = -1;
    if (!PyArg_ParseTuple(args, "iOy*w*np|pn", &op, &t_obj, &x, &y, &n, &is_float32, &summing,
                          &first))
        return NULL;
    int has_t = t_obj != Py_None;
    if (has_t && PyObject_GetBuffer(t_obj, &t, PyBUF_SIMPLE) < 0) {
        PyBuffer_Release(&x);
        PyBuffer_Release(&y);
        return NULL;
    }
    Py_ssize_t size = is_float32 ? (Py_ssize_t)sizeof(float) : (Py_ssize_t)sizeof(double);
    Py_ssize_t blocks = (first + n + SX_EW_BLOCK - 1) / SX_EW_BLOCK;
    if (op < SX_SIGMOID || op > SX_BCE_PROB || has_t != (op >= SX_BCE_LOGITS) || n < 0 ||
        n > PY_SSIZE_T_MAX / 8 || first < 0 || first % SX_EW_BLOCK != 0 ||
        (summing && op < SX_BCE_LOGITS)) {
        PyErr_SetString(PyExc_ValueError, "bad op, t, length or first");
    } else if (summing && y.len < blocks * (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "y has too few block sums");
    } else if (check_buffer(&x, n * size, "x") && (!has_t || check_buffer(&t, n * size, "t")) &&
               (summing || check_buffer(&y, n * size, "y"))) {
        Py_BEGIN_ALLOW_THREADS;
        bad = sx_run(op, has_t ? (const char *)t.buf : NULL, (const char *)x.buf,
                     summing ? NULL : (char *)y.buf, summing ? (double *)y.buf : NULL, n, first,
                     is_float32);
        Py_END_ALLOW_THREADS;
    }
    if (has_t) PyBuffer_Release(&t);
    PyBuffer_Release(&x);
    PyBuffer_Release(&y);
    return bad < 0 ? NULL : PyLong_FromSsize_t(bad);
}

static PyObject *py_elementwise_block(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return PyLong_FromLong(SX_EW_BLOCK);
}
