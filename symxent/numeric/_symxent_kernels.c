/*
 * _symxent_kernels: the fused row kernels of symxent's numeric runtime (symxent/numeric/native.py).
 *
 * Two kernels over the rows of a C-contiguous (rows, classes) float32 or float64 array:
 *
 *   take_log_softmax  log(e^{a_k} / sum_j e^{a_j}) at the label k of each row (dtype of a),
 *   logsumexp         log(sum_j e^{a_j}) of each row (float64),
 *
 * computed without the max shift, as the numpy row route of symxent/numeric/runtime.py (whose
 * docstrings carry the error analysis): one exp of every logit, a row sum, a division and a log.
 * A row whose sum is outside [low, high], whose label term is below pick_low, or whose softmax at
 * the label is below tiny (every comparison with nan is false) is recomputed here with a shift:
 * by its first logit when that is above log(high) + 1 (the same route on a - a_0, whose sum is
 * at least 1), then, if it still fails, by its max; a row with a nan or an infinite max is
 * marked in `redo`, its result unspecified, and the caller recomputes it with numpy's shifted
 * path. Each row takes the same route in any block, so results do not depend on the split.
 *
 * exp and log run 16 float32 or 8 float64 lanes at a time on AVX-512, else 8 or 4 on AVX2 + FMA
 * (chosen at import from the CPU), else they are the C library's. The AVX-512 ones are described
 * at their code. With AVX-512, rows of 2 or 4 classes are taken 8 (float32: 16) rows a
 * vector, one class per vector (small_rows_*), instead of through the exponential buffer.
 * The AVX2 exp is a Taylor polynomial on |r| <= ln2/2 after the reduction x = n ln2 + r
 * (degree 13 for float64, 7 for float32: truncation below 2^-57 and 2^-27 relative), times
 * 2^n as two powers of two, so subnormal results are right too (each within 1 ulp of numpy's
 * exp, measured over [-750, 720]). The exponentials go to a float64
 * block buffer that stays in the L1 cache; the row sums, the division and the log are float64
 * (float32 rows too), and results are rounded once to the row's dtype. Nothing is allocated per
 * call; the GIL is released while a kernel runs. The kernels keep no threads: a large batch is
 * split into parts of rows by symxent.numeric.native, on symxent's one pool of threads.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define SX_X86 1
#include <immintrin.h>
#else
#define SX_X86 0
#endif

/* Groups of rows (a vector each) a step of the summing kernels of 2 or 4 classes (ce_small*):
 * with AVX-512 float64 SX_G for 2 classes and SX_G / 2 for 4 (8 spills a few registers, yet
 * measured 1.15-1.2x faster than 4), SX_G_AVX2 with AVX2 float64 (4 spills a few of the 16
 * registers, yet measured 5-10 % faster than 2). */
#define SX_G 8
#define SX_G_AVX2 4
/* ... and of float32 rows, 16 a vector with AVX-512, 8 with AVX2 (one group a step left the
 * exp -> log1p chains waiting: these are 1.25-1.4x faster, the same bits) */
#define SX_G_F32 8
#define SX_G_F32_AVX2 4
/* Elements of one block of whole rows (a wider row is summed a block at a time). */
#define SX_BLOCK 2048
/* At most this many rows per block. */
#define SX_BLOCK_ROWS 256

/* e^x of n float32 / float64 numbers, into float64. */
typedef void (*exp_f32_fn)(const float *, double *, Py_ssize_t);
typedef void (*exp_f64_fn)(const double *, double *, Py_ssize_t);
typedef void (*log_f64_fn)(const double *, double *, Py_ssize_t);
typedef void (*exp32_fn)(const float *, float *, Py_ssize_t);

/* ---- the C library's exp and log ---------------------------------------------------------- */

static void exp_f32_libm(const float *x, double *y, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) y[i] = (double)expf(x[i]);
}

static void exp32_libm(const float *x, float *y, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) y[i] = expf(x[i]);
}

static void exp_f64_libm(const double *x, double *y, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) y[i] = exp(x[i]);
}

static void log_f64_libm(const double *x, double *y, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) y[i] = log(x[i]);
}

#if SX_X86
/* ---- AVX2 + FMA exp and log ------------------------------------------------------------- */

#define SX_TARGET __attribute__((target("avx2,fma")))

/* The coefficients of log(1 + f) = 2 atanh(s), s = f / (2 + f): 2 s + s^3 R(s^2), R of degree 6
 * (highest first), shared by every vector log (AVX2 and AVX-512, float64). */
static const double sx_log_poly[7] = {0.1461793403127802,  0.15331601446484086,
                                      0.1818289274199408,  0.22222211085127702,
                                      0.2857142862627991,  0.39999999999898833,
                                      0.666666666666667};

/* e^r on |r| <= ln2/2 (float32): 1 + r + r^2 P(r), P of degree 4 fitted to the relative error
 * (near-minimax on Chebyshev nodes; 7.7e-9 in exact arithmetic, as the degree-7 Taylor
 * polynomial with one FMA less). */
SX_TARGET static inline __m256 exp8_poly(__m256 r) {
    __m256 p = _mm256_set1_ps(0.0013571209f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.008372686f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.041673567f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.1666648f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.49999967f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    return _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
}

/* r = x - n ln2 (ln2 in two parts, so n ln2_hi is exact), for the rounded n = nf. */
SX_TARGET static inline __m256 exp8_reduce(__m256 x, __m256 nf) {
    __m256 r = _mm256_fnmadd_ps(nf, _mm256_set1_ps(0.693145751953125f), x);
    return _mm256_fnmadd_ps(nf, _mm256_set1_ps(1.428606765330187e-06f), r);
}

SX_TARGET static inline __m256 exp8_f32(__m256 x) {
    const __m256 lo = _mm256_set1_ps(-104.0f), hi = _mm256_set1_ps(89.0f);
    const __m256 log2e = _mm256_set1_ps(1.44269504088896341f);
    const __m256i bias = _mm256_set1_epi32(127);
    /* the common case, every x in [-86, 88] (no nan): n in [-124, 127] and e^r in
     * [0.70, 1.42], so adding n to the exponent bits of e^r gives a normal number */
    __m256 outside = _mm256_or_ps(_mm256_cmp_ps(x, _mm256_set1_ps(-86.0f), _CMP_NGE_UQ),
                                  _mm256_cmp_ps(x, _mm256_set1_ps(88.0f), _CMP_GT_OQ));
    if (!_mm256_movemask_ps(outside)) {
        /* n = round(x log2e) in the low bits of x log2e + 1.5 2^23 (one FMA, no round or
         * conversion), and 2^n applied by an integer add (off the FMA ports) */
        const __m256 magic = _mm256_set1_ps(12582912.0f);
        __m256 t = _mm256_fmadd_ps(x, log2e, magic);
        __m256 p = exp8_poly(exp8_reduce(x, _mm256_sub_ps(t, magic)));
        __m256i n = _mm256_sub_epi32(_mm256_castps_si256(t), _mm256_castps_si256(magic));
        return _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(p),
                                                    _mm256_slli_epi32(n, 23)));
    }
    /* min/max return their second operand when one is nan: a nan x stays nan */
    __m256 xc = _mm256_min_ps(hi, _mm256_max_ps(lo, x));
    __m256 nf = _mm256_round_ps(_mm256_mul_ps(xc, log2e),
                                _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 p = exp8_poly(exp8_reduce(xc, nf));
    /* 2^n as 2^h * 2^(n - h), h = n >> 1: both factors are normal for n in [-150, 128] */
    __m256i n = _mm256_cvtps_epi32(nf);
    __m256i h = _mm256_srai_epi32(n, 1);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(h, bias), 23));
    __m256 s2 = _mm256_castsi256_ps(
        _mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(n, h), bias), 23));
    __m256 y = _mm256_mul_ps(_mm256_mul_ps(p, s1), s2);
    /* below -104 the result is 0 (e^-104 < 2^-150); above 89, +inf */
    y = _mm256_andnot_ps(_mm256_cmp_ps(x, lo, _CMP_LT_OQ), y);
    return _mm256_blendv_ps(y, _mm256_set1_ps(INFINITY), _mm256_cmp_ps(x, hi, _CMP_GT_OQ));
}

SX_TARGET static inline __m256d exp4_f64(__m256d x) {
    const __m256d lo = _mm256_set1_pd(-746.0), hi = _mm256_set1_pd(710.0);
    __m256d xc = _mm256_min_pd(hi, _mm256_max_pd(lo, x));
    __m256d nf = _mm256_round_pd(_mm256_mul_pd(xc, _mm256_set1_pd(1.4426950408889634)),
                                 _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256d r = _mm256_fnmadd_pd(nf, _mm256_set1_pd(0.6931471805599453), xc);
    r = _mm256_fnmadd_pd(nf, _mm256_set1_pd(2.3190468138462996e-17), r);
    static const double inverse_factorial[] = {
        1.0 / 6227020800.0, 1.0 / 479001600.0, 1.0 / 39916800.0, 1.0 / 3628800.0,
        1.0 / 362880.0,     1.0 / 40320.0,     1.0 / 5040.0,     1.0 / 720.0,
        1.0 / 120.0,        1.0 / 24.0,        1.0 / 6.0,        0.5,
        1.0,                1.0};
    __m256d p = _mm256_set1_pd(inverse_factorial[0]);
    for (int k = 1; k < 14; k++) p = _mm256_fmadd_pd(p, r, _mm256_set1_pd(inverse_factorial[k]));
    /* 2^n as 2^h * 2^(n - h): both normal for n in [-1076, 1025] */
    __m128i n = _mm256_cvtpd_epi32(nf);
    __m128i h = _mm_srai_epi32(n, 1);
    __m256i bias = _mm256_set1_epi64x(1023);
    __m256d s1 = _mm256_castsi256_pd(
        _mm256_slli_epi64(_mm256_add_epi64(_mm256_cvtepi32_epi64(h), bias), 52));
    __m256d s2 = _mm256_castsi256_pd(_mm256_slli_epi64(
        _mm256_add_epi64(_mm256_cvtepi32_epi64(_mm_sub_epi32(n, h)), bias), 52));
    __m256d y = _mm256_mul_pd(_mm256_mul_pd(p, s1), s2);
    y = _mm256_andnot_pd(_mm256_cmp_pd(x, lo, _CMP_LT_OQ), y);
    return _mm256_blendv_pd(y, _mm256_set1_pd(INFINITY), _mm256_cmp_pd(x, hi, _CMP_GT_OQ));
}

/* log of positive normal float64 numbers: x = 2^e m, m in [sqrt(1/2), sqrt(2)), f = m - 1
 * (exact), and log m = 2 atanh(s), s = f / (2 + f), |s| <= 0.1716, written as
 * f - (f^2/2 - s (f^2/2 + R(s^2))) so that the rounding of s only touches a small correction;
 * R(z) = 2 z/3 + 2 z^2/5 + ... is z g(z), g of degree 6 fitted to the series on z <= 0.0295
 * (mpmath chebyfit, relative error 4.7e-16 with these doubles: three FMAs fewer than the
 * series to z^10). Within 1 ulp of mpmath (measured). Only the kernels' ratios and sums come
 * here (normal). */
SX_TARGET static inline __m256d log4_reduce(__m256d x, __m256d *e_out) {
    const __m256i mantissa = _mm256_set1_epi64x(0x000fffffffffffffLL);
    const __m256i one_bits = _mm256_set1_epi64x(0x3ff0000000000000LL);
    __m256i bits = _mm256_castpd_si256(x);
    __m256d m = _mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(bits, mantissa), one_bits));
    /* the exponent as a double: (bits >> 52) - 1023, through the 2^52 trick */
    __m256i biased = _mm256_srli_epi64(bits, 52);
    __m256d magic = _mm256_set1_pd(4503599627370496.0); /* 2^52 */
    __m256d e = _mm256_sub_pd(
        _mm256_castsi256_pd(_mm256_or_si256(biased, _mm256_castpd_si256(magic))),
        _mm256_set1_pd(4503599627370496.0 + 1023.0));
    __m256d big = _mm256_cmp_pd(m, _mm256_set1_pd(1.4142135623730951), _CMP_GT_OQ);
    m = _mm256_blendv_pd(m, _mm256_mul_pd(m, _mm256_set1_pd(0.5)), big);
    e = _mm256_add_pd(e, _mm256_and_pd(big, _mm256_set1_pd(1.0)));
    *e_out = e;
    return _mm256_sub_pd(m, _mm256_set1_pd(1.0));
}

/* log(1 + f) + e ln2 for f in [sqrt(1/2) - 1, sqrt(2) - 1] (log4_f64's m - 1, or log1p's own
 * argument, exact there) */
SX_TARGET static inline __m256d log4_core(__m256d f, __m256d e) {
    __m256d s = _mm256_div_pd(f, _mm256_add_pd(f, _mm256_set1_pd(2.0)));
    __m256d z = _mm256_mul_pd(s, s);
    const double *g = sx_log_poly;
    __m256d r = _mm256_set1_pd(g[0]);
    for (int k = 1; k < 7; k++) r = _mm256_fmadd_pd(r, z, _mm256_set1_pd(g[k]));
    r = _mm256_mul_pd(r, z);
    __m256d half_f2 = _mm256_mul_pd(_mm256_mul_pd(f, f), _mm256_set1_pd(0.5));
    /* e ln2_lo + s (f^2/2 + R), then f - (f^2/2 - that), then + e ln2_hi */
    __m256d small = _mm256_fmadd_pd(s, _mm256_add_pd(half_f2, r),
                                    _mm256_mul_pd(e, _mm256_set1_pd(2.3190468138462996e-17)));
    __m256d log_m = _mm256_sub_pd(f, _mm256_sub_pd(half_f2, small));
    return _mm256_fmadd_pd(e, _mm256_set1_pd(0.6931471805599453), log_m);
}

SX_TARGET static inline __m256d log4_f64(__m256d x) {
    __m256d e, f = log4_reduce(x, &e);
    return log4_core(f, e);
}

/* log(1 + t) of t in [0, 3]: below sqrt(2) - 1 the core takes t itself (exact: no rounding of
 * 1 + t, full relative precision for a tiny t), above it log4_f64 of the rounded 1 + t (that
 * rounding is below half an ulp of a result above 0.34) */
SX_TARGET static inline __m256d log1p4_f64(__m256d t) {
    __m256d e, f = log4_reduce(_mm256_add_pd(t, _mm256_set1_pd(1.0)), &e);
    __m256d small = _mm256_cmp_pd(t, _mm256_set1_pd(0.41421356237309503), _CMP_LT_OQ);
    return log4_core(_mm256_blendv_pd(f, t, small), _mm256_andnot_pd(small, e));
}

