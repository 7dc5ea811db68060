#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "harness/engine/progress.hpp"

using throng::core::Interval;
using throng::core::RunResult;
using throng::engine::IntervalUpdate;
using throng::engine::ProgressPrinter;

namespace {
std::string printed(bool terminal, const std::vector<double>& elapsed, bool stop_at_end) {
    std::FILE* f = std::tmpfile();
    ProgressPrinter printer(f, terminal, 5.0);
    RunResult so_far;
    Interval iv;
    iv.length_s = 1;
    iv.requests = 1000;
    iv.errors = 10;
    iv.vus = 7;
    iv.p95 = 4'200'000;
    iv.max = 9'000'000;
    for (std::size_t i = 0; i < elapsed.size(); ++i) {
        const bool stopping = stop_at_end && i + 1 >= elapsed.size() - 1;
        printer.update(IntervalUpdate{iv, so_far, elapsed[i], 20, stopping});
    }
    printer.finish();
    std::rewind(f);
    std::string text;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
    return text;
}
std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}
}  // namespace

TEST_CASE("on a terminal, progress rewrites one line", "[engine][progress]") {
    const auto text = printed(true, {1, 2, 3}, false);
    CHECK(count(text, "\r\033[K") == 3);
    CHECK(count(text, "\n") == 1);  // only the final one
    CHECK(text.find("vus    7") != std::string::npos);
    CHECK(text.find("1000 req/s") != std::string::npos);
    CHECK(text.find("4.20ms") != std::string::npos);
    CHECK(text.find("1.00%") != std::string::npos);
}

TEST_CASE("in a log, progress prints a plain line every few seconds and one at the end", "[engine][progress]") {
    const auto text = printed(false, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 20.5}, true);
    CHECK(text.find('\r') == std::string::npos);
    CHECK(text.find("\033") == std::string::npos);
    // At 5 s, 10 s, and the first stopping interval (20 s); not the last one.
    CHECK(count(text, "\n") == 3);
    CHECK(count(text, "(stopping)") == 1);
}
