#include "harness/core/run_result.hpp"

namespace throng::core {

std::uint64_t StepResult::error_count() const {
    std::uint64_t n = 0;
    for (std::size_t i = 1; i < errors.size(); ++i) n += errors[i];
    return n;
}

double StepResult::error_rate() const {
    return requests == 0 ? 0.0 : static_cast<double>(error_count()) / static_cast<double>(requests);
}

void StepResult::merge(const StepResult& other) {
    requests += other.requests;
    responses += other.responses;
    for (std::size_t i = 0; i < errors.size(); ++i) errors[i] += other.errors[i];
    for (const auto& [status, n] : other.statuses) statuses[status] += n;
    for (const auto& [code, n] : other.error_codes) error_codes[code] += n;
    bytes_sent += other.bytes_sent;
    bytes_received += other.bytes_received;
    bytes_decoded += other.bytes_decoded;
    latency.merge(other.latency);
    response_time.merge(other.response_time);
    rules_time.merge(other.rules_time);
    if (other.phases) {
        if (!phases) phases.emplace();
        phases->merge(*other.phases);
    }
}

bool RunResult::thresholds_passed() const {
    for (const auto& t : thresholds)
        if (!t.passed) return false;
    return true;
}

}  // namespace throng::core
