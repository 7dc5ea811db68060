#include "reports/html_comparison.hpp"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "reports/html_elements.hpp"
#include "reports/html_format.hpp"
#include "reports/json_fields.hpp"

namespace throng::reports {

using nlohmann::json;

namespace {

// "no_change" reads as "no change".
std::string words(std::string s) {
    for (char& c : s)
        if (c == '_') c = ' ';
    return s;
}

// A change in the metric's tolerance kind: relative changes in percent,
// absolute changes of a ratio in percentage points, others in the unit.
std::string change_text(double change, const std::string& kind, const std::string& unit) {
    if (!std::isfinite(change)) return "-";
    if (kind != "absolute") return signed_percent(change);
    if (unit == "ratio") {
        char buf[48];
        std::snprintf(buf, sizeof buf, "%+.2f pp", 100.0 * change);
        return buf;
    }
    return (change >= 0 ? "+" : "") + value_with_unit(change, unit);
}

std::string tolerance_text(const json& m) {
    if (!has_number(m, "tolerance")) return "-";
    const double t = number(m, "tolerance");
    const std::string kind = text(m, "tolerance_kind"), unit = text(m, "unit");
    std::string out = kind != "absolute" ? short_number(100.0 * t) + "%"
                      : unit == "ratio"  ? short_number(100.0 * t) + " pp"
                                         : value_with_unit(t, unit);
    if (!text(m, "better").empty()) out += ", " + text(m, "better") + " is better";
    return out;
}

std::string metric_row(const json& m) {
    const std::string kind = text(m, "tolerance_kind"), unit = text(m, "unit"), verdict = text(m, "verdict");
    auto value = [&](const char* key) { return has_number(m, key) ? value_with_unit(number(m, key), unit) : "-"; };
    std::string change = has_number(m, "change") ? change_text(number(m, "change"), kind, unit) : "-";
    const auto& ci = field(m, "interval");
    if (ci.is_array() && ci.size() == 2 && ci[0].is_number() && ci[1].is_number()) {
        change += " [" + change_text(ci[0].get<double>(), kind, unit) + ", " +
                  change_text(ci[1].get<double>(), kind, unit) + "]";
    }
    return "<tr class=\"metric v-" + escape_attribute(verdict) + "\" data-verdict=\"" + escape_attribute(verdict) +
           "\">" + td(text(m, "key"), "name") + td(words(verdict), "verdict") + num(value("baseline")) +
           num(value("candidate")) + num(change) + num(tolerance_text(m)) + "</tr>";
}

std::string bullet_list(const json& items, const char* cls, const std::string& heading) {
    if (items.empty()) return "";
    std::string out = "<div class=\"" + std::string(cls) + "\">" + element("h3", heading) + "<ul>";
    for (const auto& item : items) out += element("li", scalar_text(item));
    return out + "</ul></div>";
}

std::string baseline_facts(const json& comparison) {
    const auto& b = field(comparison, "baseline");
    std::string out = "<dl class=\"facts\">";
    auto fact = [&](const char* name, const std::string& value) {
        if (!value.empty()) out += element("dt", name) + element("dd", value);
    };
    fact("baseline", text(b, "label"));
    fact("baseline file", text(b, "file"));
    fact("baseline started at", text(b, "started_at"));
    if (has_number(b, "runs")) fact("baseline runs", scalar_text(field(b, "runs")));
    if (has_number(comparison, "confidence")) fact("confidence", percent_text(number(comparison, "confidence")));
    fact("method", text(comparison, "method"));
    return out + "</dl>";
}

}  // namespace

std::string comparison_section(const json& result) {
    const auto& c = field(result, "comparison");
    if (!c.is_object()) return "";
    const std::string verdict = text(c, "verdict"), summary = text(c, "summary");
    // The verdict in bold, then the summary unless it already starts with it.
    std::string line;
    if (!verdict.empty() && summary.starts_with(verdict)) {
        line = element("strong", verdict) + escape_html(summary.substr(verdict.size()));
    } else {
        line = element("strong", words(verdict)) + (summary.empty() ? "" : ": " + escape_html(summary));
    }
    std::string body = "<p class=\"summary v-" + escape_attribute(verdict) + "\">" + line + "</p>";
    body += baseline_facts(c);
    body += bullet_list(list(c, "invalid_reasons"), "problem", "Why the runs cannot be compared");
    body += bullet_list(list(c, "warnings"), "warning", "Warnings");
    const auto& metrics = list(c, "metrics");
    if (!metrics.empty()) {
        std::string rows;
        for (const auto& m : metrics) rows += metric_row(m);
        body +=
            "<table class=\"comparison\">" +
            header_row({"metric", "verdict", "baseline", "candidate", "change [confidence interval]", "tolerance"}, 2) +
            "<tbody>" + rows + "</tbody></table>";
    }
    return section("comparison", "Comparison with the baseline", body);
}

}  // namespace throng::reports
