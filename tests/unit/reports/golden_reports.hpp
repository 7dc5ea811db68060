#pragma once
// Golden report files: tests/golden/reports/<fixture>.<extension> holds
// exactly what a writer makes of tests/golden/results/<fixture>.json.
// THRONG_UPDATE_GOLDEN=1 rewrites them from what the writer makes; review
// the diff before committing it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/result_fixtures.hpp"

namespace throng::test {

inline void check_golden_reports(const std::string& extension,
                                 const std::function<std::string(const nlohmann::json&)>& render) {
    const auto dir = std::filesystem::path(THRONG_SOURCE_DIR) / "tests" / "golden" / "reports";
    const char* update = std::getenv("THRONG_UPDATE_GOLDEN");
    const bool updating = update != nullptr && std::string(update) == "1";
    const auto fixtures = result_fixture_names();
    CHECK(fixtures.size() >= 7);
    for (const auto& name : fixtures) {
        INFO(name);
        const std::string actual = render(load_result_fixture(name));
        const auto golden = dir / (name + "." + extension);
        if (updating) {
            std::filesystem::create_directories(dir);
            std::ofstream(golden, std::ios::binary) << actual;
            continue;
        }
        REQUIRE(std::filesystem::exists(golden));
        std::ifstream in(golden, std::ios::binary);
        std::ostringstream expected;
        expected << in.rdbuf();
        CHECK(actual == expected.str());
    }
}

}  // namespace throng::test
