#pragma once
// What a test may and may not assume about how fast this machine is today.
//
// Tests run under ctest -j on a shared 2-core runner, and again in sanitizer
// builds whose code is 2 to 20 times slower. So a test never asserts an
// absolute latency or throughput; it waits for the state it needs (not for a
// fixed time), and it derives bounds from the scenario it ran. The one
// exception is the bundled examples, whose own thresholds are absolute
// latencies a user would write: in an optimized build they hold with a wide
// margin; under a sanitizer they may not, and only they may fail there.
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

namespace throng::test {

#ifdef THRONG_SANITIZED
inline constexpr bool sanitized_build = true;
#else
inline constexpr bool sanitized_build = false;
#endif

// Polls `ready` every 20 ms until it holds or `limit` passes; returns whether it held.
inline bool wait_until(const std::function<bool()>& ready, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!ready()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

// A threshold whose outcome depends on the machine's speed: an absolute
// latency, a rate per second, or the share of all checks (which includes
// latency_below checks).
inline bool speed_bound(const nlohmann::json& threshold) {
    const std::string unit = threshold.value("unit", "");
    if (unit == "ms" || unit == "1/s") return true;  // latency or response time; requests or iterations per second
    return threshold.value("key", "") == "checks";
}

// Thresholds that failed although they do not depend on the machine's speed.
inline std::string failed_for_other_reasons(const nlohmann::json& result) {
    std::string failed;
    for (const auto& t : result["thresholds"])
        if (!t["passed"].get<bool>() && !speed_bound(t))
            failed += t["key"].get<std::string>() + " " + t["expression"].get<std::string>() + "; ";
    return failed;
}

}  // namespace throng::test
