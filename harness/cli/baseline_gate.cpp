#include "harness/cli/baseline_gate.hpp"

#include "harness/cli/result_files.hpp"
#include "reports/baseline_store.hpp"
#include "reports/comparison.hpp"
#include "reports/result_json.hpp"

namespace throng::cli {

const std::vector<Args::Option> baseline_options = {{"--baseline", "", true}, {"--store", "", true}};

Baseline find_baseline(const std::string& spec, const std::filesystem::path& store_dir) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(spec, ec)) return {read_result_file(spec), spec, spec};
    reports::BaselineStore store(store_dir);
    std::vector<reports::BaselineEntry> history;
    try {
        history = store.history(spec);
    } catch (const std::invalid_argument& e) {
        throw BadResultFile("baseline `" + spec + "`: no such file, and " + e.what());
    }
    if (history.empty()) {
        std::string known;
        for (const auto& name : store.names()) known += (known.empty() ? "" : ", ") + name;
        throw BadResultFile("baseline `" + spec + "`: no such file, and no baseline of that name in " +
                            store_dir.string() + (known.empty() ? " (it holds none)" : " (it holds: " + known + ")"));
    }
    const std::string file = history.front().file.string();
    return {read_result_file(file), spec, file};
}

void attach_comparison(nlohmann::json& candidate, const Baseline& baseline) {
    reports::ComparisonOptions options;
    options.baseline_label = baseline.label;
    options.baseline_file = baseline.file;
    candidate["comparison"] = reports::compare_results(baseline.result, candidate, options);
    candidate["verdict"] = reports::verdict_of(candidate);
}

}  // namespace throng::cli
