// throng: load testing and benchmarking. Dispatches to the subcommands.
#include <csignal>
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
  compare BASELINE CANDIDATE     judge a result against a baseline (a result file or a stored name)
  ab SCENARIO --a URL --b URL    run both targets in interleaved rounds and judge B against A
  merge RESULT... -o FILE        combine results of one scenario exactly (shards, repeats)
  report RESULT.json [outputs]   write the reports again from a result (no output: the summary)
  demo [--port N]                serve the demo target until Ctrl-C
  baseline save RESULT.json --name NAME [--keep N] [--force]
                                 keep a result as the newest baseline NAME
  baseline list | show NAME [--all] | delete NAME
                                 the stored baselines (all take --store DIR,
                                 default .throng/baselines)
  import har FILE.har [--skip-static] [--name NAME]
                                 a browser's recording as a scenario, on stdout
  version                        print the version

run options:
  --out DIR            where result.json and report.html go (default: throng-out)
  --report LIST        also write some of junit, md, hlog (or none) into --out
  --html F, --junit F, --markdown F, --hlog DIR   a report at a place of its own
  --baseline NAME|F    compare with a baseline (a stored name or a result file)
  --store DIR          the baseline store (default: .throng/baselines)
  --repeat N           run N times; one result with every run, the gate resamples runs
  --threads N          worker threads (default: one per core)
  --vus N              constant VUs, replacing the scenario's executor
  --duration D         run for D (e.g. 30s, 1m30s), replacing the executor's
  --iterations N       stop after N iterations in total
  --rate R             constant-arrival-rate: iterations per second (e.g. 500/s)
  --target URL         send the scenario's requests to URL instead
  --seed N             seed for every random choice
  --env K=V, --set P=V change the scenario (see README)
  --quiet              no live progress
  --timings            also print where each step's time went (connect, TLS
                       handshake, sending, waiting, receiving)
  -X, --method M       (with --url) request method, default GET
  -H, --header 'K: V'  (with --url) request header, repeatable
  --body TEXT|@FILE    (with --url) request body
  --timeout D          (with --url) request timeout, default 10s
  -k, --insecure       (with --url) https without certificate verification
                       (a scenario's target says "tls": {"insecure": true})
  --threshold 'K: E'   a threshold, as in a scenario's thresholds (repeatable),
                       e.g. --threshold 'errors: rate<1%'

exit codes: 0 passed, 1 threshold failed, 2 usage or scenario error,
            3 run or output error, 4 interrupted (partial result written),
            5 regression against the baseline, 6 comparison invalid or inconclusive
)";

}  // namespace

int main(int argc, char** argv) {
    // A closed stdout (`throng run ... | head -1`) must not kill the process
    // with SIGPIPE after the result is written: writes fail, the exit code
    // stays the run's. (Sockets are written with MSG_NOSIGNAL anyway.)
    std::signal(SIGPIPE, SIG_IGN);
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
        if (command == "compare") return throng::cli::compare_command(args);
        if (command == "merge") return throng::cli::merge_command(args);
        if (command == "ab") return throng::cli::ab_command(args);
        if (command == "baseline") return throng::cli::baseline_command(args);
        if (command == "import") return throng::cli::import_command(args);
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
