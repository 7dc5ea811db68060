// `throng report RESULT.json --hlog DIR`: re-export a result written earlier.
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "reports/hlog_export.hpp"

namespace throng::cli {

int report_command(const std::vector<std::string>& argv) {
    Args args(argv, {{"--hlog", "", true}});
    if (!args.errors().empty() || args.positional().size() != 1 || !args.has("--hlog")) {
        for (const auto& e : args.errors()) std::fprintf(stderr, "throng report: %s\n", e.c_str());
        std::fprintf(stderr, "usage: throng report RESULT.json --hlog DIR\n");
        return exit_usage;
    }
    const std::string& file = args.positional().front();
    std::ifstream in(file);
    if (!in) {
        std::fprintf(stderr, "throng report: cannot read %s\n", file.c_str());
        return exit_usage;
    }
    const auto result = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (result.is_discarded()) {
        std::fprintf(stderr, "throng report: %s is not JSON\n", file.c_str());
        return exit_usage;
    }
    try {
        for (const auto& path : reports::write_interval_logs(result, *args.value("--hlog")))
            std::printf("%s\n", path.c_str());
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "throng report: %s: %s\n", file.c_str(), e.what());
        return exit_usage;
    }
    return exit_ok;
}

}  // namespace throng::cli
