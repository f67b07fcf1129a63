/*
 * The summed cross-entropy from float32 logits of rows of 3 to 16 classes with AVX-512
 * (ce_mid_sum), included by _symxent_kernels.c after its vector exp and log.
 *
 * Across rows: each of the 16 lanes of a vector is a row; the logits of 16 rows come in by 8x8
 * transposes (8 classes a chunk, the last chunk overlapping the one before, or reading past the
 * row for fewer than 8 classes), so class j of the 16 rows is one vector and all the classes
 * stay in registers. Per row, shifted always by its max m: (m - z_k) + log1p(t), t the sum of
 * e^(z_j - m) over the classes but the first one equal to m (its term is 1), so a loss near 0
 * keeps its relative precision; the exps and t are float32 (exp16_f32), log1p, m - z_k and the
 * sums float64. Rows labelled `ignore` add nothing and are not counted. A kept row whose loss is
 * not finite (a nan, an infinite max, or the label at -inf) makes the call return -1: the caller
 * takes the general route, which handles and explains those. Rows are summed per block of
 * SX_MID_BLOCK rows counted from the batch's first row, so the result has the same bits for any
 * split over threads. Masked loads only for a last partial group (on memory not in the cache
 * they measured half as fast on Zen 5).
 *
 * Measured slower than the block route (take_log_softmax_sum) and so not built: the same
 * kernel for float64 rows (8 lanes, 4x4 transposes), with AVX2 (8 and 4 lanes), and with gathers
 * instead of transposes (gathers took 1.5-11 ns an element on the Zen 5 machines).
 */

#define SX_MID_BLOCK 256
#define SX_MID_MAX 16

#if SX_X86
#define SX_MID512 __attribute__((target("avx512f,avx2,fma")))
/* every loop over the classes (a constant) unrolled: their vectors stay in registers */
#define SX_UNROLL _Pragma("GCC unroll 16")

/* class j of 16 float32 rows (8 logits from each, x + i * stride) as c[j]: 8x8 transposes in
 * the four 128-bit lanes, rows i and i + 8 in one vector */
