#include "reports/junit_report.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/atomic_file.hpp"
#include "reports/report_values.hpp"
#include "reports/result_fields.hpp"
#include "reports/text_escape.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

enum class Outcome { passed, failure, error, skipped };

// Built with designated initializers: the members not named stay empty.
struct TestCase {
    std::string name{};
    std::string kind{};  // "thresholds", "gate" or "run": the classname's last part
    Outcome outcome = Outcome::passed;
    std::string type{};     // of a failure or error
    std::string message{};  // of a failure, error or skip
    std::string details{};  // the failure's or error's text, one fact per line
    std::string output{};   // <system-out> of a case that passed
};

struct TestSuite {
    std::string scenario;  // as in the result's "scenarios"
    std::string name;
    std::vector<TestCase> cases;

    std::size_t count(Outcome outcome) const {
        std::size_t n = 0;
        for (const auto& c : cases) n += c.outcome == outcome;
        return n;
    }
};

// The file's own name stands for its implicit single scenario ("default");
// scenarios named in the file are "<file's name>/<scenario>".
std::string suite_name(const json& result, const std::string& scenario) {
    std::string title = fields::scenario_title(result);
    if (scenario.empty() || scenario == "default") return title;
    return title + "/" + scenario;
}

std::vector<TestSuite> empty_suites(const json& result) {
    std::vector<TestSuite> suites;
    for (const auto& scenario : fields::array(result, "scenarios")) {
        const std::string name = fields::text(scenario, "name");
        suites.push_back({name, suite_name(result, name), {}});
    }
    if (suites.empty()) suites.push_back({"", suite_name(result, ""), {}});
    return suites;
}

// Where a threshold or gate metric goes: the suite of the scenario it
// filters on, by a `scenario` tag, else by a step that only that scenario has.
// Without such a filter it judges the run as a whole (all scenarios' steps
// merged), and the first suite stands for the run.
TestSuite& suite_for(std::vector<TestSuite>& suites, const json& result, const std::string& scenario,
                     const std::string& step) {
    std::string wanted = scenario;
    if (wanted.empty() && !step.empty()) {
        for (const auto& s : fields::array(result, "steps")) {
            if (fields::text(s, "name") != step) continue;
            const std::string owner = fields::text(s, "scenario");
            if (!wanted.empty() && owner != wanted) return suites.front();  // a step name several scenarios share
            wanted = owner;
        }
    }
    for (auto& suite : suites)
        if (!wanted.empty() && suite.scenario == wanted) return suite;
    return suites.front();
}

// "service_time" -> "service time"
std::string words(std::string identifier) {
    std::replace(identifier.begin(), identifier.end(), '_', ' ');
    return identifier;
}

TestCase threshold_case(const json& threshold) {
    const std::string key = fields::text(threshold, "key");
    const std::string expression = fields::text(threshold, "expression");
    TestCase c{.name = key + " " + expression, .kind = "thresholds"};
    const bool evaluated = fields::flag(threshold, "evaluated", true) && fields::number(threshold, "observed");
    if (!evaluated) {
        c.outcome = Outcome::skipped;
        c.message = "no data";
    } else if (fields::flag(threshold, "passed", true)) {
        c.output = values::threshold_outcome(threshold);
    } else {
        c.outcome = Outcome::failure;
        c.type = "threshold";
        c.message = values::threshold_outcome(threshold);
        c.details = "metric: " + key + "\nthreshold: " + expression + "\nobserved: " + values::observed(threshold);
        if (auto judges = fields::text(threshold, "judges"); !judges.empty()) c.details += "\njudges: " + words(judges);
        if (fields::flag(threshold, "abort_on_fail")) c.details += "\nabort on fail: yes";
    }
    return c;
}

