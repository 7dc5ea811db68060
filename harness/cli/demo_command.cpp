// `throng demo`: serve the demo target standalone until SIGINT or SIGTERM.
#include <pthread.h>
#include <csignal>
#include <cstdio>

#include "examples/demo-service/demo_service.hpp"
#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/core/units.hpp"

namespace throng::cli {

int demo_command(const std::vector<std::string>& argv) {
    Args args(argv, {{"--port", "-p", true},
                     {"--address", "", true},
                     {"--threads", "", true},
                     {"--item-median-ms", "", true},
                     {"--item-sigma", "", true},
                     {"--item-max-ms", "", true},
                     {"--error-rate", "", true},
                     {"--extra-latency", "", true}});
    demo::DemoConfig config;
    config.port = static_cast<std::uint16_t>(args.integer("--port", 0, 65535).value_or(8080));
    config.address = args.value("--address").value_or(config.address);
    config.threads = static_cast<int>(args.integer("--threads", 1, 256).value_or(1));
    config.item_median_ms = args.number("--item-median-ms", 0, 60000).value_or(config.item_median_ms);
    config.item_sigma = args.number("--item-sigma", 0, 10).value_or(config.item_sigma);
    config.item_max_ms = args.number("--item-max-ms", 0, 60000).value_or(config.item_max_ms);
    config.flaky_error_rate = args.number("--error-rate", 0, 1).value_or(config.flaky_error_rate);
    if (const auto extra = args.value("--extra-latency")) {
        const auto share = core::parse_percentage(*extra);
        if (!share || *share < 0 || *share > 100)
            args.add_error("--extra-latency must be a percentage like 10%, got `" + *extra + "`");
        else
            config.extra_latency = *share;
    }
    if (!args.errors().empty() || !args.positional().empty()) {
        for (const auto& e : args.errors()) std::fprintf(stderr, "throng demo: %s\n", e.c_str());
        std::fprintf(stderr,
                     "usage: throng demo [--port N] [--address A] [--threads N] [--item-median-ms X] "
                     "[--item-sigma S] [--item-max-ms X] [--error-rate F] [--extra-latency P%%]\n");
        return exit_usage;
    }

    // Block the stop signals before any thread starts, so that they are all
    // delivered to sigwait below.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    demo::DemoService service(config);
    service.start();
    std::printf("demo service on %s (threads: %d); Ctrl-C stops it\n", service.base_url().c_str(), config.threads);
    std::fflush(stdout);
    int received = 0;
    sigwait(&stop_signals, &received);
    service.stop();
    const auto stats = service.stats();
    std::printf("served %llu requests\n", static_cast<unsigned long long>(stats.requests));
    return exit_ok;
}

}  // namespace throng::cli