SX_TARGET static void exp_f32_avx2(const float *x, double *y, Py_ssize_t n) {
    Py_ssize_t i = 0;
    /* two vectors per step: their independent chains overlap (measured 1.3x on Zen 3) */
    for (; i + 16 <= n; i += 16) {
        __builtin_prefetch(x + i + 1024); /* 4 KiB ahead, as in SX_LOOP512 */
        __m256 e = exp8_f32(_mm256_loadu_ps(x + i));
        __m256 f = exp8_f32(_mm256_loadu_ps(x + i + 8));
        _mm256_storeu_pd(y + i, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
        _mm256_storeu_pd(y + i + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
        _mm256_storeu_pd(y + i + 8, _mm256_cvtps_pd(_mm256_castps256_ps128(f)));
        _mm256_storeu_pd(y + i + 12, _mm256_cvtps_pd(_mm256_extractf128_ps(f, 1)));
    }
    for (; i + 8 <= n; i += 8) {
        __m256 e = exp8_f32(_mm256_loadu_ps(x + i));
        _mm256_storeu_pd(y + i, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
        _mm256_storeu_pd(y + i + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
    }
    if (i < n) {
        float in[8] = {0};
        double out[8];
        memcpy(in, x + i, (size_t)(n - i) * sizeof(float));
        __m256 e = exp8_f32(_mm256_loadu_ps(in));
        _mm256_storeu_pd(out, _mm256_cvtps_pd(_mm256_castps256_ps128(e)));
        _mm256_storeu_pd(out + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(e, 1)));
        memcpy(y + i, out, (size_t)(n - i) * sizeof(double));
    }
}

/* y = F(x) over n numbers of type T (y may be x), W lanes a vector: two vectors a step (their
 * chains overlap), the last n % W through a padded buffer. */
#define SX_VECTOR_LOOP(NAME, T, VEC, W, LOAD, STORE, F)                                        \
    SX_TARGET static void NAME(const T *x, T *y, Py_ssize_t n) {                              \
        Py_ssize_t i = 0;                                                                     \
        for (; i + 2 * (W) <= n; i += 2 * (W)) {                                              \
            __builtin_prefetch(x + i + 4096 / sizeof(T));                                     \
            VEC e = F(LOAD(x + i));                                                           \
            VEC f = F(LOAD(x + i + (W)));                                                     \
            STORE(y + i, e);                                                                  \
            STORE(y + i + (W), f);                                                            \
        }                                                                                     \
        for (; i + (W) <= n; i += (W)) STORE(y + i, F(LOAD(x + i)));                          \
        if (i < n) {                                                                          \
            T in[W] = {0}, out[W];                                                            \
            memcpy(in, x + i, (size_t)(n - i) * sizeof(T));                                   \
            STORE(out, F(LOAD(in)));                                                          \
            memcpy(y + i, out, (size_t)(n - i) * sizeof(T));                                  \
        }                                                                                     \
    }

/* float32 exp into float32, for the runtime's float32 exp passes; float64 exp */
SX_VECTOR_LOOP(exp32_avx2, float, __m256, 8, _mm256_loadu_ps, _mm256_storeu_ps, exp8_f32)
SX_VECTOR_LOOP(exp_f64_avx2, double, __m256d, 4, _mm256_loadu_pd, _mm256_storeu_pd, exp4_f64)

/* log of any float64 numbers (y may be x): positive normal finite lanes take log4_f64, the
 * others (0, subnormals, negatives, inf, nan) the C library's log. Each number takes the same
 * way wherever it sits, so results do not depend on how an array is split. */
SX_TARGET static inline void log4_any(const double *x, double *y, int count) {
    const __m256d smallest = _mm256_set1_pd(DBL_MIN), largest = _mm256_set1_pd(DBL_MAX);
    double in[4] = {1.0, 1.0, 1.0, 1.0}, out[4];
    memcpy(in, x, (size_t)count * sizeof(double));
    __m256d v = _mm256_loadu_pd(in);
    int normal = _mm256_movemask_pd(_mm256_and_pd(_mm256_cmp_pd(v, smallest, _CMP_GE_OQ),
                                                  _mm256_cmp_pd(v, largest, _CMP_LE_OQ)));
    _mm256_storeu_pd(out, log4_f64(v));
    for (int k = 0; k < count; k++) y[k] = (normal >> k) & 1 ? out[k] : log(in[k]);
}

SX_TARGET static void log_f64_avx2(const double *x, double *y, Py_ssize_t n) {
    const __m256d smallest = _mm256_set1_pd(DBL_MIN), largest = _mm256_set1_pd(DBL_MAX);
    Py_ssize_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256d v = _mm256_loadu_pd(x + i);
        __m256d normal = _mm256_and_pd(_mm256_cmp_pd(v, smallest, _CMP_GE_OQ),
                                       _mm256_cmp_pd(v, largest, _CMP_LE_OQ));
        if (_mm256_movemask_pd(normal) == 15)
            _mm256_storeu_pd(y + i, log4_f64(v));
        else
            log4_any(x + i, y + i, 4);
    }
    if (i < n) log4_any(x + i, y + i, (int)(n - i));
}

/* ---- AVX-512 exp and log (chosen over AVX2 where the CPU has AVX-512F) ------------------------
 * 2^n applied by scalef (right for subnormal and overflowing results); the float64 exp reduces
 * x = (16 n + j) ln2/16 + r, |r| <= ln2/32, with 2^(j/16) from a 16-entry table in two
 * registers: the Taylor polynomial of degree 7 (truncation below 2^-59) needs 6 FMAs where the
 * AVX2 one needs 13. The log is log4_f64's algorithm eight lanes wide. */

#define SX_TARGET512 __attribute__((target("avx512f")))

static const double exp2_sixteenths[16] = {
    1.0, 1.0442737824274138, 1.0905077326652577, 1.1387886347566916, 1.189207115002721,
    1.241857812073484, 1.2968395546510096, 1.3542555469368927, 1.4142135623730951,
    1.4768261459394993, 1.5422108254079407, 1.6104903319492543, 1.681792830507429,
    1.7562521603732995, 1.8340080864093424, 1.9152065613971474};

SX_TARGET512 static inline __m512 exp16_f32(__m512 x) {
    x = _mm512_min_ps(_mm512_set1_ps(89.0f), _mm512_max_ps(_mm512_set1_ps(-104.0f), x));
    __m512 nf = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                     _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(nf, _mm512_set1_ps(0.693145751953125f), x);
    r = _mm512_fnmadd_ps(nf, _mm512_set1_ps(1.428606765330187e-06f), r);
    static const float c[] = {0.008372686f, 0.041673567f, 0.1666648f, 0.49999967f, 1.0f, 1.0f};
    __m512 p = _mm512_set1_ps(0.0013571209f); /* exp8_poly's coefficients */
    for (int i = 0; i < 6; i++) p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c[i]));
    return _mm512_scalef_ps(p, nf);
}

/* The AVX-512 exp and log of n vectors (n a constant: every step is written for the n vectors
 * in turn, so their long dependency chains overlap; exp8_f64 and log8_f64 are n = 1). */
#define SX_EACH(g, n) for (int g = 0; g < (n); g++)
SX_TARGET512 static inline __attribute__((always_inline)) void exp8_f64_n(__m512d *x, const int n) {
    const __m512d magic = _mm512_set1_pd(6755399441055744.0);
    __m512d t[4 * SX_G], k[4 * SX_G], r[4 * SX_G], table[4 * SX_G], p[4 * SX_G];
    static const double c[] = {1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5, 1.0};
    SX_EACH(g, n) x[g] = _mm512_min_pd(_mm512_set1_pd(710.0),
                                       _mm512_max_pd(_mm512_set1_pd(-746.0), x[g]));
    SX_EACH(g, n) t[g] = _mm512_fmadd_pd(x[g], _mm512_set1_pd(23.083120654223414), magic);
    SX_EACH(g, n) k[g] = _mm512_sub_pd(t[g], magic);
    SX_EACH(g, n) r[g] = _mm512_fnmadd_pd(k[g], _mm512_set1_pd(0.04332169878499658), x[g]);
    SX_EACH(g, n) r[g] = _mm512_fnmadd_pd(k[g], _mm512_set1_pd(1.4494042586539372e-18), r[g]);
    SX_EACH(g, n) table[g] = _mm512_permutex2var_pd(_mm512_loadu_pd(exp2_sixteenths),
                                           _mm512_castpd_si512(t[g]),
                                           _mm512_loadu_pd(exp2_sixteenths + 8));
    SX_EACH(g, n) p[g] = _mm512_set1_pd(1.0 / 5040.0);
    for (int i = 0; i < 6; i++)
        SX_EACH(g, n) p[g] = _mm512_fmadd_pd(p[g], r[g], _mm512_set1_pd(c[i]));
    SX_EACH(g, n) p[g] = _mm512_fmadd_pd(_mm512_mul_pd(table[g], r[g]), p[g], table[g]);
    SX_EACH(g, n) x[g] = _mm512_scalef_pd(p[g], _mm512_mul_pd(k[g], _mm512_set1_pd(0.0625)));
}

/* log of x (positive normal numbers) or, with plus_one, log(1 + x) of x in [0, 3]: log4_f64's
 * algorithm; for log1p, x below sqrt(2) - 1 is the core's f itself (exact, no rounding of
 * 1 + x: full relative precision for a tiny x), and above it the rounding of 1 + x is below half
 * an ulp of the result (above 0.34). */
SX_TARGET512 static inline __attribute__((always_inline)) void log8_f64_n(__m512d *x, const int n,
                                                                          const int plus_one) {
    __m512d f[4 * SX_G], e[4 * SX_G], s[4 * SX_G], z[4 * SX_G], r[4 * SX_G], h[4 * SX_G];
    const double *c = sx_log_poly;
    SX_EACH(g, n) {
        __m512d u = plus_one ? _mm512_add_pd(x[g], _mm512_set1_pd(1.0)) : x[g];
        __m512d m = _mm512_getmant_pd(u, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);
        e[g] = _mm512_getexp_pd(u);
        __mmask8 big = _mm512_cmp_pd_mask(m, _mm512_set1_pd(1.4142135623730951), _CMP_GT_OQ);
        m = _mm512_mask_mul_pd(m, big, m, _mm512_set1_pd(0.5));
        e[g] = _mm512_mask_add_pd(e[g], big, e[g], _mm512_set1_pd(1.0));
        f[g] = _mm512_sub_pd(m, _mm512_set1_pd(1.0));
        if (plus_one) {
            __mmask8 tiny =
                _mm512_cmp_pd_mask(x[g], _mm512_set1_pd(0.41421356237309503), _CMP_LT_OQ);
            f[g] = _mm512_mask_blend_pd(tiny, f[g], x[g]);
            e[g] = _mm512_mask_blend_pd(tiny, e[g], _mm512_setzero_pd());
        }
    }
    SX_EACH(g, n) s[g] = _mm512_div_pd(f[g], _mm512_add_pd(f[g], _mm512_set1_pd(2.0)));
    SX_EACH(g, n) z[g] = _mm512_mul_pd(s[g], s[g]);
    SX_EACH(g, n) r[g] = _mm512_set1_pd(c[0]);
    for (int k = 1; k < 7; k++)
        SX_EACH(g, n) r[g] = _mm512_fmadd_pd(r[g], z[g], _mm512_set1_pd(c[k]));
    SX_EACH(g, n) r[g] = _mm512_mul_pd(r[g], z[g]);
    SX_EACH(g, n) h[g] = _mm512_mul_pd(_mm512_mul_pd(f[g], f[g]), _mm512_set1_pd(0.5));
    /* e ln2_lo + s (f^2/2 + R), then f - (f^2/2 - that), then + e ln2_hi */
    const __m512d ln2_lo = _mm512_set1_pd(2.3190468138462996e-17);
    SX_EACH(g, n) s[g] = _mm512_fmadd_pd(s[g], _mm512_add_pd(h[g], r[g]),
                                         _mm512_mul_pd(e[g], ln2_lo));
    SX_EACH(g, n) x[g] = _mm512_fmadd_pd(e[g], _mm512_set1_pd(0.6931471805599453),
                                         _mm512_sub_pd(f[g], _mm512_sub_pd(h[g], s[g])));
}

SX_TARGET512 static inline __m512d exp8_f64(__m512d x) {
    exp8_f64_n(&x, 1);
    return x;
}

SX_TARGET512 static inline __m512d log8_f64(__m512d x) {
    log8_f64_n(&x, 1, 0);
    return x;
}

/* y = F(x) over n numbers, W lanes a step, the tail through masked loads and stores (only
 * there: masked loads of memory not in the cache measured half as fast on Zen 5) */
#define SX_LOOP512(NAME, TI, TO, W, MASK, LOAD, F, STORE)                                      \
    SX_TARGET512 static void NAME(const TI *x, TO *y, Py_ssize_t n) {                          \
        Py_ssize_t i = 0;                                                                     \
        for (; i + (W) <= n; i += (W)) {                                                     \
            __builtin_prefetch(x + i + 4096 / sizeof(TI));                                    \
            STORE(y + i, (MASK)-1, F(LOAD((MASK)-1, x + i)));                                 \
        }                                                                                     \
        if (i < n) {                                                                          \
            MASK lanes = (MASK)((1u << (n - i)) - 1);                                         \
            STORE(y + i, lanes, F(LOAD(lanes, x + i)));                                       \
        }                                                                                     \
    }
/* 16 float32 exponentials stored as float64 */
#define SX_STORE_WIDE(y, lanes, e)                                                            \
    do {                                                                                      \
        __m512 e_ = (e);                                                                      \
        _mm512_mask_storeu_pd((y), (__mmask8)(lanes),                                         \
                              _mm512_cvtps_pd(_mm512_castps512_ps256(e_)));                   \
        _mm512_mask_storeu_pd((y) + 8, (__mmask8)((lanes) >> 8),                              \
                              _mm512_cvtps_pd(_mm256_castpd_ps(                               \
                                  _mm512_extractf64x4_pd(_mm512_castps_pd(e_), 1))));          \
    } while (0)

SX_LOOP512(exp_f32_avx512, float, double, 16, __mmask16, _mm512_maskz_loadu_ps, exp16_f32,
           SX_STORE_WIDE)
SX_LOOP512(exp32_avx512, float, float, 16, __mmask16, _mm512_maskz_loadu_ps, exp16_f32,
           _mm512_mask_storeu_ps)
SX_LOOP512(exp_f64_avx512, double, double, 8, __mmask8, _mm512_maskz_loadu_pd, exp8_f64,
           _mm512_mask_storeu_pd)

/* log of any float64 numbers (y may be x): lanes that are not positive normal finite numbers
 * take the C library's log, as in log_f64_avx2 */
SX_TARGET512 static void log_f64_avx512(const double *x, double *y, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i += 8) {
        __mmask8 lanes = n - i >= 8 ? 0xff : (__mmask8)((1u << (n - i)) - 1);
        __m512d v = _mm512_mask_loadu_pd(_mm512_set1_pd(1.0), lanes, x + i);
        __mmask8 normal = _mm512_cmp_pd_mask(v, _mm512_set1_pd(DBL_MIN), _CMP_GE_OQ) &
                          _mm512_cmp_pd_mask(v, _mm512_set1_pd(DBL_MAX), _CMP_LE_OQ);
        __mmask8 other = lanes & ~normal;
        double in[8];
        _mm512_storeu_pd(in, v);
        _mm512_mask_storeu_pd(y + i, lanes, log8_f64(v));
        for (int k = 0; other; k++, other >>= 1)
            if (other & 1) y[i + k] = log(in[k]);
    }
}
#endif

static exp_f32_fn exp_f32 = exp_f32_libm;
static exp_f64_fn exp_f64 = exp_f64_libm;
static exp32_fn exp32 = exp32_libm;
static log_f64_fn log_f64 = log_f64_libm;
static const char *vector_name = "libm";

/* ---- row sums ----------------------------------------------------------------------------- */

/* Sum of n float64 terms: short rows in two partial sums, long rows in 16 interleaved ones
 * combined pairwise (the error grows like n / 16 epsilons, not n). */
static inline double row_sum(const double *x, Py_ssize_t n) {
    Py_ssize_t i = 0;
    if (n < 32) {
        double s0 = 0.0, s1 = 0.0;
        for (; i + 2 <= n; i += 2) {
            s0 += x[i];
            s1 += x[i + 1];
        }
        if (i < n) s0 += x[i];
        return s0 + s1;
    }
    double s[16] = {0};
    for (; i + 16 <= n; i += 16)
        for (int k = 0; k < 16; k++) s[k] += x[i + k];
    for (; i < n; i++) s[0] += x[i];
    for (int w = 8; w >= 1; w /= 2)
        for (int k = 0; k < w; k++) s[k] += s[k + w];
    return s[0];
}

/* The row sums of `count` rows of C classes: C a constant the compiler unrolls. */
#define SX_SUMS_CASE(C)                                                                       \
    case C:                                                                                   \
        for (Py_ssize_t i = 0; i < count; i++) {                                              \
            const double *e = x + i * C;                                                      \
            double s0 = 0.0, s1 = 0.0;                                                        \
            for (int j = 0; j + 1 < C; j += 2) {                                              \
                s0 += e[j];                                                                   \
                s1 += e[j + 1];                                                               \
            }                                                                                 \
            if (C & 1) s0 += e[C - 1];                                                        \
            total[i] = s0 + s1;                                                               \
        }                                                                                     \
        return;

