#include "reports/hlog_export.hpp"

#include <set>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/core/histogram_codec.hpp"
#include "reports/hlog_writer.hpp"
#include "reports/result_json.hpp"

namespace throng::reports {

namespace {

// Step names are free text; tags and file names are not.
std::string safe_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                           c == '_' || c == '.';
        out += plain ? c : '_';
    }
    return out.empty() ? "step" : out;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

std::vector<std::filesystem::path> write_interval_logs(const nlohmann::json& result, const std::filesystem::path& dir) {
    try {
        require_readable_result(result);
        const double start = result.at("run").at("started_at_epoch_s").get<double>();
        const auto& steps = result.at("steps");
        const auto& intervals = result.at("intervals");
        std::vector<std::filesystem::path> written;
        std::set<std::string> used;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            // Names alike once made safe (or alike but for case, on some
            // file systems) get the step's index.
            std::string base = safe_name(steps[i].at("name").get<std::string>());
            for (int n = 0; !used.insert(lower(base)).second; ++n) base += "-" + std::to_string(i + n);
            for (const char* metric : {"service_time", "response_time"}) {
                std::vector<core::Histogram> histograms;  // owns what the log lines point at
                histograms.reserve(intervals.size());     // so those pointers stay valid
                std::vector<HlogInterval> lines;
                for (const auto& iv : intervals) {
                    const auto& per_step = iv.at("histograms");
                    if (i >= per_step.size() || !per_step[i].contains(metric)) continue;
                    histograms.push_back(core::decode_compressed(per_step[i][metric].get<std::string>()));
                    lines.push_back(
                        {iv.at("start_s").get<double>(), iv.at("length_s").get<double>(), &histograms.back()});
                }
                if (lines.empty()) continue;
                const std::string name = base + "." + metric;
                const auto path = dir / (name + ".hlog");
                write_hlog(path, start, name, lines);
                written.push_back(path);
            }
        }
        return written;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(std::string("not a throng result: ") + e.what());
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("a histogram in the result cannot be decoded: ") + e.what());
    }
}

}  // namespace throng::reports