SX_MID512 static inline __attribute__((always_inline)) void mid_rows16(const float *x,
                                                                       Py_ssize_t stride,
                                                                       __m512 *c) {
    __m512 t[8], u[8];
    const __m512i mix = _mm512_setr_epi32(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26,
                                          27);
    const __m512i mix_hi = _mm512_add_epi32(mix, _mm512_set1_epi32(4));
    SX_UNROLL for (int i = 0; i < 8; i += 2) {
        __m512 p = _mm512_castpd_ps(_mm512_insertf64x4(
            _mm512_castpd256_pd512(_mm256_loadu_pd((const double *)(x + i * stride))),
            _mm256_loadu_pd((const double *)(x + (i + 8) * stride)), 1));
        __m512 q = _mm512_castpd_ps(_mm512_insertf64x4(
            _mm512_castpd256_pd512(_mm256_loadu_pd((const double *)(x + (i + 1) * stride))),
            _mm256_loadu_pd((const double *)(x + (i + 9) * stride)), 1));
        t[i] = _mm512_unpacklo_ps(p, q);
        t[i + 1] = _mm512_unpackhi_ps(p, q);
    }
    SX_UNROLL for (int i = 0; i < 8; i += 4) {
        u[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);
        u[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE);
        u[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
        u[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
    }
    /* u[j]: rows 0-3 class j, rows 0-3 class j + 4, rows 8-11 class j, rows 8-11 class j + 4;
     * u[j + 4] the same of rows 4-7 and 12-15 */
    SX_UNROLL for (int j = 0; j < 4; j++) {
        c[j] = _mm512_permutex2var_ps(u[j], mix, u[j + 4]);
        c[j + 4] = _mm512_permutex2var_ps(u[j], mix_hi, u[j + 4]);
    }
}

/* OUT = OP over x[0..classes) as a tree (short dependency chains) */
#define SX_MID_TREE(OP, x, OUT)                                                                \
    {                                                                                          \
        __m512 y_[SX_MID_MAX];                                                                 \
        SX_UNROLL for (int j = 0; j < classes; j++) y_[j] = x[j];                              \
        SX_UNROLL for (int step = 1; step < classes; step *= 2)                                \
            SX_UNROLL for (int j = 0; j + step < classes; j += 2 * step)                       \
                y_[j] = OP(y_[j], y_[j + step]);                                               \
        OUT = y_[0];                                                                           \
    }

SX_MID512 static inline __attribute__((always_inline)) Py_ssize_t
ce_mid512(const float *a, const int64_t *labels, double *sums, Py_ssize_t rows,
          const int classes, Py_ssize_t first_row, int64_t ignore, int has_ignore) {
    const __m512i ignored = _mm512_set1_epi64(ignore), last = _mm512_set1_epi64(classes - 1);
    const __m512d inf = _mm512_set1_pd(INFINITY);
    Py_ssize_t kept = 0;
    for (Py_ssize_t r0 = 0; r0 < rows; r0 += SX_MID_BLOCK) {
        Py_ssize_t count = rows - r0 < SX_MID_BLOCK ? rows - r0 : SX_MID_BLOCK;
        __m512d total = _mm512_setzero_pd();
        for (Py_ssize_t i = 0; i < count; i += 16) {
            Py_ssize_t r = r0 + i, n = count - i < 16 ? count - i : 16;
            const float *x = a + r * classes;
            __mmask16 lanes = (__mmask16)(n == 16 ? 0xFFFF : (1u << n) - 1);
            __mmask8 k[2] = {(__mmask8)lanes, (__mmask8)(lanes >> 8)}, bad[2];
            __m512i l[2];
            SX_UNROLL for (int h = 0; h < 2; h++) {
                l[h] = n == 16 ? _mm512_loadu_si512(labels + r + 8 * h)
                               : _mm512_maskz_loadu_epi64(k[h], labels + r + 8 * h);
                if (has_ignore) k[h] &= (__mmask8)~_mm512_cmpeq_epi64_mask(l[h], ignored);
                bad[h] = k[h] & _mm512_cmpgt_epu64_mask(l[h], last); /* negatives too */
            }
            unsigned bad_bits = bad[0] | ((unsigned)bad[1] << 8);
            if (bad_bits) return -2 - (r + __builtin_ctz(bad_bits));
            __m512i label = _mm512_inserti64x4(
                _mm512_castsi256_si512(_mm512_cvtepi64_epi32(l[0])), _mm512_cvtepi64_epi32(l[1]), 1);
            /* the last group of a call through a zeroed buffer: it may be partial, and the
             * transposes may not read past the array */
            float buffer[16 * SX_MID_MAX + 8];
            if (r + 16 >= rows) {
                memset(buffer, 0, sizeof buffer);
                memcpy(buffer, x, (size_t)(n * classes) * sizeof(float));
                x = buffer;
            }
            __m512 v[SX_MID_MAX], m, picked = _mm512_setzero_ps();
            SX_UNROLL for (int s = 0; s < classes; s += 8) {
                int at = s + 8 <= classes || classes < 8 ? s : classes - 8;
                __m512 c[8];
                mid_rows16(x + at, classes, c);
                /* only the classes this chunk adds (the rest of the transpose is dead code) */
                SX_UNROLL for (int q = 0; q < 8; q++) if (at + q >= s && at + q < classes)
                    v[at + q] = c[q];
                if (at + 8 >= classes) break;
            }
            SX_MID_TREE(_mm512_max_ps, v, m)
            SX_UNROLL for (int j = 0; j < classes; j++)
                picked = _mm512_mask_mov_ps(
                    picked, _mm512_cmpeq_epi32_mask(label, _mm512_set1_epi32(j)), v[j]);
            /* the terms of the classes at the max (each exactly 1) left out and counted: t adds
             * all of them but one back (a nan is "not at the max", so it reaches t) */
            __m512 t, e[SX_MID_MAX], ties = _mm512_set1_ps(-1.0f);
            SX_UNROLL for (int j = 0; j < classes; j++) {
                __mmask16 other = _mm512_cmp_ps_mask(v[j], m, _CMP_NEQ_UQ);
                e[j] = _mm512_maskz_mov_ps(other, exp16_f32(_mm512_sub_ps(v[j], m)));
                ties = _mm512_mask_add_ps(ties, (__mmask16)~other, ties, _mm512_set1_ps(1.0f));
            }
            SX_MID_TREE(_mm512_add_ps, e, t)
            t = _mm512_add_ps(t, ties);
            __m512d loss[2] = {SX_LOW_PD(t), SX_HIGH_PD(t)};
            log8_f64_n(loss, 2, 1); /* getmant and getexp keep a nan */
            loss[0] = _mm512_add_pd(_mm512_sub_pd(SX_LOW_PD(m), SX_LOW_PD(picked)), loss[0]);
            loss[1] = _mm512_add_pd(_mm512_sub_pd(SX_HIGH_PD(m), SX_HIGH_PD(picked)), loss[1]);
            SX_UNROLL for (int h = 0; h < 2; h++) {
                if (k[h] & ~_mm512_cmp_pd_mask(loss[h], inf, _CMP_LT_OQ)) return -1;
                total = _mm512_mask_add_pd(total, k[h], total, loss[h]);
                kept += __builtin_popcount(k[h]);
            }
        }
        sums[(first_row + r0) / SX_MID_BLOCK] = _mm512_reduce_add_pd(total);
    }
    return kept;
}
#undef SX_MID_TREE

/* a form for every class count (the logits stay in registers) */
#define SX_MID_CASE(C)                                                                         \
    case C:                                                                                   \
        return ce_mid512(a, labels, sums, rows, C, first_row, ignore, has_ignore);
SX_MID512 static Py_ssize_t ce_mid_avx512(const float *a, const int64_t *labels, double *sums,
                                          Py_ssize_t rows, int classes, Py_ssize_t first_row,
                                          int64_t ignore, int has_ignore) {
    switch (classes) {
        SX_MID_CASE(3) SX_MID_CASE(4) SX_MID_CASE(5) SX_MID_CASE(6) SX_MID_CASE(7)
        SX_MID_CASE(8) SX_MID_CASE(9) SX_MID_CASE(10) SX_MID_CASE(11) SX_MID_CASE(12)
        SX_MID_CASE(13) SX_MID_CASE(14) SX_MID_CASE(15) SX_MID_CASE(16)
    }
    return -1;
}
#undef SX_MID_CASE
#undef SX_UNROLL
#endif

PyDoc_STRVAR(ce_mid_sum_doc,
             "ce_mid_sum(a, labels, sums, rows, classes, first_row, ignore, has_ignore) -> rows "
             "kept, -1 (left to the general route) or -2 - r (row r's label is not a class)\n\n"
             "The cross-entropy -log softmax(a)_k of float32 rows of 3 to 16 classes at int64 "
             "`labels`, summed per block of ce_mid_block() rows of the whole batch into the "
             "float64 buffer `sums`; rows labelled `ignore` (when `has_ignore`) add 0. `a` and "
             "`labels` are the batch's rows from `first_row` on. Only with the AVX-512 vector "
             "math (ValueError otherwise).");

static PyObject *py_ce_mid_sum(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer a, labels, sums;
    Py_ssize_t rows, classes, first_row, result = -1;
    int has_ignore, ran = 0;
    long long ignore;
    if (!PyArg_ParseTuple(args, "y*y*w*nnnLp", &a, &labels, &sums, &rows, &classes, &first_row,
                          &ignore, &has_ignore))
        return NULL;
    if (strcmp(vector_name, "avx512")) {
        PyErr_SetString(PyExc_ValueError, "ce_mid_sum needs the AVX-512 vector math");
    } else if (rows < 0 || classes < 3 || classes > SX_MID_MAX || first_row < 0 ||
               first_row % SX_MID_BLOCK) {
        PyErr_SetString(PyExc_ValueError, "bad shape or first_row (3 to 16 classes)");
    } else if (rows > 0 && (first_row + rows - 1) / SX_MID_BLOCK >=
                               sums.len / (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "sums has too few entries");
    } else if (check_buffer(&a, rows * classes * (Py_ssize_t)sizeof(float), "a") &&
               check_buffer(&labels, rows * (Py_ssize_t)sizeof(int64_t), "labels")) {
#if SX_X86
        Py_BEGIN_ALLOW_THREADS;
        result = ce_mid_avx512((const float *)a.buf, (const int64_t *)labels.buf,
                               (double *)sums.buf, rows, (int)classes, first_row,
                               (int64_t)ignore, has_ignore);
        Py_END_ALLOW_THREADS;
#endif
        ran = 1;
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&labels);
    PyBuffer_Release(&sums);
    return ran ? PyLong_FromSsize_t(result) : NULL;
}

static PyObject *py_ce_mid_block(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return PyLong_FromLong(SX_MID_BLOCK);
}