static void block_sums_scalar(const double *x, double *total, Py_ssize_t count,
                              Py_ssize_t classes) {
    switch (classes) {
        SX_SUMS_CASE(2)
        SX_SUMS_CASE(3)
        SX_SUMS_CASE(4)
        SX_SUMS_CASE(5)
        SX_SUMS_CASE(6)
        SX_SUMS_CASE(7)
        SX_SUMS_CASE(8)
        SX_SUMS_CASE(9)
        SX_SUMS_CASE(10)
        SX_SUMS_CASE(11)
        SX_SUMS_CASE(12)
        SX_SUMS_CASE(16)
        default:
            for (Py_ssize_t i = 0; i < count; i++) total[i] = row_sum(x + i * classes, classes);
    }
}

#if SX_X86
/* The sums of four rows of 1..31 classes: each row's classes summed four lanes wide (its last
 * classes % 4 through a mask), then the four lane sums of the four rows added across. `rows`
 * (1..4) of them are stored; a row's sum does not depend on the rows beside it. */
SX_TARGET static inline void sums4(const double *x, double *total, int rows, Py_ssize_t classes,
                                   Py_ssize_t full, __m256i tail) {
    __m256d v[4];
    for (int r = 0; r < 4; r++) {
        v[r] = _mm256_setzero_pd();
        if (r >= rows) continue;
        const double *row = x + r * classes;
        __m256d s = _mm256_maskload_pd(row + full, tail);
        for (Py_ssize_t j = 0; j < full; j += 4) s = _mm256_add_pd(s, _mm256_loadu_pd(row + j));
        v[r] = s;
    }
    __m256d a = _mm256_hadd_pd(v[0], v[1]), b = _mm256_hadd_pd(v[2], v[3]);
    __m256d sums = _mm256_add_pd(_mm256_permute2f128_pd(a, b, 0x20),
                                 _mm256_permute2f128_pd(a, b, 0x31));
    if (rows == 4) {
        _mm256_storeu_pd(total, sums);
    } else {
        double out[4];
        _mm256_storeu_pd(out, sums);
        memcpy(total, out, (size_t)rows * sizeof(double));
    }
}

/* block_sums_scalar for rows of fewer than 32 classes, four rows at a time (measured 2x). */
SX_TARGET static void block_sums_avx2(const double *x, double *total, Py_ssize_t count,
                                      Py_ssize_t classes) {
    static const int64_t masks[4][4] = {{0, 0, 0, 0}, {-1, 0, 0, 0}, {-1, -1, 0, 0},
                                        {-1, -1, -1, 0}};
    if (classes >= 32) {
        block_sums_scalar(x, total, count, classes);
        return;
    }
    Py_ssize_t full = classes & ~(Py_ssize_t)3;
    __m256i tail = _mm256_loadu_si256((const __m256i *)masks[classes - full]);
    Py_ssize_t i = 0;
    for (; i + 4 <= count; i += 4) sums4(x + i * classes, total + i, 4, classes, full, tail);
    if (i < count) sums4(x + i * classes, total + i, (int)(count - i), classes, full, tail);
}
#endif

typedef void (*sums_fn)(const double *, double *, Py_ssize_t, Py_ssize_t);
static sums_fn block_sums = block_sums_scalar;

typedef struct {
    double low, high, pick_low, tiny;
    double above; /* log(high) + 1: a logit above it makes the sum fail the bound */
    double sign;  /* the results are written times this: 1, or -1 for the negated values */
} bounds_t;

/* The logs of a block of rows, log(picked / total) (picked NULL: log(total)), into value, and
 * the rows to redo (sum outside [low, high], label term below pick_low, ratio below tiny, nan).
 * Returns the number of rows to redo. */
typedef Py_ssize_t (*finish_fn)(const double *, const double *, double *, uint8_t *, Py_ssize_t,
                                const bounds_t *);

static Py_ssize_t finish_rows_libm(const double *picked, const double *total, double *value,
                                   uint8_t *redo, Py_ssize_t count, const bounds_t *b) {
    Py_ssize_t redone = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        int ok = total[i] >= b->low && total[i] <= b->high;
        double x = total[i];
        if (picked != NULL) {
            x = picked[i] / total[i];
            x = x > 1.0 ? 1.0 : x; /* e^{a_k} <= sum_j e^{a_j} exactly */
            ok = ok && picked[i] >= b->pick_low && x >= b->tiny;
        }
        value[i] = ok ? log(x) : 0.0;
        redo[i] = (uint8_t)!ok;
        redone += !ok;
    }
    return redone;
}

#if SX_X86
/* finish_rows_libm on four rows, with the vector log: the mask of the rows to redo. */
SX_TARGET static inline int finish4(__m256d t, __m256d p, int take, const bounds_t *b,
                                    double *value) {
    const __m256d one = _mm256_set1_pd(1.0);
    __m256d ok = _mm256_and_pd(_mm256_cmp_pd(t, _mm256_set1_pd(b->low), _CMP_GE_OQ),
                               _mm256_cmp_pd(t, _mm256_set1_pd(b->high), _CMP_LE_OQ));
    __m256d x = t;
    if (take) {
        /* min returns its second operand (1) for a nan ratio; such rows fail ok anyway */
        x = _mm256_min_pd(_mm256_div_pd(p, t), one);
        ok = _mm256_and_pd(
            ok, _mm256_and_pd(_mm256_cmp_pd(p, _mm256_set1_pd(b->pick_low), _CMP_GE_OQ),
                              _mm256_cmp_pd(x, _mm256_set1_pd(b->tiny), _CMP_GE_OQ)));
    }
    _mm256_storeu_pd(value, log4_f64(_mm256_blendv_pd(one, x, ok)));
    return ~_mm256_movemask_pd(ok) & 15;
}

/* Bytes 0/1 of a 4-bit mask, as one 32-bit word (little-endian). */
static const uint32_t spread_bits[16] = {
    0x00000000, 0x00000001, 0x00000100, 0x00000101, 0x00010000, 0x00010001, 0x00010100, 0x00010101,
    0x01000000, 0x01000001, 0x01000100, 0x01000101, 0x01010000, 0x01010001, 0x01010100, 0x01010101};

SX_TARGET static Py_ssize_t finish_rows_avx2(const double *picked, const double *total,
                                             double *value, uint8_t *redo, Py_ssize_t count,
                                             const bounds_t *b) {
    Py_ssize_t redone = 0, i = 0;
    int take = picked != NULL;
    /* eight rows per step: the two chains of the log (long, latency-bound) overlap */
    for (; i + 8 <= count; i += 8) {
        __m256d t0 = _mm256_loadu_pd(total + i), t1 = _mm256_loadu_pd(total + i + 4);
        int bad0 = finish4(t0, take ? _mm256_loadu_pd(picked + i) : t0, take, b, value + i);
        int bad1 = finish4(t1, take ? _mm256_loadu_pd(picked + i + 4) : t1, take, b, value + i + 4);
        memcpy(redo + i, &spread_bits[bad0], 4);
        memcpy(redo + i + 4, &spread_bits[bad1], 4);
        redone += __builtin_popcount((unsigned)(bad0 | bad1 << 4));
    }
    for (; i + 4 <= count; i += 4) {
        __m256d t = _mm256_loadu_pd(total + i);
        int bad = finish4(t, take ? _mm256_loadu_pd(picked + i) : t, take, b, value + i);
        memcpy(redo + i, &spread_bits[bad], 4);
        redone += __builtin_popcount((unsigned)bad);
    }
    if (i < count) {
        Py_ssize_t m = count - i;
        double t_in[4] = {1.0, 1.0, 1.0, 1.0}, p_in[4] = {1.0, 1.0, 1.0, 1.0}, out[4];
        for (Py_ssize_t k = 0; k < m; k++) {
            t_in[k] = total[i + k];
            if (take) p_in[k] = picked[i + k];
        }
        int bad = finish4(_mm256_loadu_pd(t_in), _mm256_loadu_pd(p_in), take, b, out) &
                  ((1 << m) - 1);
        for (Py_ssize_t k = 0; k < m; k++) {
            value[i + k] = out[k];
            redo[i + k] = (uint8_t)((bad >> k) & 1);
        }
        redone += __builtin_popcount((unsigned)bad);
    }
    return redone;
}
#endif

#if SX_X86
/* finish_rows_libm, eight rows a vector with the AVX-512 log (the tail through a mask) */
SX_TARGET512 static Py_ssize_t finish_rows_avx512(const double *picked, const double *total,
                                                  double *value, uint8_t *redo, Py_ssize_t count,
                                                  const bounds_t *b) {
    const __m512d one = _mm512_set1_pd(1.0);
    Py_ssize_t redone = 0;
    for (Py_ssize_t i = 0; i < count; i += 8) {
        __mmask8 lanes = count - i >= 8 ? 0xff : (__mmask8)((1u << (count - i)) - 1);
        /* masked loads and stores only in the tail (they measured slower on Zen 5) */
        __m512d t = lanes == 0xff ? _mm512_loadu_pd(total + i)
                                  : _mm512_mask_loadu_pd(one, lanes, total + i);
        __m512d x = t;
        __mmask8 ok = _mm512_cmp_pd_mask(t, _mm512_set1_pd(b->low), _CMP_GE_OQ) &
                      _mm512_cmp_pd_mask(t, _mm512_set1_pd(b->high), _CMP_LE_OQ);
        if (picked != NULL) {
            __m512d p = lanes == 0xff ? _mm512_loadu_pd(picked + i)
                                      : _mm512_mask_loadu_pd(one, lanes, picked + i);
            /* min returns its second operand (1) for a nan ratio; such rows fail ok anyway */
            x = _mm512_min_pd(_mm512_div_pd(p, t), one);
            ok &= _mm512_cmp_pd_mask(p, _mm512_set1_pd(b->pick_low), _CMP_GE_OQ) &
                  _mm512_cmp_pd_mask(x, _mm512_set1_pd(b->tiny), _CMP_GE_OQ);
        }
        __m512d y = log8_f64(_mm512_mask_blend_pd(ok, one, x));
        unsigned bad = (unsigned)(lanes & ~ok);
        if (lanes == 0xff) {
            _mm512_storeu_pd(value + i, y);
            memcpy(redo + i, &spread_bits[bad & 15], 4);
            memcpy(redo + i + 4, &spread_bits[bad >> 4], 4);
        } else {
            _mm512_mask_storeu_pd(value + i, lanes, y);
            for (int k = 0; i + k < count; k++) redo[i + k] = (uint8_t)((bad >> k) & 1);
        }
        redone += __builtin_popcount(bad);
    }
    return redone;
}
#endif

static finish_fn finish_rows = finish_rows_libm;

/* The max shift of rows whose unshifted values failed the bounds: m = max_j a_j,
 * S = sum_j e^{max(a_j - m, floor)} >= 1, the log-softmax (a_k - m) - log S at label k, or the
 * log-sum-exp m + log S. The floor (-87 for float32, -708 for float64) keeps the exponentials
 * normal (subnormal arithmetic is slow): a clamped term adds less than 2^-125 to S, far below its
 * rounding. A row with a nan or an infinite max is left to the caller. */
#define SX_SHIFT(SUFFIX, T, EXP, FLOOR)                                                       \
    /* m of one row, nans skipped (their rows' sums come out nan); 0 when m is not finite */ \
    static inline int row_max_##SUFFIX(const T *row, Py_ssize_t classes, T *m) {              \
        T m0 = row[0], m1 = row[0], m2 = row[0], m3 = row[0];                                 \
        Py_ssize_t j = 0;                                                                     \
        for (; j + 4 <= classes; j += 4) { /* four chains: max has a latency of 3-4 cycles */ \
            T a = row[j], b = row[j + 1], c = row[j + 2], d = row[j + 3];                     \
            m0 = a > m0 ? a : m0;                                                             \
            m1 = b > m1 ? b : m1;                                                             \
            m2 = c > m2 ? c : m2;                                                             \
            m3 = d > m3 ? d : m3;                                                             \
        }                                                                                     \
        for (; j < classes; j++) m0 = row[j] > m0 ? row[j] : m0;                              \
        m0 = m1 > m0 ? m1 : m0;                                                               \
        m2 = m3 > m2 ? m3 : m2;                                                               \
        *m = m2 > m0 ? m2 : m0;                                                               \
        return isfinite(*m);                                                                  \
    }                                                                                         \
                                                                                              \
    static inline void shifted_##SUFFIX(const T *row, Py_ssize_t n, T m, T *diff) {           \
        for (Py_ssize_t j = 0; j < n; j++) {                                                  \
            T d = row[j] - m;                                                                 \
            diff[j] = d < (FLOOR) ? (FLOOR) : d; /* a nan stays nan */                        \
        }                                                                                     \
    }                                                                                         \
                                                                                              \
    /* The flagged rows among `count` rows of `block` (at most SX_BLOCK elements), redone with \
     * the shift together: one exp over their shifted logits. With `first` (the kernel's      \
     * bounds), only rows whose first logit is above log(high) + 1 are redone, shifted by that \
     * logit: the unshifted route on a - a_0, with its bounds (a row failing them stays        \
     * flagged); else by the max. Returns the rows still flagged. */                          \
    static Py_ssize_t shift_rows_##SUFFIX(const T *block, const int64_t *index, uint8_t *redo, \
                                          Py_ssize_t count, Py_ssize_t classes, double *value,  \
                                          double *buffer, T *diff, const bounds_t *first) {   \
        Py_ssize_t which[SX_BLOCK_ROWS], packed = 0, left = 0;                                \
        double shift[SX_BLOCK_ROWS], total[SX_BLOCK_ROWS], picked[SX_BLOCK_ROWS];             \
        uint8_t bad[SX_BLOCK_ROWS];                                                           \
        for (Py_ssize_t i = 0; i < count; i++) {                                              \
            const T *row = block + i * classes;                                               \
            T m = row[0];                                                                     \
            if (!redo[i]) continue;                                                           \
            if (first != NULL ? !(m > first->above) : !row_max_##SUFFIX(row, classes, &m)) {  \
                left++;                                                                       \
                continue;                                                                     \
            }                                                                                 \
            shifted_##SUFFIX(row, classes, m, diff + packed * classes);                       \
            which[packed] = i;                                                                \
            shift[packed++] = (double)m;                                                      \
        }                                                                                     \
        EXP(diff, buffer, packed * classes);                                                  \
        block_sums(buffer, total, packed, classes);                                           \
        for (Py_ssize_t p = 0; first != NULL && index != NULL && p < packed; p++)             \
            picked[p] = buffer[p * classes + index[which[p]]];                                \
        if (first != NULL)                                                                    \
            finish_rows(index != NULL ? picked : NULL, total, total, bad, packed, first);     \
        else                                                                                  \
            log_f64(total, total, packed);                                                    \
        for (Py_ssize_t p = 0; p < packed; p++) {                                             \
            Py_ssize_t i = which[p];                                                          \
            if (first != NULL ? bad[p] : total[p] != total[p]) { /* or a nan in the row */    \
                left++;                                                                       \
                continue;                                                                     \
            }                                                                                 \
            if (first != NULL && index != NULL)                                               \
                value[i] = total[p];                                                          \
            else                                                                              \
                value[i] = index == NULL                                                      \
                               ? shift[p] + total[p]                                          \
                               : ((double)block[i * classes + index[i]] - shift[p]) - total[p]; \
            redo[i] = 0;                                                                      \
        }                                                                                     \
        return left;                                                                          \
    }                                                                                         \
                                                                                              \
    /* One row wider than a block, redone with the shift; 1 if it is left to the caller. */   \
    static int shift_wide_row_##SUFFIX(const T *row, Py_ssize_t classes, int64_t label,       \
                                       double *buffer, T *diff, double *value) {              \
        T m;                                                                                  \
        if (!row_max_##SUFFIX(row, classes, &m)) return 1;                                    \
        double total = 0.0;                                                                   \
        for (Py_ssize_t j = 0; j < classes; j += SX_BLOCK) {                                  \
            Py_ssize_t n = classes - j < SX_BLOCK ? classes - j : SX_BLOCK;                   \
            shifted_##SUFFIX(row + j, n, m, diff);                                            \
            EXP(diff, buffer, n);                                                             \
            total += row_sum(buffer, n);                                                      \
        }                                                                                     \
        if (total != total) return 1; /* a nan in the row */                                  \
        log_f64(&total, &total, 1);                                                           \
        *value = label < 0 ? (double)m + total : ((double)row[label] - (double)m) - total;    \
        return 0;                                                                             \
    }

SX_SHIFT(f32, float, exp_f32, -87.0f)
SX_SHIFT(f64, double, exp_f64, -708.0)

/* diff = max(a - a_0, floor) of each row of a block (blocks whose rows all start above the
 * bound): shifted_* row by row, or with AVX-512 (the same values: one rounding of a - a_0
 * either way, nan kept; the tail of a row through a mask) */
#define SX_SHIFT_FIRST(SUFFIX, T)                                                             \
    static void shift_first_##SUFFIX(const T *block, Py_ssize_t count, Py_ssize_t classes,    \
                                     T *diff) {                                               \
        for (Py_ssize_t i = 0; i < count; i++)                                                \
            shifted_##SUFFIX(block + i * classes, classes, block[i * classes],                \
                             diff + i * classes);                                             \
    }                                                                                         \
    static void (*shift_first_rows_##SUFFIX)(const T *, Py_ssize_t, Py_ssize_t, T *) =        \
        shift_first_##SUFFIX;
SX_SHIFT_FIRST(f32, float)
SX_SHIFT_FIRST(f64, double)

#if SX_X86
#define SX_SHIFT_FIRST512(SUFFIX, T, W, MASK, LOAD, STORE, LOADU, STOREU, SUB, MAX, SET1, FLOOR) \
    SX_TARGET512 static void shift_first_avx512_##SUFFIX(const T *block, Py_ssize_t count,    \
                                                         Py_ssize_t classes, T *diff) {       \
        for (Py_ssize_t i = 0; i < count; i++) {                                              \
            const T *row = block + i * classes;                                               \
            T *d = diff + i * classes;                                                        \
            Py_ssize_t j = 0;                                                                 \
            /* max returns its second operand when one is nan: a nan stays nan */            \
            for (; j + (W) <= classes; j += (W)) {                                            \
                __builtin_prefetch(row + j + 4096 / sizeof(T));                               \
                STOREU(d + j, MAX(SET1(FLOOR), SUB(LOADU(row + j), SET1(row[0]))));          \
            }                                                                                 \
            MASK lanes = (MASK)((1u << (classes - j)) - 1);                                   \
            if (lanes)                                                                        \
                STORE(d + j, lanes, MAX(SET1(FLOOR), SUB(LOAD(lanes, row + j), SET1(row[0])))); \
        }                                                                                     \
    }
