// `throng validate FILE`: parse a scenario and report every error at once.
#include <cstdio>

#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/core/diagnostics.hpp"
#include "scenarios/scenario_parser.hpp"
#include "targets/drivers/http/http_step.hpp"

namespace throng::cli {

int validate_command(const std::vector<std::string>& argv) {
    Args args(argv, {});
    if (!args.errors().empty() || args.positional().size() != 1) {
        std::fprintf(stderr, "usage: throng validate SCENARIO.json\n");
        return exit_usage;
    }
    const targets::http::HttpStepParser http_steps;
    const core::StepParser* parsers[] = {&http_steps};
    try {
        const core::Plan plan = scenarios::load_scenario(args.positional().front(), parsers);
        std::printf("%s: ok (%zu flow%s, %zu step%s)\n", args.positional().front().c_str(), plan.flows.size(),
                    plan.flows.size() == 1 ? "" : "s", plan.step_count(), plan.step_count() == 1 ? "" : "s");
        return exit_ok;
    } catch (const core::InputError& e) {
        std::fputs(e.what(), stderr);
        std::fputc('\n', stderr);
        return exit_usage;
    }
}

}  // namespace throng::cli
