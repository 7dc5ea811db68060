#include "reports/baseline_entry.hpp"

#include <nlohmann/json.hpp>

#include "reports/result_json.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

// Lookups that answer "absent" instead of throwing: a forced save may have
// stored a result of any shape, and listing the store must still work.
const json* member(const json* object, const char* key) {
    if (object == nullptr || !object->is_object()) return nullptr;
    const auto it = object->find(key);
    return it == object->end() ? nullptr : &*it;
}

std::string text(const json* value) { return value != nullptr && value->is_string() ? value->get<std::string>() : ""; }

std::optional<double> number(const json* value) {
    if (value == nullptr || !value->is_number()) return std::nullopt;
    return value->get<double>();
}

std::optional<long long> whole_number(const json* value) {
    if (value == nullptr || !value->is_number_integer()) return std::nullopt;
    return value->get<long long>();
}

BaselineTestbed testbed_of(const json* testbed) {
    BaselineTestbed out;
    if (testbed == nullptr || !testbed->is_object()) return out;
    out.recorded = true;
    out.cpu_model = text(member(testbed, "cpu_model"));
    out.cores = static_cast<int>(whole_number(member(testbed, "cores")).value_or(0));
    out.kernel = text(member(testbed, "kernel"));
    out.throng_version = text(member(testbed, "throng_version"));
    out.build_type = text(member(testbed, "build_type"));
    out.hostname = text(member(testbed, "hostname"));
    return out;
}

BaselineFigures figures_of(const json* total) {
    BaselineFigures out;
    const auto requests = whole_number(member(total, "requests"));
    out.requests = requests && *requests > 0 ? static_cast<std::uint64_t>(*requests) : 0;
    out.error_rate = number(member(member(total, "errors"), "rate")).value_or(0.0);
    const json* latency = member(total, "latency_ms");
    out.p50_ms = number(member(latency, "p50"));
    out.p95_ms = number(member(latency, "p95"));
    out.p99_ms = number(member(latency, "p99"));
    return out;
}

// Version 2 results carry their verdict; version 1 results are judged the
// way version 2 would have been.
std::string verdict_from(const json& result) {
    if (auto word = text(member(&result, "verdict")); !word.empty()) return word;
    try {
        return verdict_of(result);
    } catch (const json::exception&) {
        return "";
    }
}

}  // namespace

BaselineEntry describe_baseline(const json& result) {
    BaselineEntry out;
    out.schema_version = static_cast<int>(whole_number(member(&result, "schema_version")).value_or(0));
    const json* scenario = member(&result, "scenario");
    out.scenario_name = text(member(scenario, "name"));
    out.scenario_hash = text(member(scenario, "hash"));
    const json* run = member(&result, "run");
    out.testbed = testbed_of(member(run, "testbed"));
    out.started_at = text(member(run, "started_at"));
    out.throng_version = text(member(&result, "throng_version"));
    if (out.throng_version.empty()) out.throng_version = out.testbed.throng_version;
    out.verdict = verdict_from(result);
    out.figures = figures_of(member(&result, "total"));
    return out;
}

std::optional<std::string> unfit_for_baseline(const json& result) {
    const auto version = whole_number(member(&result, "schema_version"));
    if (!version || *version < 1)
        return "it is not a throng result: expected a JSON object with a whole-number `schema_version` of 1 or more";
    if (*version > result_schema_version)
        return "its schema_version " + std::to_string(*version) + " is newer than this throng reads (1 to " +
               std::to_string(result_schema_version) + ")";
    const json* run = member(&result, "run");
    if (const json* interrupted = member(run, "interrupted");
        interrupted != nullptr && interrupted->is_boolean() && interrupted->get<bool>()) {
        const auto reason = text(member(run, "interrupt_reason"));
        return "the run was interrupted (run.interrupted is true" + (reason.empty() ? "" : ": " + reason) +
               "), so it is partial and would fail every comparison against it";
    }
    return std::nullopt;
}

}  // namespace throng::reports
