// `throng validate FILE`: parse a scenario and report every error at once.
#include <cstdio>

#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/core/diagnostics.hpp"
#include "harness/cli/scenario_loading.hpp"

namespace throng::cli {

int validate_command(const std::vector<std::string>& argv) {
    Args args(argv, scenario_loading_options);
    if (!args.errors().empty() || args.positional().size() != 1) {
        for (const auto& e : args.errors()) std::fprintf(stderr, "throng validate: %s\n", e.c_str());
        std::fprintf(stderr, "usage: throng validate SCENARIO.json [--env KEY=VALUE]... [--set PATH=VALUE]...\n");
        return exit_usage;
    }
    try {
        const core::Plan plan = load_scenario_file(args.positional().front(), args);
        if (!args.errors().empty()) {
            for (const auto& e : args.errors()) std::fprintf(stderr, "throng validate: %s\n", e.c_str());
            return exit_usage;
        }
        std::size_t flows = 0, requests = 0;
        for (const auto& scenario : plan.scenarios) {
            flows += scenario.flows.size();
            for (const auto& flow : scenario.flows)
                core::for_each_request(flow.steps, {}, [&](const core::Step&, const core::Tags&) { ++requests; });
        }
        std::printf("%s: ok (%zu scenario%s, %zu flow%s, %zu request step%s)\n", args.positional().front().c_str(),
                    plan.scenarios.size(), plan.scenarios.size() == 1 ? "" : "s", flows, flows == 1 ? "" : "s",
                    requests, requests == 1 ? "" : "s");
        return exit_ok;
    } catch (const core::InputError& e) {
        std::fputs(e.what(), stderr);
        std::fputc('\n', stderr);
        return exit_usage;
    }
}

}  // namespace throng::cli
