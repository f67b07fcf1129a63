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
 * The logs are the kernels' vector logs (AVX-512: 8 float64 lanes; AVX2: 4), as chosen by
 * use_vector_math; lanes whose argument is not a positive normal finite number (0, subnormal,
 * inf, nan) take the C library's log. libm: scalar C throughout.
 */

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
                t += a * log(kind == SX_INFO_ENTROPY ? a : kind == SX_INFO_CROSS ? b : a / b);
        }
        info_record(c, 0, sp);
        if (two) info_record(c, 1, sq);
        info_store(out, f32, r, info_value(t, kind, log_base));
    }
}

#if SX_X86

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

SX_TARGET static inline __attribute__((always_inline)) void
info_rows_avx2_any(const void *p, const void *q, void *out, Py_ssize_t rows, Py_ssize_t classes,
                   int f32, int kind, double log_base, info_checks_t *c) {
    const __m256d zero = _mm256_setzero_pd();
    int two = kind != SX_INFO_ENTROPY;
    __m256d bad_p = zero, bad_q = zero;
    for (Py_ssize_t r = 0; r < rows; r++) {
        __m256d t0 = zero, t1 = zero, sp = zero, sq = zero;
        Py_ssize_t base = r * classes, j = 0;
        for (; j < classes; j += 4) {
            int n = classes - j >= 4 ? 4 : (int)(classes - j);
            __m256d a = info_load4(p, f32, base + j, n);
            __m256d b = two ? info_load4(q, f32, base + j, n) : zero;
            bad_p = _mm256_or_pd(bad_p, _mm256_cmp_pd(a, zero, _CMP_NGE_UQ));
            sp = _mm256_add_pd(sp, a);
            if (two) {
                bad_q = _mm256_or_pd(bad_q, _mm256_cmp_pd(b, zero, _CMP_NGE_UQ));
                sq = _mm256_add_pd(sq, b);
            }
            __m256d x = kind == SX_INFO_ENTROPY ? a
                        : kind == SX_INFO_CROSS ? b
                                                : _mm256_div_pd(a, b);
            __m256d term = info_terms4(a, x);
            if ((j >> 2) & 1)
                t1 = _mm256_add_pd(t1, term);
            else
                t0 = _mm256_add_pd(t0, term);
        }
        double ts[4], ps[4], qs[4];
        _mm256_storeu_pd(ts, _mm256_add_pd(t0, t1));
        _mm256_storeu_pd(ps, sp);
        _mm256_storeu_pd(qs, sq);
        info_record(c, 0, (ps[0] + ps[2]) + (ps[1] + ps[3]));
        if (two) info_record(c, 1, (qs[0] + qs[2]) + (qs[1] + qs[3]));
        info_store(out, f32, r, info_value((ts[0] + ts[2]) + (ts[1] + ts[3]), kind, log_base));
    }
    c->bad[0] |= _mm256_movemask_pd(bad_p) != 0;
    c->bad[1] |= _mm256_movemask_pd(bad_q) != 0;
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

SX_TARGET512 static inline __attribute__((always_inline)) void
info_rows_avx512_any(const void *p, const void *q, void *out, Py_ssize_t rows,
                     Py_ssize_t classes, int f32, int kind, double log_base, info_checks_t *c) {
    const __m512d zero = _mm512_setzero_pd();
    int two = kind != SX_INFO_ENTROPY;
    __mmask8 bad_p = 0, bad_q = 0;
    for (Py_ssize_t r = 0; r < rows; r++) {
        __m512d t0 = zero, t1 = zero, sp = zero, sq = zero;
        Py_ssize_t base = r * classes, j = 0;
        for (; j < classes; j += 8) {
            int n = classes - j >= 8 ? 8 : (int)(classes - j);
            __m512d a = info_load8(p, f32, base + j, n);
            __m512d b = two ? info_load8(q, f32, base + j, n) : zero;
            bad_p |= _mm512_cmp_pd_mask(a, zero, _CMP_NGE_UQ);
            sp = _mm512_add_pd(sp, a);
            if (two) {
                bad_q |= _mm512_cmp_pd_mask(b, zero, _CMP_NGE_UQ);
                sq = _mm512_add_pd(sq, b);
            }
            __m512d x = kind == SX_INFO_ENTROPY ? a
                        : kind == SX_INFO_CROSS ? b
                                                : _mm512_div_pd(a, b);
            if ((j >> 3) & 1)
                t1 = info_terms8(t1, a, x);
            else
                t0 = info_terms8(t0, a, x);
        }
        info_record(c, 0, _mm512_reduce_add_pd(sp));
        if (two) info_record(c, 1, _mm512_reduce_add_pd(sq));
        double t = _mm512_reduce_add_pd(_mm512_add_pd(t0, t1));
        info_store(out, f32, r, info_value(t, kind, log_base));
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
