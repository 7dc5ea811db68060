#include "harness/cli/result_files.hpp"

#include <fstream>

#include "reports/result_json.hpp"
#include "reports/result_reader.hpp"
#include "reports/thresholds.hpp"
#include "scenarios/threshold_parser.hpp"

namespace throng::cli {

nlohmann::json read_result_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw BadResultFile(path.string() + ": cannot read the file");
    nlohmann::json document = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded()) throw BadResultFile(path.string() + ": not JSON (a result.json was expected)");
    try {
        reports::require_readable_result(document);
    } catch (const std::runtime_error& e) {
        throw BadResultFile(path.string() + ": " + e.what());
    }
    return document;
}

core::RunResult load_result(const nlohmann::json& document, const std::filesystem::path& path) {
    try {
        return reports::result_from_json(document, [](const std::string& key, const std::string& expression) {
            return scenarios::parse_threshold_expression(key, expression);
        });
    } catch (const std::exception& e) {
        throw BadResultFile(path.string() + ": " + e.what());
    }
}

void evaluate_thresholds_again(core::RunResult& result) {
    std::vector<core::Threshold> thresholds;
    for (const auto& t : result.thresholds) thresholds.push_back(t.threshold);
    result.thresholds = reports::evaluate_thresholds(thresholds, result);
}

}  // namespace throng::cli
