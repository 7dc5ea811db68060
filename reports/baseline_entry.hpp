#pragma once
// What a baseline store says about each result it keeps: where and when it
// was saved, which scenario it ran, on which machine and build, and its
// headline figures. Read from the result itself, so the stored file stays the
// untouched result.json that any other command can take.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// The machine and build the result was measured on (its run.testbed).
struct BaselineTestbed {
    bool recorded = false;  // false: a schema version 1 result, from before testbeds were recorded
    std::string cpu_model;
    int cores = 0;
    std::string kernel;
    std::string throng_version;
    std::string build_type;
    std::string hostname;
};

// All requests of the result, as its summary table shows them.
struct BaselineFigures {
    std::uint64_t requests = 0;
    double error_rate = 0;                         // 0..1
    std::optional<double> p50_ms, p95_ms, p99_ms;  // absent when nothing was measured
};

struct BaselineEntry {
    std::string name;            // the baseline's name, e.g. "main"
    std::filesystem::path file;  // the stored result
    std::string saved_at;        // UTC with milliseconds: "2026-12-04T17:28:00.123Z"
    int schema_version = 0;
    std::string scenario_name;
    std::string scenario_hash;  // empty when the result has none (schema version 1)
    BaselineTestbed testbed;
    std::string throng_version;  // of the throng that ran it
    std::string started_at;      // when the run started
    std::string verdict;         // "passed", "thresholds_failed", ...
    BaselineFigures figures;
};

// Fills everything but name, file and saved_at. Tolerates missing or
// mistyped fields (a result saved with --force): they stay empty.
BaselineEntry describe_baseline(const nlohmann::json& result);

// Why `result` must not become a baseline, or nullopt if it may: not a throng
// result (no schema_version), a schema version newer than this throng
// knows, or an interrupted run (a partial run would fail every later gate).
std::optional<std::string> unfit_for_baseline(const nlohmann::json& result);

}  // namespace throng::reports
