#include "reports/comparison_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

namespace throng::reports {

using nlohmann::json;

namespace {

std::string value_text(const json& v, const std::string& unit) {
    if (!v.is_number()) return "-";
    const double x = v.get<double>();
    char text[32];
    if (unit == "ms") {
        if (x >= 1000)
            std::snprintf(text, sizeof text, "%.2fs", x / 1000);
        else if (x >= 1)
            std::snprintf(text, sizeof text, "%.3gms", x);
        else
            std::snprintf(text, sizeof text, "%.3gus", x * 1000);
    } else if (unit == "1/s") {
        std::snprintf(text, sizeof text, "%.1f/s", x);
    } else {
        std::snprintf(text, sizeof text, "%.2f%%", 100 * x);
    }
    return text;
}

std::string change_text(const json& v, bool relative) {
    if (!v.is_number()) return "?";
    char text[32];
    if (relative)
        std::snprintf(text, sizeof text, "%+.1f%%", 100 * v.get<double>());
    else
        std::snprintf(text, sizeof text, "%+.2fpt", 100 * v.get<double>());
    return text;
}

std::string verdict_words(const std::string& v) {
    if (v == "no_change") return "no change";
    return v;
}

std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

}  // namespace

std::string comparison_text(const json& c) {
    std::string out = "\ncompared with baseline " + c.at("baseline").value("label", std::string("?"));
    const std::string started = c.at("baseline").value("started_at", "");
    if (!started.empty()) out += " (run " + started + ")";
    out += ":\n";
    const std::string verdict = c.value("verdict", "");
    if (verdict == "invalid") {
        out += "  INVALID: these runs cannot be compared:\n";
        for (const auto& reason : c.at("invalid_reasons")) out += "    - " + reason.get<std::string>() + "\n";
    } else {
        std::vector<std::vector<std::string>> rows = {
            {"metric", "baseline", "candidate", "change", "interval", "tolerance", "verdict"}};
        for (const json& m : c.at("metrics")) {
            const bool relative = m.value("tolerance_kind", "") == "relative";
            const std::string unit = m.value("unit", "");
            const json& interval = m.at("interval");
            const bool higher = m.value("better", "") == "higher";
            const double tolerance = m.value("tolerance", 0.0);
            rows.push_back({m.value("key", ""), value_text(m.at("baseline"), unit), value_text(m.at("candidate"), unit),
                            change_text(m.at("change"), relative),
                            "[" + change_text(interval[0], relative) + ", " + change_text(interval[1], relative) + "]",
                            change_text(higher ? -tolerance : tolerance, relative),
                            verdict_words(m.value("verdict", ""))});
        }
        std::vector<std::size_t> width(rows.front().size(), 0);
        for (const auto& row : rows)
            for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size() + 2);
        for (const auto& row : rows) {
            std::string line = "  ";
            for (std::size_t i = 0; i < row.size(); ++i) line += pad(row[i], width[i]);
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += line + "\n";
        }
        char confidence[64];
        std::snprintf(confidence, sizeof confidence, "  (%.0f%% intervals; ", 100 * c.value("confidence", 0.95));
        out += confidence + c.value("method", std::string()) + ")\n";
    }
    for (const auto& warning : c.value("warnings", json::array()))
        out += "  note: " + warning.get<std::string>() + "\n";
    out += "gate: " + c.value("summary", verdict_words(verdict)) + "\n";
    return out;
}

}  // namespace throng::reports
