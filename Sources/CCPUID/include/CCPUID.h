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

/// Makes this thread's float arithmetic treat subnormal numbers (below 1.2e-38 in float32) as zero, in
/// results and inputs (x86-64: the FTZ and DAZ bits of MXCSR; arm64: FZ of FPCR). Subnormals take a slow
/// microcode path on x86 (tens to hundreds of times slower per operation); a saturated GAN makes whole
/// layers of them. Per thread: call it on every thread that computes.
void ccpuid_flush_subnormals_to_zero(void);

#endif
