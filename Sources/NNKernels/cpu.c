// What this CPU can do, read once with cpuid: which kernels may run, and
// which OpenBLAS core type to ask for.
#include "NNKernels.h"
#include <stddef.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

#if defined(__x86_64__)
/// The extended state the OS saves on a context switch (XCR0).
static unsigned long long nn_cpu_xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}
#endif

/// 1 when the CPU and the OS support FMA3 on AVX registers, else 0.
int nn_cpu_has_fma(void) {
#if defined(__x86_64__)
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned fma = 1u << 12, osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (fma | osxsave | avx)) != (fma | osxsave | avx)) return 0;
    return (nn_cpu_xcr0() & 0x6) == 0x6;
#else
    return 0;
#endif
}

/// OpenBLAS's name for the best kernel set of this CPU, or NULL to let it choose.
///
/// ```
/// AVX-512 F, DQ, BW, VL (OS saves ZMM)  → SkylakeX
/// AVX2 and FMA3                          → Haswell
/// AVX                                    → Sandybridge
/// ```
const char *nn_openblas_coretype(void) {
#if defined(__x86_64__)
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return NULL;
    const unsigned osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (osxsave | avx)) != (osxsave | avx)) return NULL;
    unsigned long long xcr0 = nn_cpu_xcr0();
    if ((xcr0 & 0x6) != 0x6) return NULL;
    unsigned int b7 = 0;
    if (__get_cpuid_max(0, NULL) >= 7) __cpuid_count(7, 0, a, b7, c, d);
    const unsigned avx2 = 1u << 5;
    const unsigned avx512 = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);
    if ((b7 & avx512) == avx512 && (xcr0 & 0xE6) == 0xE6) return "SkylakeX";
    if ((b7 & avx2) && nn_cpu_has_fma()) return "Haswell";
    return "Sandybridge";
#else
    return NULL;
#endif
}

#if defined(__x86_64__)
/// EBX of cpuid leaf 7 (AVX2 is bit 5, AVX-512 F bit 16) where FMA3 runs, else 0.
static unsigned int nn_cpu_leaf7_ebx_with_fma(void) {
    unsigned int a, b, c, d;
    if (!nn_cpu_has_fma() || __get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return b;
}
#endif

/// 1 when the CPU and the OS support AVX2 and FMA3 (YMM state saved), else 0.
int nn_cpu_has_avx2(void) {
#if defined(__x86_64__)
    return (nn_cpu_leaf7_ebx_with_fma() & (1u << 5)) != 0;
#else
    return 0;
#endif
}

/// 1 when the CPU and the OS support AVX-512 F (ZMM state saved), else 0.
int nn_cpu_has_avx512(void) {
#if defined(__x86_64__)
    return (nn_cpu_leaf7_ebx_with_fma() & (1u << 16)) != 0 && (nn_cpu_xcr0() & 0xE6) == 0xE6;
#else
    return 0;
#endif
}

