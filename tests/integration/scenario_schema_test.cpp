// scenarios/scenario.schema.json, checked by an independent validator
// (python3-jsonschema), agrees with throng's own parser: both accept every
// bundled scenario and a few good ones, both reject known-bad ones.
#include <catch2/catch.hpp>

#include <filesystem>

#include "harness/core/json.hpp"
#include "support/json_schema.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using throng::test::run_process;
using throng::test::TempDir;

namespace {

const fs::path source_dir = THRONG_SOURCE_DIR;

// True if the schema accepts the scenario text (comments allowed: our own
// reader strips them first, as throng does).
bool schema_accepts(const std::string& scenario_text, std::string& why) {
    TempDir dir;
    const auto plain = dir.write("plain.json", throng::core::json::parse(scenario_text).dump());
    return throng::test::validates_against(source_dir / "scenarios" / "scenario.schema.json", plain, why);
}

bool throng_accepts(const std::string& scenario_text) {
    TempDir dir;
    const auto file = dir.write("s.json", scenario_text);
    return run_process({THRONG_BINARY, "validate", file.string()}, dir.path()).exit_code == 0;
}

}  // namespace

TEST_CASE("every bundled scenario follows the scenario schema", "[integration][schema]") {
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(source_dir / "scenarios")) {
        const auto name = entry.path().filename().string();
        if (entry.path().extension() != ".json" || name.ends_with(".schema.json")) continue;
        const std::string text = throng::test::read_text(entry.path());
        std::string why;
        INFO(name << ": " << why);
        CHECK(schema_accepts(text, why));
        CHECK(throng_accepts(text));
        ++checked;
    }
    CHECK(checked >= 1);
}

TEST_CASE("the scenario schema and throng agree on good and bad scenarios", "[integration][schema]") {
    const std::string good[] = {
        R"({"target": "http://127.0.0.1:8080", "executor": {"type": "constant-vus", "vus": 2, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}], "thresholds": {"service_time{step:GET /}": "p(99)<1s"}})",
        R"({"target": {"url": "embedded:demo", "connect_timeout": 2},
            "executor": {"type": "ramping-arrival-rate", "start_rate": "0/s", "stages": [{"duration": "5s", "target": "600/m"}],
                         "pre_allocated_vus": 2, "max_vus": 4, "on_saturation": "drop", "arrivals": "poisson"},
            "think_time": {"between_steps": {"distribution": "exponential", "mean": "10ms", "max": "1s"}},
            "flows": [{"name": "a", "weight": 2, "steps": [{"name": "x", "http": {"method": "POST", "path": "/echo", "body": {"k": 1}}}]}]})",
        R"({"target": "embedded:demo", "executor": {"type": "constant-arrival-rate", "rate": 10, "duration": "1s"},
            "steps": [{"http": {"path": "/health", "headers": {"X-Id": "1"}, "timeout": "500ms"}}]})",
    };
    const std::string bad[] = {
        // an unknown key
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}], "thnk_time": {}})",
        // vus must be an integer
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": "many", "duration": "1s"},
            "steps": [{"http": {"path": "/"}}]})",
        // no target
        R"({"executor": {"type": "constant-vus", "vus": 1, "duration": "1s"}, "steps": [{"http": {"path": "/"}}]})",
        // a key of another executor type
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s", "rate": 5},
            "steps": [{"http": {"path": "/"}}]})",
        // not a duration
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "5 s"},
            "steps": [{"http": {"path": "/"}}]})",
        // both flows and steps
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}], "flows": [{"steps": [{"http": {"path": "/"}}]}]})",
        // a path without its leading slash
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "items"}}]})",
        // an unknown threshold metric
        R"({"target": "embedded:demo", "executor": {"type": "constant-vus", "vus": 1, "duration": "1s"},
            "steps": [{"http": {"path": "/"}}], "thresholds": {"latncy": ["p(95)<1s"]}})",
    };
    for (const auto& text : good) {
        std::string why;
        INFO(text << "\n" << why);
        CHECK(schema_accepts(text, why));
        CHECK(throng_accepts(text));
    }
    for (const auto& text : bad) {
        std::string why;
        INFO(text);
        CHECK_FALSE(schema_accepts(text, why));
        CHECK_FALSE(throng_accepts(text));
    }
}
