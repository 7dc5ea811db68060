#include "reports/summary.hpp"

#include <catch2/catch.hpp>

#include <sstream>

#include "report_samples.hpp"

using throng::reports::summary_text;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// The index of the first line starting with `prefix`, or -1.
int find_line(const std::vector<std::string>& lines, const std::string& prefix) {
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].starts_with(prefix)) return static_cast<int>(i);
    return -1;
}

// The whitespace-separated fields of a table row after its label.
std::vector<std::string> fields_after(const std::string& line, std::size_t label_size) {
    std::vector<std::string> out;
    std::istringstream in(line.substr(label_size));
    for (std::string field; in >> field;) out.push_back(field);
    return out;
}

}  // namespace

TEST_CASE("one scenario without groups keeps the plain table", "[reports][summary]") {
    const auto lines = lines_of(summary_text(throng::test::single_scenario_result()));
    const int header = find_line(lines, "step ");
    REQUIRE(header >= 0);
    CHECK(lines[static_cast<std::size_t>(header)].starts_with("step     requests   errors      req/s      p50"));
    // Step rows follow at once, unindented, then all requests.
    CHECK(lines[static_cast<std::size_t>(header) + 1].starts_with("health        100    0.00%       10.0   1.00ms"));
    CHECK(lines[static_cast<std::size_t>(header) + 2].starts_with("item           50    0.00%        5.0   3.00ms"));
    CHECK(lines[static_cast<std::size_t>(header) + 3].starts_with("all           150    0.00%       15.0   1.00ms"));
    CHECK(lines[static_cast<std::size_t>(header) + 4] == "  (service time: response end - request sent)");
    const std::string text = summary_text(throng::test::single_scenario_result());
    CHECK(text.find("checks:") == std::string::npos);
    CHECK(text.find("abort") == std::string::npos);
    CHECK(text.find("iterations: 50 completed, 0 interrupted\n") != std::string::npos);
}

TEST_CASE("several scenarios: steps under their scenario, groups as subtotals", "[reports][summary]") {
    const auto lines = lines_of(summary_text(throng::test::two_scenario_result()));
    const int header = find_line(lines, "step ");
    REQUIRE(header >= 0);
    const std::vector<std::string> labels = {
        "browse (ramping-vus)",        "  home",   "  [checkout]", "    cart", "    [payment]", "      pay",
        "api (constant-arrival-rate)", "  search", "all"};
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto& line = lines[static_cast<std::size_t>(header) + 1 + i];
        INFO(line);
        CHECK(line.starts_with(labels[i]));
    }
    const auto& browse = lines[static_cast<std::size_t>(header) + 1];
    CHECK(browse == "browse (ramping-vus)");  // a heading, no numbers
    // The checkout group is cart and pay merged: 60 requests, 2 errors.
    const auto checkout = fields_after(lines[static_cast<std::size_t>(header) + 3], 12);
    REQUIRE(checkout.size() >= 3);
    CHECK(checkout[0] == "60");
    CHECK(checkout[1] == "3.33%");
    CHECK(checkout[2] == "6.0");
    const auto payment = fields_after(lines[static_cast<std::size_t>(header) + 5], 13);
    REQUIRE(payment.size() >= 2);
    CHECK(payment[0] == "20");
    CHECK(payment[1] == "10.00%");
    CHECK(fields_after(lines[static_cast<std::size_t>(header) + 9], 3).at(0) == "460");  // all, without setup
}

TEST_CASE("groups get subtotals in a single scenario too", "[reports][summary]") {
    auto r = throng::test::single_scenario_result();
    r.steps.push_back(throng::test::sample_step("cart", "default", "checkout", 10, 1'000'000));
    r.steps.push_back(throng::test::sample_step("pay", "default", "checkout", 10, 1'000'000));
    r.steps.push_back(throng::test::sample_step("bye", "default", "", 5, 1'000'000));
    const auto lines = lines_of(summary_text(r));
    const int header = find_line(lines, "step ");
    REQUIRE(header >= 0);
    const std::vector<std::string> labels = {"health ", "item ", "[checkout] ", "  cart ", "  pay ", "bye ", "all "};
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto& line = lines[static_cast<std::size_t>(header) + 1 + i];
        INFO(line);
        CHECK(line.starts_with(labels[i]));
    }
    CHECK(fields_after(lines[static_cast<std::size_t>(header) + 3], 10).at(0) == "20");
}