TestCase metric_case(const json& metric, const json& comparison) {
    TestCase c{.name = fields::text(metric, "key"), .kind = "gate"};
    const std::string verdict = fields::text(metric, "verdict");
    const std::string outcome = values::metric_outcome(metric, comparison);
    if (verdict == "regression") {
        c.outcome = Outcome::failure;
        c.type = "regression";
        c.message = "regression: " + outcome;
        c.details = "baseline: " + values::metric_value(metric, "baseline") +
                    "\ncandidate: " + values::metric_value(metric, "candidate") +
                    "\nchange: " + values::change(metric) + "\ninterval: " + values::interval(metric) +
                    "\ntolerance: " + values::tolerance(metric);
        if (auto q = fields::number(metric, "q_value")) c.details += "\nq-value: " + values::significant(*q, 3);
        if (auto judges = fields::text(metric, "judges"); !judges.empty()) c.details += "\njudges: " + words(judges);
        if (auto method = fields::text(comparison, "method"); !method.empty()) c.details += "\nmethod: " + method;
    } else if (verdict == "inconclusive") {
        c.outcome = Outcome::skipped;
        c.message = "inconclusive: " + outcome;
    } else if (verdict == "no_change" || verdict == "improvement") {
        c.output = (verdict == "improvement" ? "improvement: " : "no change: ") + outcome;
    } else {
        c.outcome = Outcome::error;
        c.type = "unknown_verdict";
        c.message = "unknown verdict \"" + verdict + "\": " + outcome;
    }
    return c;
}

TestCase invalid_gate_case(const json& comparison) {
    TestCase c{.name = "gate",
               .kind = "gate",
               .outcome = Outcome::error,
               .type = "invalid_comparison",
               .message = "the comparison is invalid"};
    const json& reasons = fields::array(comparison, "invalid_reasons");
    for (std::size_t i = 0; i < reasons.size(); ++i) {
        const std::string reason = reasons[i].is_string() ? reasons[i].get<std::string>() : reasons[i].dump();
        c.message += (i == 0 ? ": " : "; ") + reason;
        c.details += (i == 0 ? "" : "\n") + reason;
    }
    return c;
}

std::vector<TestSuite> test_suites(const json& result) {
    auto suites = empty_suites(result);
    const json& run = fields::member(result, "run");
    if (auto error = fields::text(result, "setup_error"); !error.empty())
        suites.front().cases.push_back({.name = "setup",
                                        .kind = "run",
                                        .outcome = Outcome::error,
                                        .type = "setup_failed",
                                        .message = "setup failed: " + error});
    if (fields::flag(run, "interrupted") && !fields::flag(result, "aborted_by_threshold")) {
        const std::string reason = fields::text(run, "interrupt_reason");
        suites.front().cases.push_back({.name = "run",
                                        .kind = "run",
                                        .outcome = Outcome::error,
                                        .type = "interrupted",
                                        .message = "interrupted" + (reason.empty() ? "" : ": " + reason)});
    }
    if (fields::flag(result, "incomplete"))
        suites.front().cases.push_back({.name = "run",
                                        .kind = "run",
                                        .outcome = Outcome::error,
                                        .type = "incomplete",
                                        .message = "incomplete: the run was killed before its end; this is its last "
                                                   "checkpoint"});
    for (const auto& threshold : fields::array(result, "thresholds")) {
        const json& tags = fields::member(threshold, "tags");
        suite_for(suites, result, fields::text(tags, "scenario"), fields::text(tags, "step"))
            .cases.push_back(threshold_case(threshold));
    }
    const json& comparison = fields::member(result, "comparison");
    if (comparison.is_object()) {
        for (const auto& metric : fields::array(comparison, "metrics"))
            suite_for(suites, result, "", fields::text(metric, "step"))
                .cases.push_back(metric_case(metric, comparison));
        if (fields::text(comparison, "verdict") == "invalid")
            suites.front().cases.push_back(invalid_gate_case(comparison));
    }
    return suites;
}

