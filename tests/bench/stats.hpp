#pragma once
// Medians and percentiles of a handful of measurements.

#include <algorithm>
#include <cmath>
#include <vector>

namespace registre::bench {

// The value below which `p` (0-1) of the samples fall (nearest rank). REQUIRES: non-empty.
inline double percentile(std::vector<double> samples, double p) {
  std::sort(samples.begin(), samples.end());
  std::size_t rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size())));
  if (rank > 0) --rank;
  return samples[std::min(rank, samples.size() - 1)];
}

// The middle value; the mean of the two middle ones for an even count. REQUIRES: non-empty.
inline double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

}  // namespace registre::bench
