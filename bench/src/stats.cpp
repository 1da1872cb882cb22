#include "stats.hpp"

#include <algorithm>
#include <stdexcept>

namespace bench {

Summary summarize(std::vector<double> values) {
    if (values.empty()) throw std::invalid_argument("summarize: empty sample");
    std::sort(values.begin(), values.end());
    Summary summary;
    summary.count = values.size();
    summary.min = values.front();
    summary.max = values.back();
    std::size_t middle = values.size() / 2;
    summary.median = values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    return summary;
}

std::vector<double> pairwise_ratios(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) throw std::invalid_argument("pairwise_ratios: series of different lengths");
    std::vector<double> ratios;
    ratios.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) ratios.push_back(a[i] / b[i]);
    return ratios;
}

}  // namespace bench