SX_SHIFT_FIRST512(f32, float, 16, __mmask16, _mm512_maskz_loadu_ps, _mm512_mask_storeu_ps,
                  _mm512_loadu_ps, _mm512_storeu_ps, _mm512_sub_ps, _mm512_max_ps,
                  _mm512_set1_ps, -87.0f)
SX_SHIFT_FIRST512(f64, double, 8, __mmask8, _mm512_maskz_loadu_pd, _mm512_mask_storeu_pd,
                  _mm512_loadu_pd, _mm512_storeu_pd, _mm512_sub_pd, _mm512_max_pd,
                  _mm512_set1_pd, -708.0)
/* The exp sums and the label terms of rows of 2 or 4 classes, across rows: a vector holds one
 * class of 8 rows (float32 logits: 16 rows, their terms in two float64 halves), de-interleaved
 * from the rows' loads by permutes, so that the per-row work (the sum, the label's term, the
 * label check) is done a vector of rows at a time (gathers for other widths measured slower
 * than the block route on Zen 4). The exponentials are those of exp_f64_avx512 and
 * exp_f32_avx512, float32 terms summed in float64 as block_sums does. Returns 0, or -1 - i
 * when the label of row i is not a class (labels NULL: picked is not written). */

/* Labels of 8 rows (lanes), and the mask of those that are not classes. */
#define SX_LABELS8(labels, i, lanes, classes, label, bad)                                     \
    do {                                                                                      \
        label = (lanes) == 0xff ? _mm512_loadu_si512((labels) + (i))                          \
                                : _mm512_maskz_loadu_epi64((lanes), (labels) + (i));          \
        bad = (lanes) & _mm512_cmpge_epu64_mask(label, _mm512_set1_epi64(classes));           \
    } while (0)

/* v[j] = class j of the W rows of `base` (n of them: the rest 0), for 2 or 4 classes. Loads
 * are masked only in a partial group (masked loads of memory not in the cache are slower). */
#define SX_CLASSES(T, W, MASK, V, LOADU, MLOAD, PERMUTE, base, n, classes, v)                 \
    do {                                                                                      \
        V in_[4];                                                                             \
        uint64_t all_ = (n) == (W) ? ~0ull : (1ull << ((n) * (classes))) - 1;                 \
        for (int q_ = 0; q_ < (classes); q_++)                                                \
            in_[q_] = (n) == (W) ? LOADU((base) + q_ * (W))                                   \
                                 : MLOAD((MASK)(all_ >> (q_ * (W))), (base) + q_ * (W));      \
        if ((classes) == 2) {                                                                 \
            v[0] = PERMUTE(in_[0], even, in_[1]);                                             \
            v[1] = PERMUTE(in_[0], odd, in_[1]);                                              \
        } else {                                                                              \
            V t_[4] = {PERMUTE(in_[0], quad_lo, in_[1]), PERMUTE(in_[0], quad_hi, in_[1]),    \
                       PERMUTE(in_[2], quad_lo, in_[3]), PERMUTE(in_[2], quad_hi, in_[3])};   \
            v[0] = PERMUTE(t_[0], half_lo, t_[2]);                                            \
            v[1] = PERMUTE(t_[0], half_hi, t_[2]);                                            \
            v[2] = PERMUTE(t_[1], half_lo, t_[3]);                                            \
            v[3] = PERMUTE(t_[1], half_hi, t_[3]);                                            \
        }                                                                                     \
    } while (0)

SX_TARGET512 static inline __attribute__((always_inline)) Py_ssize_t
small_f64(const void *x_, const int64_t *labels, double *total, double *picked, Py_ssize_t count,
       const int classes) {
    const double *x = (const double *)x_;
    const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i odd = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    /* classes 0, 1 (2, 3) of 4 rows; then class 2c (2c + 1) of 8 rows from two of those */
    const __m512i quad_lo = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);
    const __m512i quad_hi = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i half_lo = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i half_hi = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    for (Py_ssize_t i = 0; i < count; i += 8) {
        Py_ssize_t n = count - i >= 8 ? 8 : count - i;
        __mmask8 lanes = (__mmask8)((1u << n) - 1);
        __m512i label = _mm512_setzero_si512();
        if (labels != NULL) {
            __mmask8 bad;
            SX_LABELS8(labels, i, lanes, classes, label, bad);
            if (bad) return -1 - (i + __builtin_ctz(bad));
        }
        __m512d v[4], sum, pick = _mm512_setzero_pd();
        SX_CLASSES(double, 8, __mmask8, __m512d, _mm512_loadu_pd, _mm512_maskz_loadu_pd,
                   _mm512_permutex2var_pd, x + i * classes, n, classes, v);
        for (int j = 0; j < classes; j++) {
            v[j] = exp8_f64(v[j]);
            pick = _mm512_mask_mov_pd(pick, _mm512_cmpeq_epi64_mask(label, _mm512_set1_epi64(j)),
                                      v[j]);
        }
        /* summed as block_sums sums (shift_rows' rows get the same bits in any block) */
        sum = _mm512_add_pd(v[0], v[1]);
        if (classes == 4) sum = _mm512_add_pd(sum, _mm512_add_pd(v[2], v[3]));
        if (n == 8) {
            _mm512_storeu_pd(total + i, sum);
            if (labels != NULL) _mm512_storeu_pd(picked + i, pick);
        } else {
            _mm512_mask_storeu_pd(total + i, lanes, sum);
            if (labels != NULL) _mm512_mask_storeu_pd(picked + i, lanes, pick);
        }
    }
    return 0;
}

/* small_f64 with the number of classes a constant (v stays in registers) */
SX_TARGET512 static Py_ssize_t small_rows_avx512_f64(const void *x, const int64_t *labels,
                                                     double *total, double *picked,
                                                     Py_ssize_t count, Py_ssize_t classes) {
    return classes == 2 ? small_f64(x, labels, total, picked, count, 2)
                        : small_f64(x, labels, total, picked, count, 4);
}

/* The low and high 8 lanes of 16 float32 numbers, as float64 */
#define SX_LOW_PD(v) _mm512_cvtps_pd(_mm512_castps512_ps256(v))
#define SX_HIGH_PD(v) \
    _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)))

SX_TARGET512 static inline __attribute__((always_inline)) Py_ssize_t
small_f32(const void *x_, const int64_t *labels, double *total, double *picked, Py_ssize_t count,
       const int classes) {
    const float *x = (const float *)x_;
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                           28, 30);
    const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    const __m512i quad_lo = _mm512_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21,
                                              25, 29);
    const __m512i quad_hi = _mm512_add_epi32(quad_lo, _mm512_set1_epi32(2));
    const __m512i half_lo = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21,
                                              22, 23);
    const __m512i half_hi = _mm512_add_epi32(half_lo, _mm512_set1_epi32(8));
    for (Py_ssize_t i = 0; i < count; i += 16) {
        Py_ssize_t n = count - i >= 16 ? 16 : count - i;
        __mmask16 lanes = (__mmask16)((1u << n) - 1);
        __mmask8 lanes_lo = (__mmask8)lanes, lanes_hi = (__mmask8)(lanes >> 8);
        __m512i label_lo = _mm512_setzero_si512(), label_hi = label_lo;
        if (labels != NULL) {
            __mmask8 bad_lo, bad_hi;
            SX_LABELS8(labels, i, lanes_lo, classes, label_lo, bad_lo);
            SX_LABELS8(labels, i + 8, lanes_hi, classes, label_hi, bad_hi);
            unsigned bad = (unsigned)bad_lo | (unsigned)bad_hi << 8;
            if (bad) return -1 - (i + __builtin_ctz(bad));
        }
        __m512 v[4];
        SX_CLASSES(float, 16, __mmask16, __m512, _mm512_loadu_ps, _mm512_maskz_loadu_ps,
                   _mm512_permutex2var_ps, x + i * classes, n, classes, v);
        __m512d e_lo[4], e_hi[4], pick_lo = _mm512_setzero_pd(), pick_hi = pick_lo;
        for (int j = 0; j < classes; j++) {
            __m512 e = exp16_f32(v[j]);
            e_lo[j] = SX_LOW_PD(e);
            e_hi[j] = SX_HIGH_PD(e);
            __m512i k = _mm512_set1_epi64(j);
            pick_lo = _mm512_mask_mov_pd(pick_lo, _mm512_cmpeq_epi64_mask(label_lo, k), e_lo[j]);
            pick_hi = _mm512_mask_mov_pd(pick_hi, _mm512_cmpeq_epi64_mask(label_hi, k), e_hi[j]);
        }
        /* summed as block_sums sums (shift_rows' rows get the same bits in any block) */
        __m512d sum_lo = _mm512_add_pd(e_lo[0], e_lo[1]), sum_hi = _mm512_add_pd(e_hi[0], e_hi[1]);
        if (classes == 4) {
            sum_lo = _mm512_add_pd(sum_lo, _mm512_add_pd(e_lo[2], e_lo[3]));
            sum_hi = _mm512_add_pd(sum_hi, _mm512_add_pd(e_hi[2], e_hi[3]));
        }
        if (n == 16) {
            _mm512_storeu_pd(total + i, sum_lo);
            _mm512_storeu_pd(total + i + 8, sum_hi);
            if (labels != NULL) {
                _mm512_storeu_pd(picked + i, pick_lo);
                _mm512_storeu_pd(picked + i + 8, pick_hi);
            }
        } else {
            _mm512_mask_storeu_pd(total + i, lanes_lo, sum_lo);
            _mm512_mask_storeu_pd(total + i + 8, lanes_hi, sum_hi);
            if (labels != NULL) {
                _mm512_mask_storeu_pd(picked + i, lanes_lo, pick_lo);
                _mm512_mask_storeu_pd(picked + i + 8, lanes_hi, pick_hi);
            }
        }
    }
    return 0;
}

/* small_f32 with the number of classes a constant (v stays in registers) */
SX_TARGET512 static Py_ssize_t small_rows_avx512_f32(const void *x, const int64_t *labels,
                                                     double *total, double *picked,
                                                     Py_ssize_t count, Py_ssize_t classes) {
    return classes == 2 ? small_f32(x, labels, total, picked, count, 2)
                        : small_f32(x, labels, total, picked, count, 4);
}
#endif

/* The small-row functions of this CPU (NULL: none; then the kernels' block route). */
typedef Py_ssize_t (*small_fn)(const void *, const int64_t *, double *, double *, Py_ssize_t,
                               Py_ssize_t);
static small_fn small_rows_f32 = NULL, small_rows_f64 = NULL;


/* Rows of `classes` logits in one block of a kernel. */
static Py_ssize_t block_rows(Py_ssize_t classes) {
    Py_ssize_t per_block = SX_BLOCK / classes;
    return per_block < 1 ? 1 : per_block > SX_BLOCK_ROWS ? SX_BLOCK_ROWS : per_block;
}

/* The sum of x[0..n) as numpy's pairwise sum adds a run of at most 128: eight interleaved
 * partial sums added in a tree; a longer run (at most SX_BLOCK_ROWS) is halved first. */
static double pairwise_sum(const double *x, Py_ssize_t n) {
    if (n > 128) return pairwise_sum(x, n / 2) + pairwise_sum(x + n / 2, n - n / 2);
    double s[8] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    Py_ssize_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++) s[j] += x[i + j];
    for (int j = 0; i < n; i++, j++) s[j] += x[i];
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/* One kernel: rows of T logits, labels `index` (NULL: log-sum-exp), results OUT. Rows that
 * fail the bounds are recomputed with the shift (SHIFT_ROWS, SHIFT_WIDE); those they leave (nan,
 * infinite max) are marked in `redo`. Returns their number, or -1 - r when the label of row r is not a class.
 * With `sum` (not NULL) nothing is written to `out` or `redo`: the rows' values are summed instead,
 * pairwise per block of rows, into sum[block]; the blocks are counted from row 0 of the whole
 * batch (these rows start at its row `first_row`, a multiple of block_rows), so a block's sum
 * does not depend on how the batch is split. The return value counts the rows to redo as before (the sums are then
 * meaningless). */
