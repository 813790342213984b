// What the processor can run, asked from the processor itself (the `cpuid` and `xgetbv` instructions),
// so that the library can choose faster code paths at run time instead of at build time.
#ifndef CCPUID_H
#define CCPUID_H

/// Bit 0: AVX2 and FMA are usable (the CPU has them and the operating system saves their registers).
/// Bit 1: AVX-512 F, CD, BW, DQ and VL are usable. Always 0 on processors other than x86-64.
int ccpuid_vector_features(void);

/// Writes the processor's brand string (at most 48 characters and a terminating zero) into `out`,
/// or an empty string where the processor does not report one.
void ccpuid_brand_string(char out[49]);

#endif
