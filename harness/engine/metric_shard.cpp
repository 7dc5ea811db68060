#include "harness/engine/metric_shard.hpp"

namespace throng::engine {

MetricShard::MetricShard(std::size_t step_count, core::Nanos expected_interval, std::size_t check_count)
    : steps_(step_count), checks_(check_count), expected_interval_(expected_interval) {}

void MetricShard::reset() {
    for (StepCounters& s : steps_) {
        s.requests = s.responses = 0;
        s.errors.fill(0);
        s.bytes_sent = s.bytes_received = s.bytes_decoded = 0;
        s.statuses.fill(0);
        s.latency.reset();
        s.response_time.reset();
        s.rules_time.reset();
        if (s.phases) s.phases->reset();
        s.codes.clear();
    }
    for (CheckCounters& c : checks_) c = {};
    iterations_completed_ = iterations_interrupted_ = iterations_started_ = iterations_dropped_ = 0;
    send_lag_.reset();
    loop_lag_.reset();
    active_vus = 0;
}

void MetricShard::count_code(StepCounters& s, const core::ErrorCode& code) {
    for (auto& [known, n] : s.codes) {
        if (known == code) {
            ++n;
            return;
        }
    }
    s.codes.emplace_back(code, 1);
}

void MetricShard::merge_checks_into(std::vector<core::CheckResult>& checks, std::size_t first) const {
    for (std::size_t i = 0; i < checks_.size(); ++i) {
        checks[first + i].passes += checks_[i].passes;
        checks[first + i].fails += checks_[i].fails;
    }
}

std::uint64_t MetricShard::check_passes() const {
    std::uint64_t n = 0;
    for (const auto& c : checks_) n += c.passes;
    return n;
}

std::uint64_t MetricShard::check_fails() const {
    std::uint64_t n = 0;
    for (const auto& c : checks_) n += c.fails;
    return n;
}

void MetricShard::merge_into(std::vector<core::StepResult>& steps, std::size_t first) const {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
        const StepCounters& from = steps_[i];
        core::StepResult& to = steps[first + i];
        to.requests += from.requests;
        to.responses += from.responses;
        for (std::size_t e = 0; e < from.errors.size(); ++e) to.errors[e] += from.errors[e];
        to.bytes_sent += from.bytes_sent;
        to.bytes_received += from.bytes_received;
        to.bytes_decoded += from.bytes_decoded;
        for (int status = 0; status < max_status; ++status)
            if (from.statuses[status] != 0) to.statuses[status] += from.statuses[status];
        for (const auto& [code, n] : from.codes) to.error_codes[std::string(code.view())] += n;
        to.latency.merge(from.latency);
        to.response_time.merge(from.response_time);
        to.rules_time.merge(from.rules_time);
        if (from.phases) {
            if (!to.phases) to.phases.emplace();
            to.phases->merge(*from.phases);
        }
    }
}

}  // namespace throng::engine
