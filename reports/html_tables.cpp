#include "reports/html_tables.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "reports/html_elements.hpp"
#include "reports/html_format.hpp"
#include "reports/json_fields.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

std::string count_text(const json& object, const char* key) {
    const auto& v = field(object, key);
    return v.is_number() ? scalar_text(v) : "-";
}

// "12 (0.50%)": an error count with its share of the requests.
std::string errors_text(const json& step) {
    const auto& errors = field(step, "errors");
    return count_text(errors, "total") + " (" + percent_text(number(errors, "rate")) + ")";
}

bool several_scenarios(const json& result) {
    std::set<std::string> names;
    for (const auto& s : list(result, "steps")) names.insert(text(s, "scenario"));
    return names.size() > 1;
}

// "checkout › pay", with the scenario first when there are several.
std::string step_label(const json& step, bool with_scenario) {
    std::string label;
    if (with_scenario && !text(step, "scenario").empty()) label += text(step, "scenario") + " › ";
    if (!text(step, "group").empty()) label += text(step, "group") + " › ";
    return label + text(step, "name");
}

std::string latency_cells(const json& latency) {
    std::string out;
    const bool any = number(latency, "count", 1) > 0;
    for (const char* p : {"p50", "p90", "p95", "p99", "p99.9", "max"})
        out += num(any && has_number(latency, p) ? latency_text(number(latency, p)) : "-");
    return out;
}

std::string step_row(const json& step, const std::string& label, const char* latency_key, const char* cls) {
    return std::string("<tr") + (*cls ? " class=\"" + std::string(cls) + "\"" : "") + ">" + td(label, "name") +
           num(count_text(step, "requests")) + num(errors_text(step)) +
           num(short_number(number(step, "throughput_rps"))) + latency_cells(field(step, latency_key)) + "</tr>";
}

// The step table for one latency kind ("latency_ms" or "response_time_ms").
std::string step_table(const json& result, const char* latency_key, const std::string& caption) {
    const auto& steps = list(result, "steps");
    const bool with_scenario = several_scenarios(result);
    std::string out =
        "<table class=\"steps\">" + element("caption", caption) +
        header_row({"step", "requests", "errors", "req/s", "p50", "p90", "p95", "p99", "p99.9", "max"}, 1) + "<tbody>";
    for (const auto& step : steps) out += step_row(step, step_label(step, with_scenario), latency_key, "");
    out += "</tbody>";
    // One step's row would only repeat itself as the total.
    if (steps.size() != 1 && field(result, "total").is_object())
        out += "<tfoot>" + step_row(field(result, "total"), "all requests", latency_key, "total") + "</tfoot>";
    return out + "</table>";
}

// Where each step's time went, phase by phase, for the steps whose protocol says.
std::string phases_table(const json& result) {
    const bool with_scenario = several_scenarios(result);
    std::string rows;
    for (const auto& step : list(result, "steps")) {
        const auto& phases = field(step, "phases_ms");
        if (!phases.is_object()) continue;
        for (const char* phase : {"connect", "tls_handshake", "sending", "waiting", "receiving"}) {
            const auto& latency = field(phases, phase);
            if (!latency.is_object()) continue;
            rows += "<tr>" + td(step_label(step, with_scenario), "name") + td(phase) +
                    num(count_text(latency, "count")) + latency_cells(latency) + "</tr>";
        }
    }
    if (rows.empty()) return "";
    return "<table class=\"phases\">" +
           element("caption",
                   "Where the time went: connect and TLS handshake (new connections, before the request, not in "
                   "its service time), then sending, waiting for the first byte and receiving") +
           header_row({"step", "phase", "count", "p50", "p90", "p95", "p99", "p99.9", "max"}, 2) + "<tbody>" + rows +
           "</tbody></table>";
}

bool has_response_times(const json& result) {
    if (field(field(result, "total"), "response_time_ms").is_object()) return true;
    for (const auto& s : list(result, "steps"))
        if (field(s, "response_time_ms").is_object()) return true;
    return false;
}

std::string check_rows(const json& checks, bool with_scenario) {
    std::string out;
    for (const auto& c : checks) {
        const bool ok = number(c, "fails") == 0;
        const auto& rate = field(c, "pass_rate");
        std::string where = text(c, "step");
        if (with_scenario && !text(c, "scenario").empty()) where = text(c, "scenario") + " › " + where;
        out += std::string("<tr class=\"") + (ok ? "ok" : "fail") + "\">" + td(ok ? "✓" : "✗", "mark") +
               td(text(c, "name")) + td(where) + num(count_text(c, "passes")) + num(count_text(c, "fails")) +
               num(rate.is_number() ? percent_text(rate.get<double>()) : "-") + "</tr>";
    }
    return out;
}

std::string checks_table(const json& checks, bool with_scenario, const std::string& caption) {
    return "<table class=\"checks\">" + element("caption", caption) +
           header_row({"", "check", "step", "passes", "fails", "pass rate"}, 3) + "<tbody>" +
           check_rows(checks, with_scenario) + "</tbody></table>";
}

// "http_5xx 348, timeout 2" from a {name: count} object.
std::string counts_text(const json& counts) {
    std::string out;
    if (!counts.is_object()) return out;
    for (const auto& [name, n] : counts.items()) out += (out.empty() ? "" : ", ") + name + " " + scalar_text(n);
    return out;
}

