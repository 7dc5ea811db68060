#include "harness/cli/scenario_loading.hpp"

#include <cstdlib>
#include <map>
#include <memory>

#include "harness/api/throng.hpp"
#include "scenarios/scenario_parser.hpp"

namespace throng::cli {

const std::vector<Args::Option> scenario_loading_options = {{"--env", "-e", true}, {"--set", "", true}};

core::Plan load_scenario_file(const std::string& path, Args& args) {
    auto overrides = std::make_shared<std::map<std::string, std::string, std::less<>>>();
    for (const auto& assignment : args.values("--env")) {
        const auto equals = assignment.find('=');
        if (equals == std::string::npos || equals == 0) {
            args.add_error("--env takes KEY=VALUE, got `" + assignment + "`");
            continue;
        }
        (*overrides)[assignment.substr(0, equals)] = assignment.substr(equals + 1);
    }
    scenarios::ScenarioOptions options;
    options.env = [overrides](std::string_view name) -> std::optional<std::string> {
        if (const auto it = overrides->find(name); it != overrides->end()) return it->second;
        if (const char* value = std::getenv(std::string(name).c_str())) return std::string(value);
        return std::nullopt;
    };
    options.sets = args.values("--set");
    // With each target's URL read as its driver will, so that `validate`
    // finds what `run` would refuse.
    return throng::load_scenario(path, options);
}

}  // namespace throng::cli
