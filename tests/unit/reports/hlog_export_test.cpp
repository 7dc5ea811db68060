#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "harness/core/histogram.hpp"
#include "harness/core/histogram_codec.hpp"
#include "reports/hlog_export.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;

TEST_CASE("interval logs get one distinct file per step and kind, even for look-alike names", "[reports][hlog]") {
    throng::core::Histogram h;
    h.record(1'000'000);
    const std::string encoded = throng::core::encode_compressed(h);
    json result = {
        {"schema_version", 1},
        {"run", {{"started_at_epoch_s", 1.7e9}}},
        {"steps", json::array({{{"name", "a b"}}, {{"name", "a_b"}}, {{"name", "a_b-1"}}, {{"name", "A_B"}}})},
        {"intervals", json::array()}};
    json per_step = json::array();
    for (int i = 0; i < 4; ++i) per_step.push_back({{"service_time", encoded}});
    result["intervals"].push_back({{"start_s", 0.0}, {"length_s", 1.0}, {"histograms", per_step}});

    throng::test::TempDir dir;
    const auto written = throng::reports::write_interval_logs(result, dir.path());
    REQUIRE(written.size() == 4);  // service_time only: no response_time was recorded
    std::set<std::string> names;
    for (const auto& p : written) {
        CHECK(std::filesystem::exists(p));
        std::string lower = p.filename().string();
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        names.insert(lower);
    }
    CHECK(names.size() == 4);
}

TEST_CASE("interval logs refuse what is not a throng result", "[reports][hlog]") {
    throng::test::TempDir dir;
    CHECK_THROWS_WITH(throng::reports::write_interval_logs(json{{"hello", 1}}, dir.path()),
                      Catch::Contains("not a throng result"));
    CHECK_THROWS_WITH(throng::reports::write_interval_logs(json{{"schema_version", 99}}, dir.path()),
                      Catch::Contains("schema_version"));
}