#define SX_KERNEL(NAME, T, EXP, SMALL, SHIFT_FIRST, SHIFT_ROWS, SHIFT_WIDE, OUT)           \
    static Py_ssize_t NAME(const void *a_, const int64_t *index, void *out_, uint8_t *redo_,  \
                           Py_ssize_t rows, Py_ssize_t classes, const bounds_t *b,            \
                           double *sum, Py_ssize_t first_row) {                               \
        const T *a = (const T *)a_;                                                           \
        OUT *out = (OUT *)out_;                                                               \
        double buffer[SX_BLOCK];                                                              \
        T diff[SX_BLOCK];                                                                     \
        double picked[SX_BLOCK_ROWS], total[SX_BLOCK_ROWS], value[SX_BLOCK_ROWS];             \
        uint8_t own_redo[SX_BLOCK_ROWS];                                                      \
        Py_ssize_t redone = 0, per_block = block_rows(classes), count;                        \
        for (Py_ssize_t r0 = 0; r0 < rows; r0 += per_block) {                                 \
            count = rows - r0 < per_block ? rows - r0 : per_block;                            \
            int first = 0; /* the rows shifted by their first logit */                        \
            const T *block = a + r0 * classes;                                                \
            uint8_t *redo = sum != NULL ? own_redo : redo_ + r0;                              \
            if (classes > SX_BLOCK) { /* one row, a block of its classes at a time */          \
                total[0] = 0.0;                                                               \
                for (Py_ssize_t j = 0; j < classes; j += SX_BLOCK) {                          \
                    Py_ssize_t m = classes - j < SX_BLOCK ? classes - j : SX_BLOCK;           \
                    EXP(block + j, buffer, m);                                                \
                    total[0] += row_sum(buffer, m);                                           \
                }                                                                             \
                if (index != NULL) {                                                          \
                    if ((uint64_t)index[r0] >= (uint64_t)classes) return -1 - r0;             \
                    EXP(block + index[r0], buffer, 1);                                        \
                    picked[0] = buffer[0];                                                    \
                }                                                                             \
            } else {                                                                          \
                /* a first logit above log(high) + 1 fails the sum's bound: when every row of \
                 * the block has one, they are shifted by it at once (as SHIFT_ROWS would) */ \
                Py_ssize_t above = 0;                                                         \
                while (above < count && block[above * classes] > b->above) above++;           \
                first = above == count;                                                       \
                if (first) SHIFT_FIRST(block, count, classes, diff);                          \
                if (SMALL != NULL && (classes == 2 || classes == 4)) {                        \
                    Py_ssize_t bad = SMALL(first ? diff : block, index ? index + r0 : NULL,   \
                                           total, picked, count, classes);                    \
                    if (bad < 0) return bad - r0;                                             \
                    goto finish;                                                              \
                }                                                                             \
                EXP(first ? diff : block, buffer, count * classes);                           \
                block_sums(buffer, total, count, classes);                                    \
                /* the labels are checked as they are read (the next block's prefetched) */   \
                for (Py_ssize_t i = 0; index != NULL && i < count; i += 8)                    \
                    __builtin_prefetch(index + r0 + count + i);                               \
                for (Py_ssize_t i = 0; index != NULL && i < count; i++) {                     \
                    uint64_t label = (uint64_t)index[r0 + i];                                 \
                    if (label >= (uint64_t)classes) return -1 - (r0 + i);                     \
                    picked[i] = buffer[i * classes + (Py_ssize_t)label];                      \
                }                                                                             \
            }                                                                                 \
        finish:;                                                                              \
            Py_ssize_t failed = finish_rows(index != NULL ? picked : NULL, total, value,      \
                                            redo, count, b);                             \
            for (Py_ssize_t i = 0; first && index == NULL && i < count; i++)                  \
                value[i] = (double)block[i * classes] + value[i];                             \
            if (failed > 0 && classes > SX_BLOCK) {                                           \
                failed = SHIFT_WIDE(block, classes, index != NULL ? index[r0] : -1, buffer,   \
                                    diff, value);                                             \
                redo[0] = (uint8_t)failed;                                                   \
            } else if (failed > 0) {                                                          \
                const int64_t *labels = index != NULL ? index + r0 : NULL;                    \
                if (!first)                                                                   \
                    failed = SHIFT_ROWS(block, labels, redo, count, classes, value,      \
                                        buffer, diff, b);                                     \
                if (failed > 0)                                                               \
                    failed = SHIFT_ROWS(block, labels, redo, count, classes, value,      \
                                        buffer, diff, NULL);                                  \
            }                                                                                 \
            redone += failed;                                                                 \
            if (sum != NULL) {                                                                \
                sum[(first_row + r0) / per_block] = b->sign * pairwise_sum(value, count);     \
                continue;                                                                     \
            }                                                                                 \
            for (Py_ssize_t i = 0; i < count; i++) out[r0 + i] = (OUT)(b->sign * value[i]);   \
        }                                                                                     \
        return redone;                                                                        \
    }

SX_KERNEL(take_f32, float, exp_f32, small_rows_f32, shift_first_rows_f32, shift_rows_f32,
          shift_wide_row_f32, float)
SX_KERNEL(take_f64, double, exp_f64, small_rows_f64, shift_first_rows_f64, shift_rows_f64,
          shift_wide_row_f64, double)
SX_KERNEL(lse_f32, float, exp_f32, small_rows_f32, shift_first_rows_f32, shift_rows_f32,
          shift_wide_row_f32, double)
SX_KERNEL(lse_f64, double, exp_f64, small_rows_f64, shift_first_rows_f64, shift_rows_f64,
          shift_wide_row_f64, double)

/* ---- the summed cross-entropy of rows of 2 or 4 classes ------------------------------------
 * -log softmax(z)_k = (m - z_k) + log1p(t), m the row's max and t = sum of e^{z_j - m} over
 * the classes but one that is the max (t in [0, C - 1]): one exp per class but one, one log1p
 * per row, no overflow for finite logits, so no bounds and no second pass. For 2 classes that
 * is softplus(z_other - z_k). Everything is float64 (float32 logits converted exactly); the
 * rows' losses are summed per block of block_rows(classes) rows counted from the batch's row 0
 * (`first_row`: where these rows start), in a fixed order, into sums[block]: the result does
 * not depend on how the batch is split. Rows whose label is `ignore` (when `has_ignore`) add 0,
 * whatever their logits. Returns the number of rows kept, -1 when a kept row has a nan or an
 * infinite max (left to the general route), or -2 - r when the label of row r is neither a
 * class nor ignored. Rows are taken a vector at a time across rows (8 with AVX-512, 4 with
 * AVX2: a vector holds one class of that many rows; float32 16 and 8). Without vector math
 * there is none (the C library's exp and log1p row by row measured 2-7x slower than the block
 * kernels' sum): ce_small_sum raises, and the summed route keeps the block kernels. */
typedef Py_ssize_t (*ce_small_fn)(const void *, const int64_t *, double *, Py_ssize_t, int, int,
                                  Py_ssize_t, int64_t, int);

#if SX_X86

SX_TARGET512 static inline __attribute__((always_inline)) Py_ssize_t
ce_small512(const double *a, const int64_t *labels, double *sums, Py_ssize_t rows,
            const int classes, Py_ssize_t first_row, int64_t ignore, int has_ignore) {
    const __m512i even = _mm512_setr_epi64(0, 2, 4, 6, 8, 10, 12, 14);
    const __m512i odd = _mm512_setr_epi64(1, 3, 5, 7, 9, 11, 13, 15);
    const __m512i quad_lo = _mm512_setr_epi64(0, 4, 8, 12, 1, 5, 9, 13);
    const __m512i quad_hi = _mm512_setr_epi64(2, 6, 10, 14, 3, 7, 11, 15);
    const __m512i half_lo = _mm512_setr_epi64(0, 1, 2, 3, 8, 9, 10, 11);
    const __m512i half_hi = _mm512_setr_epi64(4, 5, 6, 7, 12, 13, 14, 15);
    const __m512i ignored = _mm512_set1_epi64(ignore), top = _mm512_set1_epi64(classes);
    const __m512d inf = _mm512_set1_pd(INFINITY);
    const int groups = classes == 2 ? SX_G : SX_G / 2;
    Py_ssize_t per_block = block_rows(classes), kept = 0;
    for (Py_ssize_t r0 = 0; r0 < rows; r0 += per_block) {
        Py_ssize_t count = rows - r0 < per_block ? rows - r0 : per_block;
        __m512d total = _mm512_setzero_pd();
        for (Py_ssize_t i = 0; i < count; i += 8 * groups) {
            /* `groups` groups of 8 rows (v[4 g + j]: class j of group g), checked, then their
             * exponentials and logs computed together */
            __m512d v[4 * SX_G], m[SX_G], base[SX_G], t[SX_G];
            __mmask8 keep[SX_G];
            for (int g = 0; g < groups; g++) {
                Py_ssize_t r = r0 + i + 8 * g, left = count - i - 8 * g;
                Py_ssize_t n = left >= 8 ? 8 : left > 0 ? left : 0;
                __mmask8 lanes = (__mmask8)((1u << n) - 1);
                /* masked loads only in a partial group (they are slower on memory not cached) */
                __m512i label = n == 8 ? _mm512_loadu_si512(labels + r)
                                       : _mm512_maskz_loadu_epi64(lanes, labels + r);
                keep[g] = has_ignore ? _mm512_mask_cmpneq_epi64_mask(lanes, label, ignored)
                                     : lanes;
                __mmask8 bad = _mm512_mask_cmpge_epu64_mask(keep[g], label, top);
                if (bad) return -2 - (r + __builtin_ctz(bad));
                __m512d in[4], *w = v + 4 * g;
                uint64_t all = n == 8 ? ~0ull : (1ull << (n * classes)) - 1;
                const double *x = a + r * classes;
                for (int q = 0; q < classes; q++)
                    in[q] = n == 8 ? _mm512_loadu_pd(x + 8 * q)
                                   : _mm512_maskz_loadu_pd((__mmask8)(all >> (8 * q)), x + 8 * q);
                __mmask8 nan;
                if (classes == 2) {
                    w[0] = _mm512_permutex2var_pd(in[0], even, in[1]);
                    w[1] = _mm512_permutex2var_pd(in[0], odd, in[1]);
                    m[g] = _mm512_max_pd(w[0], w[1]);
                    nan = _mm512_cmp_pd_mask(w[0], w[1], _CMP_UNORD_Q);
                } else {
                    __m512d t0 = _mm512_permutex2var_pd(in[0], quad_lo, in[1]);
                    __m512d t1 = _mm512_permutex2var_pd(in[0], quad_hi, in[1]);
                    __m512d t2 = _mm512_permutex2var_pd(in[2], quad_lo, in[3]);
                    __m512d t3 = _mm512_permutex2var_pd(in[2], quad_hi, in[3]);
                    w[0] = _mm512_permutex2var_pd(t0, half_lo, t2);
                    w[1] = _mm512_permutex2var_pd(t0, half_hi, t2);
                    w[2] = _mm512_permutex2var_pd(t1, half_lo, t3);
                    w[3] = _mm512_permutex2var_pd(t1, half_hi, t3);
                    m[g] = _mm512_max_pd(_mm512_max_pd(w[0], w[1]), _mm512_max_pd(w[2], w[3]));
                    nan = _mm512_cmp_pd_mask(w[0], w[1], _CMP_UNORD_Q) |
                          _mm512_cmp_pd_mask(w[2], w[3], _CMP_UNORD_Q);
                }
                __mmask8 finite = _mm512_cmp_pd_mask(m[g], inf, _CMP_LT_OQ) &
                                  _mm512_cmp_pd_mask(m[g], _mm512_sub_pd(_mm512_setzero_pd(), inf),
                                                     _CMP_GT_OQ);
                if (keep[g] & (nan | (__mmask8)~finite)) return -1;
                __m512d picked = w[0];
                for (int j = 1; j < classes; j++)
                    picked = _mm512_mask_mov_pd(
                        picked, _mm512_cmpeq_epi64_mask(label, _mm512_set1_epi64(j)), w[j]);
                base[g] = _mm512_sub_pd(m[g], picked);
            }
            if (classes == 2) {
                for (int g = 0; g < groups; g++)
                    t[g] = _mm512_sub_pd(_mm512_min_pd(v[4 * g], v[4 * g + 1]), m[g]);
                exp8_f64_n(t, groups);
            } else { /* the first class equal to the max is left out (its term is 1): its
                      * place among classes 0-2 takes class 3, so three exps, not four */
                __m512d w[3 * SX_G];
                for (int g = 0; g < groups; g++) {
                    __mmask8 found = 0;
                    for (int j = 0; j < 3; j++) {
                        __mmask8 drop =
                            _mm512_cmp_pd_mask(v[4 * g + j], m[g], _CMP_EQ_OQ) & ~found;
                        found |= drop;
                        w[3 * g + j] = _mm512_sub_pd(
                            _mm512_mask_mov_pd(v[4 * g + j], drop, v[4 * g + 3]), m[g]);
                    }
                }
                exp8_f64_n(w, 3 * groups);
                for (int g = 0; g < groups; g++)
                    t[g] = _mm512_add_pd(_mm512_add_pd(w[3 * g], w[3 * g + 1]), w[3 * g + 2]);
            }
            log8_f64_n(t, groups, 1);
            for (int g = 0; g < groups; g++) {
                total = _mm512_mask_add_pd(total, keep[g], total, _mm512_add_pd(base[g], t[g]));
                kept += __builtin_popcount(keep[g]);
            }
        }
        sums[(first_row + r0) / per_block] = _mm512_reduce_add_pd(total);
    }
    return kept;
}

/* log(1 + t) of float32 t in [0, 3], as log8_f64_n (plus_one) in float32: R(z) to z^4 (the
 * series' next term is below 2^-30), within about 1 float32 ulp of the result */
SX_TARGET512 static inline __m512 log1p16_f32(__m512 t) {
    __m512 u = _mm512_add_ps(t, _mm512_set1_ps(1.0f));
    __m512 m = _mm512_getmant_ps(u, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);
    __m512 e = _mm512_getexp_ps(u);
    __mmask16 big = _mm512_cmp_ps_mask(m, _mm512_set1_ps(1.41421356f), _CMP_GT_OQ);
    m = _mm512_mask_mul_ps(m, big, m, _mm512_set1_ps(0.5f));
    e = _mm512_mask_add_ps(e, big, e, _mm512_set1_ps(1.0f));
    __mmask16 tiny = _mm512_cmp_ps_mask(t, _mm512_set1_ps(0.41421356f), _CMP_LT_OQ);
    __m512 f = _mm512_mask_blend_ps(tiny, _mm512_sub_ps(m, _mm512_set1_ps(1.0f)), t);
    e = _mm512_maskz_mov_ps((__mmask16)~tiny, e);
    __m512 s = _mm512_div_ps(f, _mm512_add_ps(f, _mm512_set1_ps(2.0f)));
    __m512 z = _mm512_mul_ps(s, s);
    __m512 r = _mm512_fmadd_ps(z, _mm512_set1_ps(2.0f / 9.0f), _mm512_set1_ps(2.0f / 7.0f));
    r = _mm512_fmadd_ps(r, z, _mm512_set1_ps(0.4f));
    r = _mm512_fmadd_ps(r, z, _mm512_set1_ps(2.0f / 3.0f));
    r = _mm512_mul_ps(r, z);
    __m512 h = _mm512_mul_ps(_mm512_mul_ps(f, f), _mm512_set1_ps(0.5f));
    s = _mm512_fmadd_ps(s, _mm512_add_ps(h, r),
                        _mm512_mul_ps(e, _mm512_set1_ps(1.428606765330187e-06f)));
    return _mm512_fmadd_ps(e, _mm512_set1_ps(0.693145751953125f),
                           _mm512_sub_ps(f, _mm512_sub_ps(h, s)));
}

/* ce_small512 for float32 logits, 16 rows a vector: the exponentials and log1p in float32
 * (exp16_f32, log1p16_f32), m - z_k and the sums in float64 */
