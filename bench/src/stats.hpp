#pragma once
// Order statistics of a sample: the report shows median, min and max, never a mean.

#include <cstddef>
#include <vector>

namespace bench {

struct Summary {
    double median = 0;
    double min = 0;
    double max = 0;
    std::size_t count = 0;
};

// Throws std::invalid_argument on an empty sample.
Summary summarize(std::vector<double> values);

// a[i] / b[i] for each pair i: two series measured in the same rounds.
std::vector<double> pairwise_ratios(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace bench
