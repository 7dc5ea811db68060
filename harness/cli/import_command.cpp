// `throng import har FILE.har`: a browser's recording as a scenario, on stdout.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "targets/drivers/http/har_import.hpp"

namespace throng::cli {

int import_command(const std::vector<std::string>& argv) {
    Args args(argv, {{"--skip-static", "", false}, {"--name", "", true}});
    const auto& positional = args.positional();
    if (!args.errors().empty() || positional.size() != 2 || positional[0] != "har") {
        for (const auto& e : args.errors()) std::fprintf(stderr, "throng import: %s\n", e.c_str());
        std::fprintf(stderr, "usage: throng import har FILE.har [--skip-static] [--name NAME] > scenario.json\n");
        return exit_usage;
    }
    const std::string& file = positional[1];
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "throng import: cannot open %s\n", file.c_str());
        return exit_usage;
    }
    const nlohmann::json har = nlohmann::json::parse(std::istreambuf_iterator<char>(in), {}, nullptr, false);
    if (har.is_discarded()) {
        std::fprintf(stderr, "throng import: %s is not JSON\n", file.c_str());
        return exit_usage;
    }
    targets::http::HarImportOptions options;
    options.skip_static = args.has("--skip-static");
    options.name = args.value("--name").value_or(std::filesystem::path(file).stem().string());
    try {
        const auto imported = targets::http::import_har(har, options);
        for (const auto& warning : imported.warnings) std::fprintf(stderr, "throng import: %s\n", warning.c_str());
        std::printf("%s\n", imported.scenario.dump(2).c_str());
        return exit_ok;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "throng import: %s: %s\n", file.c_str(), e.what());
        return exit_usage;
    }
}

}  // namespace throng::cli
