// Every scenario shipped in scenarios/ and scenarios/examples/ is read
// without errors, so the examples never rot.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/scenario_parsing.hpp"

namespace fs = std::filesystem;

TEST_CASE("every bundled scenario parses", "[scenario][bundled]") {
    const fs::path root = fs::path(THRONG_SOURCE_DIR) / "scenarios";
    int parsed = 0;
    for (const fs::path& dir : {root, root / "examples"}) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            const auto name = entry.path().filename().string();
            if (entry.path().extension() != ".json" || name.ends_with(".schema.json")) continue;
            INFO(entry.path().string());
            try {
                const auto plan = throng::scenarios::load_scenario(entry.path().string(), throng::test::all_protocols(),
                                                                   {throng::test::no_env(), {}});
                CHECK_FALSE(plan.scenarios.empty());
                // Examples stay short: a few seconds of load.
                if (dir != root) CHECK(plan.load_duration() <= std::chrono::seconds(4));
            } catch (const throng::core::InputError& e) {
                FAIL_CHECK(e.what());
            }
            ++parsed;
        }
    }
    CHECK(parsed >= 7);
}

TEST_CASE("bundled examples use what they show", "[scenario][bundled]") {
    const fs::path examples = fs::path(THRONG_SOURCE_DIR) / "scenarios" / "examples";
    const auto load = [&](const std::string& name) {
        return throng::scenarios::load_scenario((examples / name).string(), throng::test::http_only(),
                                                {throng::test::no_env(), {}});
    };
    const auto multi = load("multi-scenario.json");
    REQUIRE(multi.scenarios.size() == 2);
    CHECK(multi.scenarios[1].start_offset == std::chrono::seconds(2));

    const auto feeders = load("feeders.json");
    REQUIRE(feeders.feeders.size() == 2);
    CHECK(feeders.feeders[0]->order == throng::core::FeederSpec::Order::unique);
    CHECK(feeders.feeders[0]->data->size() == 20);
    CHECK(feeders.feeders[1]->order == throng::core::FeederSpec::Order::random);
    CHECK(feeders.scenarios[0].feeders == std::vector<std::size_t>{0, 1});

    const auto correlation = load("correlation.json");
    CHECK(correlation.setup.size() == 1);
    CHECK(correlation.teardown.size() == 1);
}
