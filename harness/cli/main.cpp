// throng: load testing and benchmarking. Dispatches to the subcommands.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/core/version.hpp"

namespace {

constexpr const char* usage = R"(usage: throng <command> [options]

commands:
  run SCENARIO.json [options]    run a scenario file
  run --url URL [options]        run one request in a loop, like wrk
  validate SCENARIO.json         check a scenario and report every error
  demo [--port N]                serve the demo target until Ctrl-C
  report RESULT.json --hlog DIR  write HdrHistogram interval logs from a result
  version                        print the version

run options:
  --out DIR            where result.json goes (default: throng-out)
  --hlog DIR           also write HdrHistogram interval logs (.hlog) there
  --threads N          worker threads (default: one per core)
  --vus N              constant VUs, replacing the scenario's executor
  --duration D         run for D (e.g. 30s, 1m30s), replacing the executor's
  --iterations N       stop after N iterations in total
  --target URL         send the scenario's requests to URL instead
  --seed N             seed for every random choice
  --quiet              no live progress
  -X, --method M       (with --url) request method, default GET
  -H, --header 'K: V'  (with --url) request header, repeatable
  --body TEXT|@FILE    (with --url) request body
  --timeout D          (with --url) request timeout, default 10s

exit codes: 0 passed, 1 threshold failed, 2 usage or scenario error,
            3 run or output error, 4 interrupted (partial result written)
)";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(usage, stderr);
        return throng::cli::exit_usage;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    try {
        if (command == "run") return throng::cli::run_command(args);
        if (command == "validate") return throng::cli::validate_command(args);
        if (command == "demo") return throng::cli::demo_command(args);
        if (command == "report") return throng::cli::report_command(args);
        if (command == "version" || command == "--version") {
            std::printf("throng %s\n", throng::core::version);
            return throng::cli::exit_ok;
        }
        if (command == "help" || command == "--help" || command == "-h") {
            std::fputs(usage, stdout);
            return throng::cli::exit_ok;
        }
        std::fprintf(stderr, "throng: unknown command `%s`\n\n%s", command.c_str(), usage);
        return throng::cli::exit_usage;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "throng: %s\n", e.what());
        return throng::cli::exit_runtime_error;
    }
}
