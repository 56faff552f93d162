// Philox4x32-10 over eight counters at once (core/rng.hpp, first_blocks). The rounds are
// Random123's (philox.h): the same multipliers and key increments, so the words are the ones
// r123::Philox4x32 gives one counter at a time (tests/core/test_rng.cpp checks this). Processors
// with AVX2 run eight lanes in vector registers; others run Random123's own code lane by lane.
#include <Random123/philox.h>

#include <algorithm>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "core/rng.hpp"

namespace hwsim {

namespace {

constexpr std::size_t kLanes = 8;

// Eight counters (word 0 and word 3 shared, words 1 and 2 per lane) through the ten rounds.
// out holds word w of lane k at out[w * kLanes + k].
using LanesFn = void (*)(std::uint32_t k0, std::uint32_t k1, std::uint32_t c0,
                         const std::uint32_t* c1, const std::uint32_t* c2, std::uint32_t c3,
                         std::uint32_t* out);

void lanes_scalar(std::uint32_t k0, std::uint32_t k1, std::uint32_t c0, const std::uint32_t* c1,
                  const std::uint32_t* c2, std::uint32_t c3, std::uint32_t* out) {
  const r123::Philox4x32::key_type key{{k0, k1}};
  for (std::size_t k = 0; k < kLanes; ++k) {
    const auto w = r123::Philox4x32{}(r123::Philox4x32::ctr_type{{c0, c1[k], c2[k], c3}}, key);
    for (std::size_t j = 0; j < 4; ++j) out[j * kLanes + k] = w.v[j];
  }
}

#if defined(__x86_64__)
// AVX2: vpmuludq gives the 64-bit products of the even 32-bit lanes; the odd lanes are shifted
// down to be multiplied, and the low and high halves blended back into place.
__attribute__((target("avx2"))) void lanes_avx2(std::uint32_t k0, std::uint32_t k1,
                                                std::uint32_t c0, const std::uint32_t* c1,
                                                const std::uint32_t* c2, std::uint32_t c3,
                                                std::uint32_t* out) {
  const __m256i m0 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_0));
  const __m256i m1 = _mm256_set1_epi32(static_cast<int>(PHILOX_M4x32_1));
  __m256i x0 = _mm256_set1_epi32(static_cast<int>(c0));
  __m256i x1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c1));
  __m256i x2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c2));
  __m256i x3 = _mm256_set1_epi32(static_cast<int>(c3));
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += PHILOX_W32_0;
      k1 += PHILOX_W32_1;
    }
    const __m256i even0 = _mm256_mul_epu32(x0, m0);
    const __m256i odd0 = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m0);
    const __m256i even1 = _mm256_mul_epu32(x2, m1);
    const __m256i odd1 = _mm256_mul_epu32(_mm256_srli_epi64(x2, 32), m1);
    const __m256i lo0 = _mm256_blend_epi32(even0, _mm256_slli_epi64(odd0, 32), 0xaa);
    const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(even0, 32), odd0, 0xaa);
    const __m256i lo1 = _mm256_blend_epi32(even1, _mm256_slli_epi64(odd1, 32), 0xaa);
    const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(even1, 32), odd1, 0xaa);
    x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), _mm256_set1_epi32(static_cast<int>(k0)));
    x1 = lo1;
    x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), _mm256_set1_epi32(static_cast<int>(k1)));
    x3 = lo0;
  }
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), x0);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + kLanes), x1);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 2 * kLanes), x2);
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 3 * kLanes), x3);
}
#endif

// The processor is asked once.
LanesFn lanes_for_this_cpu() {
#if defined(__x86_64__)
  __builtin_cpu_init();  // needed before main (this runs in a static initialiser)
  if (__builtin_cpu_supports("avx2")) return lanes_avx2;
#endif
  return lanes_scalar;
}
const LanesFn philox_lanes = lanes_for_this_cpu();

}  // namespace

void first_blocks(std::uint64_t seed, std::uint32_t replication, std::uint32_t month,
                  Process process, const std::uint64_t* agents, std::size_t n,
                  std::array<std::uint32_t, 4>* out) {
  // The counter layout of Stream's constructor, block 0.
  const auto k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
  const std::uint32_t c3 = (static_cast<std::uint32_t>(process) << 24) | (replication & 0xffffffu);
  for (std::size_t b = 0; b < n; b += kLanes) {
    const std::size_t m = std::min(kLanes, n - b);
    std::uint32_t c1[kLanes]{}, c2[kLanes]{}, words[4 * kLanes];
    for (std::size_t k = 0; k < m; ++k) {
      const std::uint64_t a = agents[b + k];
      c1[k] = static_cast<std::uint32_t>(a);
      c2[k] = (static_cast<std::uint32_t>((a >> 32) & 0xffu) << 24) | (month & 0xffffffu);
    }
    philox_lanes(k0, k1, 0u, c1, c2, c3, words);
    for (std::size_t k = 0; k < m; ++k)
      for (std::size_t w = 0; w < 4; ++w) out[b + k][w] = words[w * kLanes + k];
  }
}

}  // namespace hwsim
