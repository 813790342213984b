#include "CCPUID.h"
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>

static unsigned long long xgetbv0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

int ccpuid_vector_features(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1, fma = (ecx >> 12) & 1;
    if (!osxsave || !avx) return 0;
    const unsigned long long xcr0 = xgetbv0();
    if ((xcr0 & 0x6) != 0x6) return 0;                      /* XMM and YMM state */
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    int features = 0;
    if (((ebx >> 5) & 1) && fma) features |= 1;             /* AVX2 */
    const unsigned int avx512 = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31); /* F DQ CD BW VL */
    if ((features & 1) && (ebx & avx512) == avx512 && (xcr0 & 0xE6) == 0xE6) features |= 2; /* opmask, ZMM state */
    return features;
}

void ccpuid_brand_string(char out[49]) {
    unsigned int regs[12] = {0};
    out[0] = 0;
    if (__get_cpuid_max(0x80000000, 0) < 0x80000004) return;
    for (unsigned int i = 0; i < 3; i++)
        __get_cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2], &regs[4 * i + 3]);
    memcpy(out, regs, 48);
    out[48] = 0;
}

#else

int ccpuid_vector_features(void) { return 0; }
void ccpuid_brand_string(char out[49]) { out[0] = 0; }

#endif

#if defined(__x86_64__)
#include <xmmintrin.h>
void ccpuid_flush_subnormals_to_zero(void) {
    const unsigned int wanted = _mm_getcsr() | 0x8040u;     /* FTZ (bit 15) and DAZ (bit 6) */
    if (_mm_getcsr() != wanted) _mm_setcsr(wanted);
}
#elif defined(__aarch64__)
void ccpuid_flush_subnormals_to_zero(void) {
    unsigned long fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    if (!(fpcr & (1ul << 24))) __asm__ volatile("msr fpcr, %0" : : "r"(fpcr | (1ul << 24)));
}
#else
void ccpuid_flush_subnormals_to_zero(void) {}
#endif