SX_TARGET512 static inline __attribute__((always_inline)) Py_ssize_t
ce_small512_f32(const float *a, const int64_t *labels, double *sums, Py_ssize_t rows,
                const int classes, Py_ssize_t first_row, int64_t ignore, int has_ignore) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                           28, 30);
    const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
    const __m512i quad_lo = _mm512_setr_epi32(0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21,
                                              25, 29);
    const __m512i quad_hi = _mm512_add_epi32(quad_lo, _mm512_set1_epi32(2));
    const __m512i half_lo = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21,
                                              22, 23);
    const __m512i half_hi = _mm512_add_epi32(half_lo, _mm512_set1_epi32(8));
    const __m512i ignored = _mm512_set1_epi64(ignore), top = _mm512_set1_epi64(classes);
    const __m512 inf = _mm512_set1_ps(INFINITY), minus_inf = _mm512_set1_ps(-INFINITY);
    Py_ssize_t per_block = block_rows(classes), kept = 0;
    for (Py_ssize_t r0 = 0; r0 < rows; r0 += per_block) {
        Py_ssize_t count = rows - r0 < per_block ? rows - r0 : per_block;
        __m512d total = _mm512_setzero_pd();
        for (Py_ssize_t i = 0; i < count; i += 16 * SX_G_F32) {
            /* SX_G_F32 groups of 16 rows checked and their exponentials taken, then their log1p
             * and sums: the groups' dependency chains overlap */
            __m512 m[SX_G_F32], picked[SX_G_F32], t[SX_G_F32];
            __mmask8 keep[SX_G_F32][2];
            for (int g = 0; g < SX_G_F32; g++) {
                Py_ssize_t r = r0 + i + 16 * g, left = count - i - 16 * g;
                Py_ssize_t n = left >= 16 ? 16 : left > 0 ? left : 0;
                __mmask16 lanes = (__mmask16)((1u << n) - 1);
                __m512i label[2];
                for (int h = 0; h < 2; h++) {
                    __mmask8 part = (__mmask8)(lanes >> (8 * h));
                    label[h] = n == 16 ? _mm512_loadu_si512(labels + r + 8 * h)
                                       : _mm512_maskz_loadu_epi64(part, labels + r + 8 * h);
                    keep[g][h] = has_ignore
                                     ? _mm512_mask_cmpneq_epi64_mask(part, label[h], ignored)
                                     : part;
                }
                unsigned bad =
                    (unsigned)_mm512_mask_cmpge_epu64_mask(keep[g][0], label[0], top) |
                    (unsigned)_mm512_mask_cmpge_epu64_mask(keep[g][1], label[1], top) << 8;
                if (bad) return -2 - (r + __builtin_ctz(bad));
                __mmask16 kept16 = (__mmask16)(keep[g][0] | (unsigned)keep[g][1] << 8);
                /* the labels as 32-bit lanes (bad ones are not kept: their wrap does not matter) */
                __m512i label32 = _mm512_inserti64x4(
                    _mm512_castsi256_si512(_mm512_cvtepi64_epi32(label[0])),
                    _mm512_cvtepi64_epi32(label[1]), 1);
                __m512 v[4];
                SX_CLASSES(float, 16, __mmask16, __m512, _mm512_loadu_ps, _mm512_maskz_loadu_ps,
                           _mm512_permutex2var_ps, a + r * classes, n, classes, v);
                m[g] = _mm512_max_ps(v[0], v[1]);
                __mmask16 nan = _mm512_cmp_ps_mask(v[0], v[1], _CMP_UNORD_Q);
                if (classes == 4) {
                    m[g] = _mm512_max_ps(m[g], _mm512_max_ps(v[2], v[3]));
                    nan |= _mm512_cmp_ps_mask(v[2], v[3], _CMP_UNORD_Q);
                }
                __mmask16 finite = _mm512_cmp_ps_mask(m[g], inf, _CMP_LT_OQ) &
                                   _mm512_cmp_ps_mask(m[g], minus_inf, _CMP_GT_OQ);
                if (kept16 & (nan | (__mmask16)~finite)) return -1;
                picked[g] = v[0];
                for (int j = 1; j < classes; j++)
                    picked[g] = _mm512_mask_mov_ps(
                        picked[g], _mm512_cmpeq_epi32_mask(label32, _mm512_set1_epi32(j)), v[j]);
                if (classes == 2) {
                    t[g] = exp16_f32(_mm512_sub_ps(_mm512_min_ps(v[0], v[1]), m[g]));
                } else { /* as in ce_small512: three exps, class 3 in the max's place */
                    __mmask16 found = 0;
                    __m512 e[3];
                    for (int j = 0; j < 3; j++) {
                        __mmask16 drop = _mm512_cmp_ps_mask(v[j], m[g], _CMP_EQ_OQ) & ~found;
                        found |= drop;
                        e[j] = exp16_f32(
                            _mm512_sub_ps(_mm512_mask_mov_ps(v[j], drop, v[3]), m[g]));
                    }
                    t[g] = _mm512_add_ps(_mm512_add_ps(e[0], e[1]), e[2]);
                }
                kept += __builtin_popcount(kept16);
            }
            for (int g = 0; g < SX_G_F32; g++) t[g] = log1p16_f32(t[g]);
            for (int g = 0; g < SX_G_F32; g++) {
                /* (m - z_k) in float64 (exact for float32 m and z_k of like size), + log1p */
                __m512d loss_lo = _mm512_add_pd(
                    _mm512_sub_pd(SX_LOW_PD(m[g]), SX_LOW_PD(picked[g])), SX_LOW_PD(t[g]));
                __m512d loss_hi = _mm512_add_pd(
                    _mm512_sub_pd(SX_HIGH_PD(m[g]), SX_HIGH_PD(picked[g])), SX_HIGH_PD(t[g]));
                total = _mm512_mask_add_pd(total, keep[g][0], total, loss_lo);
                total = _mm512_mask_add_pd(total, keep[g][1], total, loss_hi);
            }
        }
        sums[(first_row + r0) / per_block] = _mm512_reduce_add_pd(total);
    }
    return kept;
}

SX_TARGET512 static Py_ssize_t ce_small_avx512(const void *a, const int64_t *labels,
                                               double *sums, Py_ssize_t rows, int classes,
                                               int is_float32, Py_ssize_t first_row,
                                               int64_t ignore, int has_ignore) {
    if (is_float32)
        return classes == 2
                   ? ce_small512_f32((const float *)a, labels, sums, rows, 2, first_row, ignore,
                                     has_ignore)
                   : ce_small512_f32((const float *)a, labels, sums, rows, 4, first_row, ignore,
                                     has_ignore);
    const double *x = (const double *)a;
    return classes == 2 ? ce_small512(x, labels, sums, rows, 2, first_row, ignore, has_ignore)
                        : ce_small512(x, labels, sums, rows, 4, first_row, ignore, has_ignore);
}