// What a CI reader may want beside the cases; empty values are left out.
std::vector<std::pair<std::string, std::string>> properties(const json& result, const std::string& scenario) {
    const json& comparison = fields::member(result, "comparison");
    std::vector<std::pair<std::string, std::string>> all = {
        {"verdict", fields::verdict(result)},
        {"scenario", scenario},
        {"scenario_file", fields::text(fields::member(result, "scenario"), "file")},
        {"target", fields::text(fields::member(result, "run"), "target")},
        {"throng_version", fields::text(result, "throng_version")},
        {"baseline", fields::text(fields::member(comparison, "baseline"), "label")},
        {"comparison", fields::text(comparison, "summary")},
    };
    for (const auto& warning : fields::array(comparison, "warnings"))
        if (warning.is_string()) all.emplace_back("comparison_warning", warning.get<std::string>());
    std::erase_if(all, [](const auto& p) { return p.second.empty(); });
    return all;
}

std::string seconds(double s) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.3f", s);
    return buffer;
}

std::string counts(std::size_t tests, std::size_t failures, std::size_t errors, std::size_t skipped) {
    return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
           std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\"";
}

std::string case_xml(const TestCase& c, const std::string& suite) {
    std::string out = "    <testcase name=\"" + xml_attribute(c.name) + "\" classname=\"" +
                      xml_attribute(suite + "." + c.kind) + "\" time=\"0\"";
    const char* element = c.outcome == Outcome::failure   ? "failure"
                          : c.outcome == Outcome::error   ? "error"
                          : c.outcome == Outcome::skipped ? "skipped"
                                                          : nullptr;
    if (element == nullptr && c.output.empty()) return out + "/>\n";
    out += ">\n";
    if (element == nullptr) {
        out += "      <system-out>" + xml_text(c.output) + "</system-out>\n";
    } else {
        out += "      <" + std::string(element) + " message=\"" + xml_attribute(c.message) + "\"";
        if (!c.type.empty()) out += " type=\"" + xml_attribute(c.type) + "\"";
        out += c.details.empty() ? "/>\n" : ">" + xml_text(c.details) + "</" + element + ">\n";
    }
    return out + "    </testcase>\n";
}

}  // namespace

std::string junit_report(const json& result) {
    const json& run = fields::member(result, "run");
    // Thresholds and the gate judge the whole run: its duration is every suite's.
    const std::string time = seconds(fields::number(run, "duration_s").value_or(0));
    const std::string started = fields::text(run, "started_at");
    const std::string host = fields::text(fields::member(run, "testbed"), "hostname");

    const auto suites = test_suites(result);
    std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
    std::string body;
    for (const auto& suite : suites) {
        const std::size_t suite_failures = suite.count(Outcome::failure), suite_errors = suite.count(Outcome::error),
                          suite_skipped = suite.count(Outcome::skipped);
        tests += suite.cases.size(), failures += suite_failures, errors += suite_errors, skipped += suite_skipped;
        body += "  <testsuite name=\"" + xml_attribute(suite.name) + "\"" +
                counts(suite.cases.size(), suite_failures, suite_errors, suite_skipped) + " time=\"" + time + "\"";
        if (!started.empty()) body += " timestamp=\"" + xml_attribute(started) + "\"";
        if (!host.empty()) body += " hostname=\"" + xml_attribute(host) + "\"";
        body += ">\n    <properties>\n";
        for (const auto& [name, value] : properties(result, suite.scenario))
            body += "      <property name=\"" + xml_attribute(name) + "\" value=\"" + xml_attribute(value) + "\"/>\n";
        body += "    </properties>\n";
        for (const auto& c : suite.cases) body += case_xml(c, suite.name);
        body += "  </testsuite>\n";
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" +
           xml_attribute(fields::scenario_title(result)) + "\"" + counts(tests, failures, errors, skipped) +
           " time=\"" + time + "\">\n" + body + "</testsuites>\n";
}

void write_junit_report(const json& result, const std::filesystem::path& path) {
    write_file_atomically(path, junit_report(result));
}

}  // namespace throng::reports
