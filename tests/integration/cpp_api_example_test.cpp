// The C++ plan API example (examples/cpp-api) runs its load test against the
// demo service in its own process and passes its thresholds.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "support/machine_speed.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;

TEST_CASE("the C++ plan API example runs and passes its thresholds", "[integration][example]") {
    throng::test::TempDir dir;
    const auto r = throng::test::run_process({THRONG_CPP_API_EXAMPLE, "out"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code >= 0);
    const json result = json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    CHECK(result["scenario"]["name"] == "cpp-api");
    CHECK(result["total"]["requests"].get<std::uint64_t>() > 0);
    CHECK(result["total"]["errors"]["total"] == 0);
    for (const auto& check : result["checks"])
        if (check["name"] != "under 250ms") CHECK(check["fails"] == 0);
    // Its latency thresholds (and the latency check that the check rate
    // includes) are absolute: an optimized build meets them many times over;
    // a sanitizer build may not.
    CHECK(throng::test::failed_for_other_reasons(result) == "");
    CHECK(r.exit_code == (throng::test::sanitized_build && !result["passed"].get<bool>() ? 1 : 0));
    CHECK(r.out.find("result: out/result.json") != std::string::npos);
}
