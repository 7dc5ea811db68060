#include "reports/false_discovery.hpp"

#include <algorithm>
#include <numeric>

namespace throng::reports::gate {

std::vector<double> benjamini_hochberg(const std::vector<double>& p_values) {
    const std::size_t m = p_values.size();
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
    std::vector<double> q(m);
    double running = 1.0;
    // From the largest p-value down: q(i) = min over j >= i of p(j) * m / j.
    for (std::size_t rank = m; rank >= 1; --rank) {
        const std::size_t i = order[rank - 1];
        running = std::min(running, p_values[i] * static_cast<double>(m) / static_cast<double>(rank));
        q[i] = std::min(running, 1.0);
    }
    return q;
}

}  // namespace throng::reports::gate