TEST_CASE("the checks table shows passes, total and pass rate", "[reports][summary]") {
    const std::string text = summary_text(throng::test::two_scenario_result());
    const auto lines = lines_of(text);
    const int checks = find_line(lines, "checks:");
    REQUIRE(checks >= 0);
    const auto& home = lines[static_cast<std::size_t>(checks) + 1];
    const auto& search = lines[static_cast<std::size_t>(checks) + 2];
    const auto& receipt = lines[static_cast<std::size_t>(checks) + 3];
    CHECK(home.starts_with("  ✗ status is 200 (browse/home)"));
    CHECK(fields_after(home, home.find(')') + 1) == std::vector<std::string>{"99/100", "99.00%"});
    CHECK(search.starts_with("  ✓ status is 200 (api/search)"));
    CHECK(fields_after(search, search.find(')') + 1) == std::vector<std::string>{"300/300", "100.00%"});
    CHECK(receipt.starts_with("  ✓ has receipt (browse/pay)"));  // never ran, never failed
    CHECK(fields_after(receipt, receipt.find(')') + 1) == std::vector<std::string>{"0/0", "-"});
}

TEST_CASE("checks name only their step when there is one scenario", "[reports][summary]") {
    auto r = throng::test::single_scenario_result();
    throng::core::CheckResult ok;
    ok.name = "status is 200";
    ok.step = "health";
    ok.scenario = "default";
    ok.passes = 100;
    r.checks = {ok};
    CHECK(summary_text(r).find("  ✓ status is 200 (health)") != std::string::npos);
}

TEST_CASE("a run aborted by a threshold says so, and which", "[reports][summary]") {
    const std::string text = summary_text(throng::test::two_scenario_result());
    const auto lines = lines_of(text);
    CHECK(lines.at(1).ends_with("[ABORTED by a threshold]"));
    CHECK(find_line(lines, "aborted: threshold `p(95)<50ms` on `latency{step:pay}` failed (observed 100ms)") >= 0);
    const int pay = find_line(lines, "  FAIL latency{step:pay}");
    REQUIRE(pay >= 0);
    CHECK(lines[static_cast<std::size_t>(pay)].ends_with("observed 100ms  (abort on fail)"));
    CHECK(find_line(lines, "  FAIL iterations{scenario:api}") >= 0);
    CHECK(text.find("  browse: 20 completed, 1 interrupted\n") != std::string::npos);
    CHECK(text.find("  api: 300 completed, 0 interrupted, 4 dropped\n") != std::string::npos);
}

TEST_CASE("error codes follow the error classes", "[reports][summary]") {
    auto r = throng::test::two_scenario_result();
    r.total.errors[static_cast<std::size_t>(throng::core::ErrorClass::declare("sql_serialization"))] = 3;
    r.total.error_codes = {{"40001", 2}, {"40P01", 1}};
    const std::string text = throng::reports::summary_text(r);
    CHECK(text.find("errors: http_5xx 2 sql_serialization 3\n") != std::string::npos);
    CHECK(text.find("error codes: 40001 2 40P01 1\n") != std::string::npos);
}

TEST_CASE("requests that never connected are told apart from what the target answered", "[reports][summary]") {
    auto r = throng::test::single_scenario_result();
    const std::string plain = summary_text(r);
    CHECK(plain.find("never connected") == std::string::npos);
    r.total.errors[static_cast<std::size_t>(throng::core::ErrorClass::connect_refused)] = 40;
    r.total.errors[static_cast<std::size_t>(throng::core::ErrorClass::connect_timeout)] = 2;
    r.total.requests += 42;
    const std::string text = summary_text(r);
    INFO(text);
    CHECK(text.find("errors: connect_refused 40 connect_timeout 2\n") != std::string::npos);
    CHECK(text.find("never connected: 42 of the requests (40 refused, 2 timed out); the target answered " +
                    std::to_string(r.total.responses)) != std::string::npos);
}