SX_TARGET static inline __attribute__((always_inline)) Py_ssize_t
ce_small256(const double *a, const int64_t *labels, double *sums, Py_ssize_t rows,
            const int classes, Py_ssize_t first_row, int64_t ignore, int has_ignore) {
    const __m256i ignored = _mm256_set1_epi64x(ignore), last = _mm256_set1_epi64x(classes - 1);
    const __m256i zero = _mm256_setzero_si256();
    const __m256d inf = _mm256_set1_pd(INFINITY), minus_inf = _mm256_set1_pd(-INFINITY);
    static const int64_t lane_masks[5][4] = {
        {0, 0, 0, 0}, {-1, 0, 0, 0}, {-1, -1, 0, 0}, {-1, -1, -1, 0}, {-1, -1, -1, -1}};
    Py_ssize_t per_block = block_rows(classes), kept = 0;
    for (Py_ssize_t r0 = 0; r0 < rows; r0 += per_block) {
        Py_ssize_t count = rows - r0 < per_block ? rows - r0 : per_block;
        __m256d total = _mm256_setzero_pd();
        for (Py_ssize_t i = 0; i < count; i += 4 * SX_G_AVX2) {
            /* SX_G_AVX2 groups of 4 rows, checked, then their exponentials and logs (the groups'
             * dependency chains overlap) */
            __m256d v[SX_G_AVX2][4], m[SX_G_AVX2], base[SX_G_AVX2], t[SX_G_AVX2], keep[SX_G_AVX2];
            for (int g = 0; g < SX_G_AVX2; g++) {
                Py_ssize_t r = r0 + i + 4 * g, left = count - i - 4 * g;
                Py_ssize_t n = left >= 4 ? 4 : left > 0 ? left : 0;
                const int64_t *lab = labels + r;
                const double *x = a + r * classes;
                int64_t lab_tail[4];
                double x_tail[16]; /* 4 rows of at most 4 logits */
                if (n < 4) { /* a partial group through zeroed buffers (zeroed only here: */
                    memset(lab_tail, 0, sizeof lab_tail); /* initialisers cost a rep stos */
                    memset(x_tail, 0, sizeof x_tail);     /* every group) */
                    memcpy(lab_tail, lab, (size_t)n * sizeof(int64_t));
                    memcpy(x_tail, x, (size_t)(n * classes) * sizeof(double));
                    lab = lab_tail;
                    x = x_tail;
                }
                __m256i label = _mm256_loadu_si256((const __m256i *)lab);
                __m256i kept_rows = _mm256_loadu_si256((const __m256i *)lane_masks[n]);
                if (has_ignore)
                    kept_rows = _mm256_andnot_si256(_mm256_cmpeq_epi64(label, ignored), kept_rows);
                __m256i bad = _mm256_and_si256(
                    kept_rows, _mm256_or_si256(_mm256_cmpgt_epi64(label, last),
                                               _mm256_cmpgt_epi64(zero, label)));
                int bad_bits = _mm256_movemask_pd(_mm256_castsi256_pd(bad));
                if (bad_bits) return -2 - (r + __builtin_ctz((unsigned)bad_bits));
                __m256d in[4], *w = v[g], nan;
                for (int q = 0; q < classes; q++) in[q] = _mm256_loadu_pd(x + 4 * q);
                if (classes == 2) { /* in: rows 0-1, rows 2-3 */
                    w[0] = _mm256_permute4x64_pd(_mm256_unpacklo_pd(in[0], in[1]), 0xD8);
                    w[1] = _mm256_permute4x64_pd(_mm256_unpackhi_pd(in[0], in[1]), 0xD8);
                    m[g] = _mm256_max_pd(w[0], w[1]);
                    nan = _mm256_cmp_pd(w[0], w[1], _CMP_UNORD_Q);
                } else { /* in: one row each, transposed */
                    __m256d t0 = _mm256_unpacklo_pd(in[0], in[1]);
                    __m256d t1 = _mm256_unpackhi_pd(in[0], in[1]);
                    __m256d t2 = _mm256_unpacklo_pd(in[2], in[3]);
                    __m256d t3 = _mm256_unpackhi_pd(in[2], in[3]);
                    w[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
                    w[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
                    w[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
                    w[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
                    m[g] = _mm256_max_pd(_mm256_max_pd(w[0], w[1]), _mm256_max_pd(w[2], w[3]));
                    nan = _mm256_or_pd(_mm256_cmp_pd(w[0], w[1], _CMP_UNORD_Q),
                                       _mm256_cmp_pd(w[2], w[3], _CMP_UNORD_Q));
                }
                keep[g] = _mm256_castsi256_pd(kept_rows);
                __m256d finite = _mm256_and_pd(_mm256_cmp_pd(m[g], inf, _CMP_LT_OQ),
                                               _mm256_cmp_pd(m[g], minus_inf, _CMP_GT_OQ));
                __m256d odd_rows = _mm256_or_pd(nan, _mm256_andnot_pd(finite, keep[g]));
                if (_mm256_movemask_pd(_mm256_and_pd(keep[g], odd_rows))) return -1;
                __m256d picked = w[0];
                for (int j = 1; j < classes; j++)
                    picked = _mm256_blendv_pd(
                        picked, w[j],
                        _mm256_castsi256_pd(_mm256_cmpeq_epi64(label, _mm256_set1_epi64x(j))));
                base[g] = _mm256_sub_pd(m[g], picked);
            }
            for (int g = 0; g < SX_G_AVX2; g++) {
                if (classes == 2) {
                    t[g] = exp4_f64(_mm256_sub_pd(_mm256_min_pd(v[g][0], v[g][1]), m[g]));
                } else { /* as in ce_small512: three exps, class 3 in the max's place */
                    __m256d found = _mm256_setzero_pd(), e[3];
                    for (int j = 0; j < 3; j++) {
                        __m256d drop = _mm256_andnot_pd(found,
                                                        _mm256_cmp_pd(v[g][j], m[g], _CMP_EQ_OQ));
                        found = _mm256_or_pd(found, drop);
                        e[j] = exp4_f64(
                            _mm256_sub_pd(_mm256_blendv_pd(v[g][j], v[g][3], drop), m[g]));
                    }
                    t[g] = _mm256_add_pd(_mm256_add_pd(e[0], e[1]), e[2]);
                }
            }
            for (int g = 0; g < SX_G_AVX2; g++) t[g] = log1p4_f64(t[g]);
            for (int g = 0; g < SX_G_AVX2; g++) {
                total = _mm256_add_pd(total, _mm256_and_pd(keep[g], _mm256_add_pd(base[g], t[g])));
                kept += __builtin_popcount((unsigned)_mm256_movemask_pd(keep[g]));
            }
        }
        double lane[4];
        _mm256_storeu_pd(lane, total);
        sums[(first_row + r0) / per_block] = (lane[0] + lane[1]) + (lane[2] + lane[3]);
    }
    return kept;
}

/* log(1 + t) of float32 t in [0, 3] with AVX2, as log1p16_f32: the reduction by comparisons
 * (1 + t below sqrt(2): f = t; below 2 sqrt(2): e = 1, f = (t - 1) / 2; else e = 2,
 * f = (t - 3) / 4, each one FMA) */
SX_TARGET static inline __m256 log1p8_f32(__m256 t) {
    __m256 tiny = _mm256_cmp_ps(t, _mm256_set1_ps(0.41421356f), _CMP_LT_OQ);
    __m256 mid = _mm256_cmp_ps(t, _mm256_set1_ps(1.8284271f), _CMP_LT_OQ);
    __m256 f = _mm256_blendv_ps(_mm256_fmadd_ps(t, _mm256_set1_ps(0.25f), _mm256_set1_ps(-0.75f)),
                                _mm256_fmadd_ps(t, _mm256_set1_ps(0.5f), _mm256_set1_ps(-0.5f)),
                                mid);
    f = _mm256_blendv_ps(f, t, tiny);
    __m256 e = _mm256_blendv_ps(_mm256_set1_ps(2.0f), _mm256_set1_ps(1.0f), mid);
    e = _mm256_andnot_ps(tiny, e);
    __m256 s = _mm256_div_ps(f, _mm256_add_ps(f, _mm256_set1_ps(2.0f)));
    __m256 z = _mm256_mul_ps(s, s);
    __m256 r = _mm256_fmadd_ps(z, _mm256_set1_ps(2.0f / 9.0f), _mm256_set1_ps(2.0f / 7.0f));
    r = _mm256_fmadd_ps(r, z, _mm256_set1_ps(0.4f));
    r = _mm256_fmadd_ps(r, z, _mm256_set1_ps(2.0f / 3.0f));
    r = _mm256_mul_ps(r, z);
    __m256 h = _mm256_mul_ps(_mm256_mul_ps(f, f), _mm256_set1_ps(0.5f));
    s = _mm256_fmadd_ps(s, _mm256_add_ps(h, r),
                        _mm256_mul_ps(e, _mm256_set1_ps(1.428606765330187e-06f)));
    return _mm256_fmadd_ps(e, _mm256_set1_ps(0.693145751953125f),
                           _mm256_sub_ps(f, _mm256_sub_ps(h, s)));
}

/* The low 32 bits of the 64-bit lanes of a (rows 0-3) and b (rows 4-7), as 8 lanes */
SX_TARGET static inline __m256i low_halves(__m256i a, __m256i b) {
    const __m256i even = _mm256_setr_epi32(0, 2, 4, 6, 1, 3, 5, 7);
    return _mm256_permute2x128_si256(_mm256_permutevar8x32_epi32(a, even),
                                     _mm256_permutevar8x32_epi32(b, even), 0x20);
}

/* ce_small256 for float32 logits, 8 rows a vector in float32 lanes (exp8_f32, log1p8_f32),
 * m - z_k and the sums in float64, as ce_small512_f32 */
SX_TARGET static inline __attribute__((always_inline)) Py_ssize_t
ce_small256_f32(const float *a, const int64_t *labels, double *sums, Py_ssize_t rows,
                const int classes, Py_ssize_t first_row, int64_t ignore, int has_ignore) {
    const __m256i ignored = _mm256_set1_epi64x(ignore), last = _mm256_set1_epi64x(classes - 1);
    const __m256i zero = _mm256_setzero_si256();
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    const __m256 inf = _mm256_set1_ps(INFINITY), minus_inf = _mm256_set1_ps(-INFINITY);
    static const int64_t lane_masks[5][4] = {
        {0, 0, 0, 0}, {-1, 0, 0, 0}, {-1, -1, 0, 0}, {-1, -1, -1, 0}, {-1, -1, -1, -1}};
    Py_ssize_t per_block = block_rows(classes), kept = 0;
    for (Py_ssize_t r0 = 0; r0 < rows; r0 += per_block) {
        Py_ssize_t count = rows - r0 < per_block ? rows - r0 : per_block;
        __m256d total = _mm256_setzero_pd();
        for (Py_ssize_t i = 0; i < count; i += 8 * SX_G_F32_AVX2) {
            /* SX_G_F32_AVX2 groups of 8 rows checked and their exponentials taken, then their
             * log1p and sums (the groups' dependency chains overlap) */
            __m256 gm[SX_G_F32_AVX2], gp[SX_G_F32_AVX2], gt[SX_G_F32_AVX2];
            __m256i gk[SX_G_F32_AVX2][2];
            for (int g = 0; g < SX_G_F32_AVX2; g++) {
                Py_ssize_t r = r0 + i + 8 * g, left = count - i - 8 * g;
                Py_ssize_t n = left >= 8 ? 8 : left > 0 ? left : 0;
                const int64_t *lab = labels + r;
                const float *x = a + r * classes;
                int64_t lab_tail[8];
                float x_tail[32];
                if (n < 8) { /* a partial group through zeroed buffers */
                    memset(lab_tail, 0, sizeof lab_tail);
                    memset(x_tail, 0, sizeof x_tail);
                    memcpy(lab_tail, lab, (size_t)n * sizeof(int64_t));
                    memcpy(x_tail, x, (size_t)(n * classes) * sizeof(float));
                    lab = lab_tail;
                    x = x_tail;
                }
                __m256i label[2], keep[2];
                int bad_bits = 0;
                for (int h = 0; h < 2; h++) {
                    label[h] = _mm256_loadu_si256((const __m256i *)(lab + 4 * h));
                    Py_ssize_t in_half = n - 4 * h < 0 ? 0 : n - 4 * h > 4 ? 4 : n - 4 * h;
                    keep[h] = _mm256_loadu_si256((const __m256i *)lane_masks[in_half]);
                    if (has_ignore)
                        keep[h] =
                            _mm256_andnot_si256(_mm256_cmpeq_epi64(label[h], ignored), keep[h]);
                    __m256i bad = _mm256_and_si256(
                        keep[h], _mm256_or_si256(_mm256_cmpgt_epi64(label[h], last),
                                                 _mm256_cmpgt_epi64(zero, label[h])));
                    bad_bits |= _mm256_movemask_pd(_mm256_castsi256_pd(bad)) << (4 * h);
                }
                if (bad_bits) return -2 - (r + __builtin_ctz((unsigned)bad_bits));
                __m256 keep32 = _mm256_castsi256_ps(low_halves(keep[0], keep[1]));
                __m256i label32 = low_halves(label[0], label[1]);
                __m256 v[4], m, nan;
                if (classes == 2) { /* rows 0-3, rows 4-7: evens and odds, then lanes in order */
                    __m256 p = _mm256_loadu_ps(x), q = _mm256_loadu_ps(x + 8);
                    __m256d evens = _mm256_castps_pd(_mm256_shuffle_ps(p, q, 0x88));
                    __m256d odds = _mm256_castps_pd(_mm256_shuffle_ps(p, q, 0xDD));
                    v[0] = _mm256_castpd_ps(_mm256_permute4x64_pd(evens, 0xD8));
                    v[1] = _mm256_castpd_ps(_mm256_permute4x64_pd(odds, 0xD8));
                    m = _mm256_max_ps(v[0], v[1]);
                    nan = _mm256_cmp_ps(v[0], v[1], _CMP_UNORD_Q);
                } else { /* two rows a load, transposed; lanes come as rows 0 2 4 6 1 3 5 7 */
                    __m256 r01 = _mm256_loadu_ps(x), r23 = _mm256_loadu_ps(x + 8);
                    __m256 r45 = _mm256_loadu_ps(x + 16), r67 = _mm256_loadu_ps(x + 24);
                    __m256d t0 = _mm256_castps_pd(_mm256_unpacklo_ps(r01, r23));
                    __m256d t1 = _mm256_castps_pd(_mm256_unpackhi_ps(r01, r23));
                    __m256d t2 = _mm256_castps_pd(_mm256_unpacklo_ps(r45, r67));
                    __m256d t3 = _mm256_castps_pd(_mm256_unpackhi_ps(r45, r67));
                    __m256 c[4] = {_mm256_castpd_ps(_mm256_unpacklo_pd(t0, t2)),
                                   _mm256_castpd_ps(_mm256_unpackhi_pd(t0, t2)),
                                   _mm256_castpd_ps(_mm256_unpacklo_pd(t1, t3)),
                                   _mm256_castpd_ps(_mm256_unpackhi_pd(t1, t3))};
                    for (int j = 0; j < 4; j++) v[j] = _mm256_permutevar8x32_ps(c[j], order);
                    m = _mm256_max_ps(_mm256_max_ps(v[0], v[1]), _mm256_max_ps(v[2], v[3]));
                    nan = _mm256_or_ps(_mm256_cmp_ps(v[0], v[1], _CMP_UNORD_Q),
                                       _mm256_cmp_ps(v[2], v[3], _CMP_UNORD_Q));
                }
                __m256 finite = _mm256_and_ps(_mm256_cmp_ps(m, inf, _CMP_LT_OQ),
                                              _mm256_cmp_ps(m, minus_inf, _CMP_GT_OQ));
                __m256 odd_rows = _mm256_or_ps(nan, _mm256_andnot_ps(finite, keep32));
                if (_mm256_movemask_ps(_mm256_and_ps(keep32, odd_rows))) return -1;
                __m256 picked = v[0], t;
                for (int j = 1; j < classes; j++)
                    picked = _mm256_blendv_ps(
                        picked, v[j],
                        _mm256_castsi256_ps(_mm256_cmpeq_epi32(label32, _mm256_set1_epi32(j))));
                if (classes == 2) {
                    t = exp8_f32(_mm256_sub_ps(_mm256_min_ps(v[0], v[1]), m));
                } else { /* as in ce_small512: three exps, class 3 in the max's place */
                    __m256 found = _mm256_setzero_ps(), e[3];
                    for (int j = 0; j < 3; j++) {
                        __m256 drop = _mm256_andnot_ps(found, _mm256_cmp_ps(v[j], m, _CMP_EQ_OQ));
                        found = _mm256_or_ps(found, drop);
                        e[j] = exp8_f32(_mm256_sub_ps(_mm256_blendv_ps(v[j], v[3], drop), m));
                    }
                    t = _mm256_add_ps(_mm256_add_ps(e[0], e[1]), e[2]);
                }
                gm[g] = m, gp[g] = picked, gt[g] = t, gk[g][0] = keep[0], gk[g][1] = keep[1];
                kept += __builtin_popcount((unsigned)_mm256_movemask_ps(keep32));
            }
            for (int g = 0; g < SX_G_F32_AVX2; g++) gt[g] = log1p8_f32(gt[g]);
            for (int g = 0; g < SX_G_F32_AVX2; g++)
                for (int h = 0; h < 2; h++) {
#define SX_HALF(v) (h ? _mm256_extractf128_ps(v, 1) : _mm256_castps256_ps128(v))
                    __m256d loss = _mm256_add_pd(_mm256_sub_pd(_mm256_cvtps_pd(SX_HALF(gm[g])),
                                                               _mm256_cvtps_pd(SX_HALF(gp[g]))),
                                                 _mm256_cvtps_pd(SX_HALF(gt[g])));
#undef SX_HALF
                    total = _mm256_add_pd(total,
                                          _mm256_and_pd(_mm256_castsi256_pd(gk[g][h]), loss));
                }
        }
        double lane[4];
        _mm256_storeu_pd(lane, total);
        sums[(first_row + r0) / per_block] = (lane[0] + lane[1]) + (lane[2] + lane[3]);
    }
    return kept;
}

SX_TARGET static Py_ssize_t ce_small_avx2(const void *a, const int64_t *labels, double *sums,
                                          Py_ssize_t rows, int classes, int is_float32,
                                          Py_ssize_t first_row, int64_t ignore, int has_ignore) {
    if (is_float32)
        return classes == 2 ? ce_small256_f32((const float *)a, labels, sums, rows, 2, first_row,
                                              ignore, has_ignore)
                            : ce_small256_f32((const float *)a, labels, sums, rows, 4, first_row,
                                              ignore, has_ignore);
    const double *x = (const double *)a;
    return classes == 2 ? ce_small256(x, labels, sums, rows, 2, first_row, ignore, has_ignore)
                        : ce_small256(x, labels, sums, rows, 4, first_row, ignore, has_ignore);
}
#endif

static ce_small_fn ce_small = NULL;

static int check_buffer(const Py_buffer *view, Py_ssize_t bytes, const char *name);
static int item_size(int is_float32);

PyDoc_STRVAR(ce_small_sum_doc,
             "ce_small_sum(a, labels, sums, rows, classes, first_row, is_float32, ignore, "
             "has_ignore) -> rows kept, -1 (left to the general route) or -2 - r (row r's "
             "label is not a class)\n\n"
             "The cross-entropy -log softmax(a)_k of rows of 2 or 4 classes at int64 `labels`, "
             "summed per block of block_rows(classes) rows of the whole batch into the float64 "
             "buffer `sums`; rows labelled `ignore` (when `has_ignore`) add 0. `a` and `labels` "
             "are the batch's rows from `first_row` on.");

static PyObject *py_ce_small_sum(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer a, labels, sums;
    Py_ssize_t rows, classes, first_row, result = 0;
    int is_float32, has_ignore, ran = 0;
    long long ignore;
    if (!PyArg_ParseTuple(args, "y*y*w*nnnpLp", &a, &labels, &sums, &rows, &classes, &first_row,
                          &is_float32, &ignore, &has_ignore))
        return NULL;
    Py_ssize_t per_block = classes > 0 ? block_rows(classes) : 1;
    if (rows < 0 || (classes != 2 && classes != 4) || first_row < 0 || first_row % per_block) {
        PyErr_SetString(PyExc_ValueError, "bad shape or first_row (2 or 4 classes)");
    } else if (rows > 0 && (first_row + rows - 1) / per_block >=
                               sums.len / (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "sums has too few entries");
    } else if (ce_small == NULL) {
        PyErr_SetString(PyExc_ValueError,
                        "ce_small_sum needs the AVX2 or AVX-512 vector math (with the C "
                        "library's exp and log the block kernels' sum is faster)");
    } else if (check_buffer(&a, rows * classes * item_size(is_float32), "a") &&
               check_buffer(&labels, rows * (Py_ssize_t)sizeof(int64_t), "labels")) {
        Py_BEGIN_ALLOW_THREADS;
        result = ce_small(a.buf, (const int64_t *)labels.buf, (double *)sums.buf, rows,
                          (int)classes, is_float32, first_row, (int64_t)ignore, has_ignore);
        Py_END_ALLOW_THREADS;
        ran = 1;
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&labels);
    PyBuffer_Release(&sums);
    return ran ? PyLong_FromSsize_t(result) : NULL;
}

/* ---- running a call ------------------------------------------------------------------------
 * A call runs its rows in the calling thread with the GIL released. Large batches are split
 * into parts of whole rows by the caller (symxent.numeric.native, on the one pool of
 * symxent.numeric.threads): the kernels keep no threads of their own. */

typedef struct job job_t;
struct job {
    Py_ssize_t (*kernel)(const void *, const int64_t *, void *, uint8_t *, Py_ssize_t,
                         Py_ssize_t, const bounds_t *, double *, Py_ssize_t);
    const char *a;
    const int64_t *index;
    char *out;
    uint8_t *redo;
    Py_ssize_t rows, classes;
    const bounds_t *b;
    double *sum; /* NULL: per-row values into out; else the blocks' sums (see SX_KERNEL) */
    Py_ssize_t first_row;
};

/* Run the job's rows; returns the rows to redo, or -1 - r for the first bad label's row. */
static Py_ssize_t run_job(job_t *job) {
    return job->kernel(job->a, job->index, job->out, job->redo, job->rows, job->classes, job->b,
                       job->sum, job->first_row);
}

/* ---- Python bindings ---------------------------------------------------------------------- */

static int check_buffer(const Py_buffer *view, Py_ssize_t bytes, const char *name) {
    if (view->len != bytes) {
        PyErr_Format(PyExc_ValueError, "%s has %zd bytes, expected %zd", name, view->len, bytes);
        return 0;
    }
    return 1;
}

static int item_size(int is_float32) { return is_float32 ? (int)sizeof(float) : (int)sizeof(double); }

PyDoc_STRVAR(take_log_softmax_doc,
             "take_log_softmax(a, index, out, redo, rows, classes, is_float32, low, high, "
             "pick_low, tiny, negate=False) -> rows to redo\n\n"
             "Log-softmax at int64 labels `index` of the rows of the contiguous buffer `a` "
             "(negated when `negate`), into `out` (the dtype of `a`); rows "
             "with a nan or an infinite max are marked in the uint8 buffer `redo`.");

static job_t make_job(const Py_buffer *a, const int64_t *index, const Py_buffer *out,
                      const Py_buffer *redo, Py_ssize_t rows, Py_ssize_t classes, int is_float32,
                      int take, const bounds_t *b) {
    job_t job;
    memset(&job, 0, sizeof job);
    job.kernel = take ? (is_float32 ? take_f32 : take_f64) : (is_float32 ? lse_f32 : lse_f64);
    job.a = (const char *)a->buf;
    job.index = index;
    job.out = (char *)out->buf;
    job.redo = (uint8_t *)redo->buf;
    job.rows = rows;
    job.classes = classes;
    job.b = b;
    return job;
}

static PyObject *py_take_log_softmax(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer a, index, out, redo;
    Py_ssize_t rows, classes;
    int is_float32, negate = 0;
    bounds_t b;
    if (!PyArg_ParseTuple(args, "y*y*w*w*nnpdddd|p", &a, &index, &out, &redo, &rows, &classes,
                          &is_float32, &b.low, &b.high, &b.pick_low, &b.tiny, &negate))
        return NULL;
    b.above = log(b.high) + 1.0;
    b.sign = negate ? -1.0 : 1.0;
    Py_ssize_t redone = -1;
    int size = item_size(is_float32);
    if (rows < 0 || classes <= 0 || rows > PY_SSIZE_T_MAX / classes / 8) {
        PyErr_SetString(PyExc_ValueError, "bad shape");
    } else if (check_buffer(&a, rows * classes * size, "a") &&
               check_buffer(&index, rows * (Py_ssize_t)sizeof(int64_t), "index") &&
               check_buffer(&out, rows * size, "out") && check_buffer(&redo, rows, "redo")) {
        const int64_t *labels = (const int64_t *)index.buf;
        job_t job = make_job(&a, labels, &out, &redo, rows, classes, is_float32, 1, &b);
        Py_BEGIN_ALLOW_THREADS;
        redone = run_job(&job);
        Py_END_ALLOW_THREADS;
        if (redone < 0) {
            Py_ssize_t row = -1 - redone;
            PyErr_Format(PyExc_IndexError, "label %lld of row %zd is not in [0, %zd)",
                         (long long)labels[row], row, classes);
        }
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&index);
    PyBuffer_Release(&out);
    PyBuffer_Release(&redo);
    return redone < 0 ? NULL : PyLong_FromSsize_t(redone);
}

PyDoc_STRVAR(take_log_softmax_sum_doc,
             "take_log_softmax_sum(a, index, sums, rows, classes, first_row, is_float32, low, "
             "high, pick_low, tiny, negate=False) -> rows to redo\n\n"
             "What take_log_softmax writes, summed per block of block_rows(classes) rows of the "
             "whole batch into the float64 buffer `sums` (pairwise), without per-row values; "
             "`a` and `index` are the batch's rows from `first_row` on. When rows to redo is "
             "not 0 the sums are meaningless (call take_log_softmax).");

static PyObject *py_take_log_softmax_sum(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer a, index, sums;
    Py_ssize_t rows, classes, first_row;
    int is_float32, negate = 0;
    bounds_t b;
    if (!PyArg_ParseTuple(args, "y*y*w*nnnpdddd|p", &a, &index, &sums, &rows, &classes,
                          &first_row, &is_float32, &b.low, &b.high, &b.pick_low, &b.tiny,
                          &negate))
        return NULL;
    b.above = log(b.high) + 1.0;
    b.sign = negate ? -1.0 : 1.0;
    Py_ssize_t redone = -1;
    int size = item_size(is_float32);
    if (rows < 0 || classes <= 0 || first_row < 0 || first_row % block_rows(classes) != 0 ||
        rows > PY_SSIZE_T_MAX / classes / 8) {
        PyErr_SetString(PyExc_ValueError, "bad shape or first_row");
    } else if (rows > 0 && (first_row + rows - 1) / block_rows(classes) >=
                               sums.len / (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "sums has too few entries");
    } else if (check_buffer(&a, rows * classes * size, "a") &&
               check_buffer(&index, rows * (Py_ssize_t)sizeof(int64_t), "index")) {
        const int64_t *labels = (const int64_t *)index.buf;
        job_t job;
        memset(&job, 0, sizeof job);
        job.kernel = is_float32 ? take_f32 : take_f64;
        job.a = (const char *)a.buf;
        job.index = labels;
        job.rows = rows;
        job.classes = classes;
        job.b = &b;
        job.sum = (double *)sums.buf;
        job.first_row = first_row;
        Py_BEGIN_ALLOW_THREADS;
        redone = run_job(&job);
        Py_END_ALLOW_THREADS;
        if (redone < 0) {
            Py_ssize_t row = -1 - redone;
            PyErr_Format(PyExc_IndexError, "label %lld of row %zd is not in [0, %zd)",
                         (long long)labels[row], row, classes);
        }
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&index);
    PyBuffer_Release(&sums);
    return redone < 0 ? NULL : PyLong_FromSsize_t(redone);
}

static PyObject *py_block_rows(PyObject *self, PyObject *arg) {
    (void)self;
    Py_ssize_t classes = PyLong_AsSsize_t(arg);
    if (classes == -1 && PyErr_Occurred()) return NULL;
    if (classes <= 0) {
        PyErr_SetString(PyExc_ValueError, "classes must be positive");
        return NULL;
    }
    return PyLong_FromSsize_t(block_rows(classes));
}

PyDoc_STRVAR(logsumexp_doc,
             "logsumexp(a, out, redo, rows, classes, is_float32, low, high) -> rows to redo\n\n"
             "Log-sum-exp of the rows of the contiguous buffer `a` into the float64 buffer `out`; "
             "rows with a nan or an infinite max are marked in the uint8 buffer `redo`.");

static PyObject *py_logsumexp(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer a, out, redo;
    Py_ssize_t rows, classes;
    int is_float32;
    bounds_t b = {0.0, 0.0, 0.0, 0.0, 0.0, 1.0};
    if (!PyArg_ParseTuple(args, "y*w*w*nnpdd", &a, &out, &redo, &rows, &classes, &is_float32,
                          &b.low, &b.high))
        return NULL;
    b.above = log(b.high) + 1.0;
    Py_ssize_t redone = -1;
    if (rows < 0 || classes <= 0 || rows > PY_SSIZE_T_MAX / classes / 8) {
        PyErr_SetString(PyExc_ValueError, "bad shape");
    } else if (check_buffer(&a, rows * classes * item_size(is_float32), "a") &&
               check_buffer(&out, rows * (Py_ssize_t)sizeof(double), "out") &&
               check_buffer(&redo, rows, "redo")) {
        job_t job = make_job(&a, NULL, &out, &redo, rows, classes, is_float32, 0, &b);
        Py_BEGIN_ALLOW_THREADS;
        redone = run_job(&job);
        Py_END_ALLOW_THREADS;
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&out);
    PyBuffer_Release(&redo);
    return redone < 0 ? NULL : PyLong_FromSsize_t(redone);
}

PyDoc_STRVAR(exp_doc, "exp(x, y, n, is_float32)\n\n"
                      "The kernels' exp of n float32 or float64 numbers x into float64 y.");

PyDoc_STRVAR(exp32_doc, "exp32(x, y, n)\n\n"
                        "The kernels' exp of n float32 numbers x into float32 y (y may be x).");

enum { SX_EXP, SX_LOG, SX_EXP32 };

/* Over n numbers: SX_EXP y = exp(x) (float32 or float64 x, float64 y), SX_LOG y = log(x)
 * (float64), SX_EXP32 y = exp(x) (float32 x and y). */
static PyObject *elementwise(PyObject *args, int kind) {
    Py_buffer x, y;
    Py_ssize_t n;
    int is_float32 = kind == SX_EXP32;
    int parsed = kind == SX_EXP ? PyArg_ParseTuple(args, "y*w*np", &x, &y, &n, &is_float32)
                                : PyArg_ParseTuple(args, "y*w*n", &x, &y, &n);
    if (!parsed) return NULL;
    Py_ssize_t out_size = kind == SX_EXP32 ? (Py_ssize_t)sizeof(float) : (Py_ssize_t)sizeof(double);
    int ok = n >= 0 && n <= PY_SSIZE_T_MAX / 8 &&
             check_buffer(&x, n * item_size(is_float32), "x") &&
             check_buffer(&y, n * out_size, "y");
    if (ok) {
        Py_BEGIN_ALLOW_THREADS;
        if (kind == SX_LOG)
            log_f64((const double *)x.buf, (double *)y.buf, n);
        else if (kind == SX_EXP32)
            exp32((const float *)x.buf, (float *)y.buf, n);
        else if (is_float32)
            exp_f32((const float *)x.buf, (double *)y.buf, n);
        else
            exp_f64((const double *)x.buf, (double *)y.buf, n);
        Py_END_ALLOW_THREADS;
    } else if (!PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "bad length");
    }
    PyBuffer_Release(&x);
    PyBuffer_Release(&y);
    if (!ok) return NULL;
    Py_RETURN_NONE;
}

static PyObject *py_exp32(PyObject *self, PyObject *args) {
    (void)self;
    return elementwise(args, SX_EXP32);
}

static PyObject *py_exp(PyObject *self, PyObject *args) {
    (void)self;
    return elementwise(args, SX_EXP);
}

PyDoc_STRVAR(log_doc, "log(x, y, n)\n\n"
                      "The kernels' log of n float64 numbers x into float64 y (y may be x).");

static PyObject *py_log(PyObject *self, PyObject *args) {
    (void)self;
    return elementwise(args, SX_LOG);
}

/* use_vector_math(wanted): True the best this CPU has, False the C library's, or a name */
static PyObject *py_use_vector_math(PyObject *self, PyObject *arg) {
    (void)self;
    const char *name = PyUnicode_Check(arg) ? PyUnicode_AsUTF8(arg) : NULL;
    int wanted = name != NULL ? strcmp(name, "libm") != 0 : PyObject_IsTrue(arg);
    if (wanted < 0 || PyErr_Occurred()) return NULL;
    if (name != NULL && strcmp(name, "libm") && strcmp(name, "avx2") && strcmp(name, "avx512")) {
        PyErr_Format(PyExc_ValueError, "use_vector_math takes 'avx512', 'avx2', 'libm' or a "
                     "bool, got '%s'", name);
        return NULL;
    }
    exp_f32 = exp_f32_libm;
    exp_f64 = exp_f64_libm;
    exp32 = exp32_libm;
    log_f64 = log_f64_libm;
    finish_rows = finish_rows_libm;
    shift_first_rows_f32 = shift_first_f32;
    shift_first_rows_f64 = shift_first_f64;
    block_sums = block_sums_scalar;
    small_rows_f32 = small_rows_f64 = NULL;
    ce_small = NULL;
    vector_name = "libm";
#if SX_X86
    __builtin_cpu_init();
    if (wanted && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        exp_f32 = exp_f32_avx2;
        exp_f64 = exp_f64_avx2;
        exp32 = exp32_avx2;
        log_f64 = log_f64_avx2;
        finish_rows = finish_rows_avx2;
        block_sums = block_sums_avx2;
        ce_small = ce_small_avx2;
        vector_name = "avx2";
    }
    if (wanted && __builtin_cpu_supports("avx512f") && (name == NULL || !strcmp(name, "avx512"))) {
        exp_f32 = exp_f32_avx512;
        exp_f64 = exp_f64_avx512;
        exp32 = exp32_avx512;
        log_f64 = log_f64_avx512;
        finish_rows = finish_rows_avx512;
        shift_first_rows_f32 = shift_first_avx512_f32;
        shift_first_rows_f64 = shift_first_avx512_f64;
        small_rows_f32 = small_rows_avx512_f32;
        small_rows_f64 = small_rows_avx512_f64;
        ce_small = ce_small_avx512;
        vector_name = "avx512";
    }
#endif
    return PyUnicode_FromString(vector_name);
}

static PyObject *py_vector_math(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return PyUnicode_FromString(vector_name);
}

/* ---- the softmax cross-entropy gradient ---------------------------------------------------
 * out = scale * (softmax(a) - onehot(label)) of float32 or float64 rows: each row shifted by its
 * first logit (its own term is 1, so the sum is at least 1), exp'd in blocks by the vector exp
 * (in float64: into `out` itself, or into the buffer `work` for float32), divided by its sum.
 * Returns the rows whose sum is not finite (nan, inf, or a logit more than ~709 above the
 * first: the caller's general route redoes the call) or with a bad label. */
static Py_ssize_t softmax_grad(const void *a_, const int64_t *labels, void *out_, double *work,
                               Py_ssize_t rows, Py_ssize_t classes, Py_ssize_t per_block,
                               int is_float32, double scale) {
    Py_ssize_t failed = 0;
    for (Py_ssize_t r0 = 0; r0 < rows; r0 += per_block) {
        Py_ssize_t count = rows - r0 < per_block ? rows - r0 : per_block;
        double *y = is_float32 ? work : (double *)out_ + r0 * classes;
        if (is_float32) {
            const float *x = (const float *)a_ + r0 * classes;
            for (Py_ssize_t i = 0; i < count; i++) {
                double c = x[i * classes];
                for (Py_ssize_t j = 0; j < classes; j++)
                    y[i * classes + j] = (double)x[i * classes + j] - c;
            }
        } else {
            const double *x = (const double *)a_ + r0 * classes;
            for (Py_ssize_t i = 0; i < count; i++) {
                double c = x[i * classes];
                for (Py_ssize_t j = 0; j < classes; j++)
                    y[i * classes + j] = x[i * classes + j] - c;
            }
        }
        exp_f64(y, y, count * classes);
        for (Py_ssize_t i = 0; i < count; i++) {
            double *yi = y + i * classes, s = row_sum(yi, classes);
            int64_t k = labels[r0 + i];
            if (!(s >= 1.0 && s <= DBL_MAX) || k < 0 || k >= classes) {
                failed++;
                continue;
            }
            double f = scale / s;
            for (Py_ssize_t j = 0; j < classes; j++) yi[j] *= f;
            yi[k] -= scale;
            if (is_float32) {
                float *o = (float *)out_ + (r0 + i) * classes;
                for (Py_ssize_t j = 0; j < classes; j++) o[j] = (float)yi[j];
            }
        }
    }
    return failed;
}

PyDoc_STRVAR(softmax_grad_doc,
             "softmax_grad(a, index, out, rows, classes, is_float32, scale) -> rows not done\n\n"
             "scale * (softmax(a) - onehot(index)) of the rows of `a` into `out` (its dtype); "
             "rows with a non-finite sum or a bad label are counted (and left undone).");

static PyObject *py_softmax_grad(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer a, index, out;
    Py_ssize_t rows, classes, failed = -1;
    int is_float32;
    double scale;
    if (!PyArg_ParseTuple(args, "y*y*w*nnpd", &a, &index, &out, &rows, &classes, &is_float32,
                          &scale))
        return NULL;
    Py_ssize_t bytes = rows * classes * item_size(is_float32);
    Py_ssize_t per_block = classes >= 2048 ? 1 : 2048 / classes;
    double *work = NULL;
    if (rows < 0 || classes <= 0 || rows > PY_SSIZE_T_MAX / classes / 8) {
        PyErr_SetString(PyExc_ValueError, "bad shape");
    } else if (check_buffer(&a, bytes, "a") &&
               check_buffer(&index, rows * (Py_ssize_t)sizeof(int64_t), "index") &&
               check_buffer(&out, bytes, "out")) {
        if (is_float32) work = PyMem_RawMalloc((size_t)(per_block * classes) * sizeof(double));
        if (is_float32 && work == NULL) {
            PyErr_NoMemory();
        } else {
            Py_BEGIN_ALLOW_THREADS;
            failed = softmax_grad(a.buf, (const int64_t *)index.buf, out.buf, work, rows,
                                  classes, per_block, is_float32, scale);
            Py_END_ALLOW_THREADS;
        }
    }
    PyMem_RawFree(work);
    PyBuffer_Release(&a);
    PyBuffer_Release(&index);
    PyBuffer_Release(&out);
    return failed < 0 ? NULL : PyLong_FromSsize_t(failed);
}

#include "_symxent_elementwise.h"
#include "_symxent_information.h"
#include "_symxent_ce_mid.h"

static PyMethodDef methods[] = {
    {"information", py_information, METH_VARARGS, information_doc},
    {"softmax_grad", py_softmax_grad, METH_VARARGS, softmax_grad_doc},
    {"take_log_softmax", py_take_log_softmax, METH_VARARGS, take_log_softmax_doc},
    {"take_log_softmax_sum", py_take_log_softmax_sum, METH_VARARGS, take_log_softmax_sum_doc},
    {"ce_small_sum", py_ce_small_sum, METH_VARARGS, ce_small_sum_doc},
    {"ce_mid_sum", py_ce_mid_sum, METH_VARARGS, ce_mid_sum_doc},
    {"ce_mid_block", py_ce_mid_block, METH_NOARGS, "ce_mid_block() -> rows a block of ce_mid_sum"},
    {"block_rows", py_block_rows, METH_O,
     "block_rows(classes) -> rows of one block of the kernels (of take_log_softmax_sum's sums)."},
    {"logsumexp", py_logsumexp, METH_VARARGS, logsumexp_doc},
    {"exp", py_exp, METH_VARARGS, exp_doc},
    {"exp32", py_exp32, METH_VARARGS, exp32_doc},
    {"log", py_log, METH_VARARGS, log_doc},
    {"elementwise", py_elementwise, METH_VARARGS, elementwise_doc},
    {"elementwise_block", py_elementwise_block, METH_NOARGS,
     "elementwise_block() -> elements of one block of elementwise's sums."},
    {"vector_math", py_vector_math, METH_NOARGS,
     "vector_math() -> 'avx512', 'avx2' or 'libm': the exp and log the kernels use now."},
    {"use_vector_math", py_use_vector_math, METH_O,
     "use_vector_math(wanted) -> 'avx512', 'avx2' or 'libm': the exp and log the kernels use "
     "(a name, or a bool: True takes the best the CPU has; a vector name only where the CPU has "
     "it, else the next below)."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_symxent_kernels",
    .m_doc = "Fused row kernels of symxent's numeric runtime (see symxent.numeric.native).",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__symxent_kernels(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    /* 2: the kernels keep no threads (no `threads` argument); builds without `abi` took one */
    if (PyModule_AddIntConstant(m, "abi", 2) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    PyObject *name = py_use_vector_math(NULL, Py_True);
    if (name == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_DECREF(name);
    return m;
}