std::string count_table(const json& counts, const char* what, double requests, const std::string& caption) {
    std::string out = "<table class=\"errors\">" + element("caption", caption) +
                      header_row({what, "count", "of requests"}, 1) + "<tbody>";
    for (const auto& [name, n] : counts.items()) {
        const double share = requests > 0 && n.is_number() ? n.get<double>() / requests : 0;
        out += "<tr>" + td(name, "name") + num(scalar_text(n)) + num(percent_text(share)) + "</tr>";
    }
    return out + "</tbody></table>";
}

bool has_entries(const json& object) { return object.is_object() && !object.empty(); }

std::string phase_rows(const json& steps, const char* phase) {
    std::string out;
    for (const auto& s : steps) {
        out += "<tr>" + td(phase) + td(text(s, "name"), "name") + td(counts_text(field(s, "statuses"))) +
               num(count_text(s, "requests")) + num(errors_text(s)) +
               num(latency_text(number(field(s, "latency_ms"), "p50"))) +
               num(latency_text(number(field(s, "latency_ms"), "max"))) + "</tr>";
    }
    return out;
}

}  // namespace

std::string steps_section(const json& result) {
    std::string body = step_table(result, "latency_ms", "Service time: response end − request sent");
    if (has_response_times(result)) {
        const std::string kind = text(field(field(result, "run"), "response_time"), "kind");
        body += step_table(result, "response_time_ms",
                           kind == "intended_start"
                               ? "Response time: response end − intended start (corrected for coordinated omission)"
                               : "Service time corrected for coordinated omission");
    }
    body += phases_table(result);
    return section("steps", "Steps", body);
}

std::string checks_section(const json& result) {
    const auto& checks = list(result, "checks");
    if (checks.empty()) return "";
    return section("checks", "Checks", checks_table(checks, several_scenarios(result), "Checks during the load"));
}

std::string thresholds_section(const json& result) {
    const auto& thresholds = list(result, "thresholds");
    if (thresholds.empty()) return "";
    std::string rows;
    for (const auto& t : thresholds) {
        const bool evaluated = field(t, "evaluated").is_boolean() ? flag(t, "evaluated") : true;
        const bool ok = flag(t, "passed");
        const std::string state = !evaluated ? "not evaluated" : ok ? "ok" : "FAIL";
        const auto& observed = field(t, "observed");
        std::string notes = text(t, "judges");
        if (flag(t, "abort_on_fail")) notes += (notes.empty() ? "" : ", ") + std::string("abort on fail");
        rows += std::string("<tr class=\"") +
                (!evaluated ? "skipped"
                 : ok       ? "ok"
                            : "fail") +
                "\">" + td(state, "mark") + td(text(t, "key"), "name") + td(text(t, "expression")) +
                num(observed.is_number() ? value_with_unit(observed.get<double>(), text(t, "unit")) : "-") + td(notes) +
                "</tr>";
    }
    return section("thresholds", "Thresholds",
                   "<table class=\"thresholds\">" + header_row({"result", "metric", "threshold", "observed", ""}, 3) +
                       "<tbody>" + rows + "</tbody></table>");
}

std::string errors_section(const json& result) {
    const auto& errors = field(field(result, "total"), "errors");
    const double requests = number(field(result, "total"), "requests");
    std::string body;
    if (has_entries(field(errors, "by_class")))
        body += count_table(field(errors, "by_class"), "class", requests, "All requests, by class");
    if (has_entries(field(errors, "by_code")))
        body += count_table(field(errors, "by_code"), "code", requests, "All requests, by protocol code");
    std::string rows;
    for (const auto& s : list(result, "steps")) {
        const auto& e = field(s, "errors");
        if (!has_entries(field(e, "by_class")) && !has_entries(field(e, "by_code"))) continue;
        rows += "<tr>" + td(text(s, "name"), "name") + td(counts_text(field(e, "by_class"))) +
                td(counts_text(field(e, "by_code"))) + num(count_text(e, "total")) + "</tr>";
    }
    if (!rows.empty()) {
        body += "<table class=\"errors\">" + element("caption", "Per step") +
                header_row({"step", "by class", "by code", "errors"}, 3) + "<tbody>" + rows + "</tbody></table>";
    }
    if (body.empty()) body = element("p", "No errors.", "quiet");
    return section("errors", "Errors", body);
}

std::string setup_teardown_section(const json& result) {
    const auto& setup = list(result, "setup");
    const auto& teardown = list(result, "teardown");
    const auto& setup_checks = list(result, "setup_checks");
    const auto& teardown_checks = list(result, "teardown_checks");
    const std::string setup_error = text(result, "setup_error");
    if (setup.empty() && teardown.empty() && setup_checks.empty() && teardown_checks.empty() && setup_error.empty())
        return "";
    std::string body;
    if (!setup_error.empty()) body += "<p class=\"problem\">Setup failed: " + escape_html(setup_error) + "</p>";
    if (!setup.empty() || !teardown.empty()) {
        body += "<table class=\"phases\">" +
                header_row({"phase", "step", "statuses", "requests", "errors", "p50", "max"}, 3) + "<tbody>" +
                phase_rows(setup, "setup") + phase_rows(teardown, "teardown") + "</tbody></table>";
    }
    if (!setup_checks.empty()) body += checks_table(setup_checks, false, "Setup checks");
    if (!teardown_checks.empty()) body += checks_table(teardown_checks, false, "Teardown checks");
    return section("setup", "Setup and teardown", body);
}

}  // namespace throng::reports
