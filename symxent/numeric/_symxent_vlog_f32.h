/*
 * The one float32 vector log, 16 lanes (AVX-512) and 8 (AVX2 + FMA), shared by the elementwise
 * kernels (_symxent_elementwise.h: softplus, the binary cross-entropies) and the information
 * rows (_symxent_information.h). Included by both (once: the guard below).
 *
 * x = 2^k (1 + f), f in [sqrt(1/2) - 1, sqrt(2) - 1], s = f / (2 + f), z = s^2:
 * log(1 + f) = f - (f^2/2 - s (f^2/2 + R)), R = z (2/3 + 2z/5 + 2z^2/7 + 2z^3/9) (the atanh
 * series, cut below 2^-29 relative on |s| <= 0.1716), k ln2 in two parts. Within 0.86 ulp of
 * the exact log on every positive float32 (checked exhaustively; the tests: 1 ulp). A caller's
 * low part c of 1 + f (log(1 + f + c)) enters as c / (1 + f) ~ c (1 - f (1 - f)).
 */
#ifndef SX_VLOG_F32_H
#define SX_VLOG_F32_H
#if SX_X86

/* k ln2 + log(1 + f) + low, low a tiny term */
SX_TARGET512 static inline __m512 sx_vlog_core16(__m512 f, __m512 k, __m512 low) {
    __m512 s = _mm512_div_ps(f, _mm512_add_ps(f, _mm512_set1_ps(2.0f)));
    __m512 z = _mm512_mul_ps(s, s);
    __m512 r = _mm512_fmadd_ps(_mm512_set1_ps(2.0f / 9.0f), z, _mm512_set1_ps(2.0f / 7.0f));
    r = _mm512_fmadd_ps(r, z, _mm512_set1_ps(0.4f));
    r = _mm512_fmadd_ps(r, z, _mm512_set1_ps(2.0f / 3.0f));
    r = _mm512_mul_ps(r, z);
    __m512 half_f2 = _mm512_mul_ps(_mm512_mul_ps(f, f), _mm512_set1_ps(0.5f));
    low = _mm512_fmadd_ps(k, _mm512_set1_ps(1.428606765330187e-06f), low);
    __m512 small = _mm512_fmadd_ps(s, _mm512_add_ps(half_f2, r), low);
    __m512 log_m = _mm512_sub_ps(f, _mm512_sub_ps(half_f2, small));
    return _mm512_fmadd_ps(k, _mm512_set1_ps(0.693145751953125f), log_m);
}

/* k ln2 + log(1 + f + c) */
SX_TARGET512 static inline __m512 sx_log_core16(__m512 f, __m512 k, __m512 c) {
    const __m512 one = _mm512_set1_ps(1.0f);
    return sx_vlog_core16(f, k, _mm512_mul_ps(c, _mm512_fnmadd_ps(f, _mm512_sub_ps(one, f), one)));
}

/* log x of positive x (subnormals too: getmant and getexp normalise them) */
SX_TARGET512 static inline __m512 log16_f32(__m512 x) {
    __m512 m = _mm512_getmant_ps(x, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_zero);
    __m512 k = _mm512_getexp_ps(x);
    __mmask16 big = _mm512_cmp_ps_mask(m, _mm512_set1_ps(1.41421356f), _CMP_GT_OQ);
    m = _mm512_mask_mul_ps(m, big, m, _mm512_set1_ps(0.5f));
    k = _mm512_mask_add_ps(k, big, k, _mm512_set1_ps(1.0f));
    return sx_vlog_core16(_mm512_sub_ps(m, _mm512_set1_ps(1.0f)), k, _mm512_setzero_ps());
}

/* sx_vlog_core16, eight lanes */
SX_TARGET static inline __m256 sx_vlog_core8f(__m256 f, __m256 k, __m256 low) {
    __m256 s = _mm256_div_ps(f, _mm256_add_ps(f, _mm256_set1_ps(2.0f)));
    __m256 z = _mm256_mul_ps(s, s);
    __m256 r = _mm256_fmadd_ps(_mm256_set1_ps(2.0f / 9.0f), z, _mm256_set1_ps(2.0f / 7.0f));
    r = _mm256_fmadd_ps(r, z, _mm256_set1_ps(0.4f));
    r = _mm256_fmadd_ps(r, z, _mm256_set1_ps(2.0f / 3.0f));
    r = _mm256_mul_ps(r, z);
    __m256 half_f2 = _mm256_mul_ps(_mm256_mul_ps(f, f), _mm256_set1_ps(0.5f));
    low = _mm256_fmadd_ps(k, _mm256_set1_ps(1.428606765330187e-06f), low);
    __m256 small = _mm256_fmadd_ps(s, _mm256_add_ps(half_f2, r), low);
    __m256 log_m = _mm256_sub_ps(f, _mm256_sub_ps(half_f2, small));
    return _mm256_fmadd_ps(k, _mm256_set1_ps(0.693145751953125f), log_m);
}

SX_TARGET static inline __m256 sx_log_core8f(__m256 f, __m256 k, __m256 c) {
    const __m256 one = _mm256_set1_ps(1.0f);
    return sx_vlog_core8f(f, k, _mm256_mul_ps(c, _mm256_fnmadd_ps(f, _mm256_sub_ps(one, f), one)));
}

/* u = 2^k (1 + f) of positive normal u, from its bits */
SX_TARGET static inline __m256 sx_split8f(__m256 u, __m256 *k) {
    __m256i bits = _mm256_castps_si256(u);
    __m256 m = _mm256_castsi256_ps(_mm256_or_si256(
        _mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f800000)));
    __m256 e = _mm256_cvtepi32_ps(
        _mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(127)));
    __m256 big = _mm256_cmp_ps(m, _mm256_set1_ps(1.41421356f), _CMP_GT_OQ);
    m = _mm256_blendv_ps(m, _mm256_mul_ps(m, _mm256_set1_ps(0.5f)), big);
    *k = _mm256_add_ps(e, _mm256_and_ps(big, _mm256_set1_ps(1.0f)));
    return _mm256_sub_ps(m, _mm256_set1_ps(1.0f));
}

/* log x of positive normal x (callers send the other lanes to the C library) */
SX_TARGET static inline __m256 log8_f32(__m256 x) {
    __m256 k, f = sx_split8f(x, &k);
    return sx_vlog_core8f(f, k, _mm256_setzero_ps());
}

#endif
#endif
