#include "harness/cli/plan_from_args.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <stdexcept>

#include "harness/cli/scenario_loading.hpp"
#include "harness/cli/url_plan.hpp"
#include "harness/core/object_reader.hpp"
#include "harness/core/units.hpp"
#include "scenarios/known_tags.hpp"
#include "scenarios/threshold_parser.hpp"
#include "targets/protocols.hpp"

namespace throng::cli {

namespace {

// "30s", "1m30s", or a plain number of seconds, as scenario files accept.
std::optional<std::chrono::nanoseconds> duration_flag(Args& args, std::string_view name) {
    const auto text = args.value(name);
    if (!text) return std::nullopt;
    auto d = core::parse_duration(*text);
    if (!d) {
        char* end = nullptr;
        const double seconds = std::strtod(text->c_str(), &end);
        const bool plain_number = !text->empty() && end == text->c_str() + text->size();
        if (plain_number && seconds > 0 && seconds < 9.2e9)
            d = std::chrono::nanoseconds(static_cast<std::int64_t>(std::llround(seconds * 1e9)));
    }
    if (!d || d->count() <= 0) {
        args.add_error("`" + std::string(name) +
                       "` must be a duration like 10s or 1m30s, or a number of seconds, got `" +
                       core::shortened(*text) + "`");
        return std::nullopt;
    }
    return d;
}

// A request body is held in memory by every VU's request: a file must be a
// regular one (not a folder, not /dev/zero) and of a size a request can be.
constexpr std::uintmax_t largest_body_file = 64u << 20;

std::string read_body(const std::string& text) {
    if (text.empty() || text.front() != '@') return text;
    const std::filesystem::path file = text.substr(1);
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (ec || !std::filesystem::exists(status))
        throw std::invalid_argument("cannot read body file `" + file.string() + "`: no such file");
    if (!std::filesystem::is_regular_file(status))
        throw std::invalid_argument("body file `" + file.string() + "` is not a regular file");
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size > largest_body_file)
        throw std::invalid_argument("body file `" + file.string() + "` is larger than " +
                                    std::to_string(largest_body_file >> 20) + " MiB");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::invalid_argument("cannot read body file `" + file.string() + "`");
    std::string body(static_cast<std::size_t>(size), '\0');
    in.read(body.data(), static_cast<std::streamsize>(body.size()));
    if (in.gcount() != static_cast<std::streamsize>(body.size()))
        throw std::invalid_argument("cannot read body file `" + file.string() + "`: it changed while read");
    return body;
}

// --threshold 'KEY: EXPRESSION' (repeatable), as a scenario's thresholds
// object would say it: 'errors: rate<1%', 'latency{step:login}: p(95)<200ms'.
// The key ends at the first ':' outside its tag filter's braces.
void add_command_line_thresholds(core::Plan& plan, Args& args) {
    const auto known = scenarios::known_tags(plan);
    for (const auto& text : args.values("--threshold")) {
        std::size_t depth = 0, colon = std::string::npos;
        for (std::size_t i = 0; i < text.size() && colon == std::string::npos; ++i) {
            if (text[i] == '{')
                ++depth;
            else if (text[i] == '}' && depth > 0)
                --depth;
            else if (text[i] == ':' && depth == 0)
                colon = i;
        }
        const auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(' '));
            s.erase(s.find_last_not_of(' ') + 1);
            return s;
        };
        if (colon == std::string::npos) {
            args.add_error("`--threshold` must look like 'errors: rate<1%' or 'latency: p(95)<200ms', got `" +
                           core::shortened(text) + "`");
            continue;
        }
        const std::string key = trim(text.substr(0, colon)), expression = trim(text.substr(colon + 1));
        try {
            core::Threshold threshold = scenarios::parse_threshold_expression(key, expression);
            if (auto why = scenarios::unknown_tag("`--threshold` key", key, threshold.filter, known)) {
                args.add_error(*why);
                continue;
            }
            plan.thresholds.push_back(std::move(threshold));
        } catch (const scenarios::ThresholdSyntaxError& e) {
            args.add_error("`--threshold` " + core::shortened(text) + ": " + e.what());
        }
    }
}

// --vus and --duration replace a closed model's executor with constant-vus,
// as in k6. An open model keeps its rate: --duration only shortens a
// constant-arrival-rate run, --rate changes it. With several scenarios, each
// takes the flags that apply to it.
}  // namespace

void apply_overrides(core::Plan& plan, Args& args) {
    // Without a plan (the scenario or --url could not be read) there is nothing
    // to override: saying that --vus "does not apply" would only mislead.
    if (plan.scenarios.empty()) return;
    add_command_line_thresholds(plan, args);
    const auto vus = args.integer("--vus", 1, 1'000'000);
    const auto duration = duration_flag(args, "--duration");
    std::optional<double> rate;
    if (const auto text = args.value("--rate")) {
        rate = core::parse_rate(*text);
        if (!rate) {
            char* end = nullptr;
            const double number = std::strtod(text->c_str(), &end);
            if (end != text->c_str() && *end == '\0') rate = number;
        }
        if (!rate || *rate <= 0) args.add_error("--rate must be a rate like 500/s or 6000/m, got `" + *text + "`");
    }
    const auto iterations = args.integer("--iterations", 1, std::numeric_limits<long long>::max());
    bool vus_used = false, duration_used = false, rate_used = false;
    for (auto& scenario : plan.scenarios) {
        core::ExecutorSpec& e = scenario.executor;
        if (e.is_open_model()) {
            if (duration && e.kind == core::ExecutorSpec::Kind::constant_arrival_rate) {
                e.duration = *duration;
                duration_used = true;
            }
            if (rate && e.kind == core::ExecutorSpec::Kind::constant_arrival_rate) {
                e.rate = *rate;
                rate_used = true;
            }
        } else if (vus || duration) {
            const int keep_vus = scenario.max_vus() > 0 ? scenario.max_vus() : 1;
            const auto keep_duration = scenario.load_duration();
            e.kind = core::ExecutorSpec::Kind::constant_vus;
            e.vus = vus ? static_cast<int>(*vus) : keep_vus;
            e.duration = duration ? *duration : keep_duration;
            e.stages.clear();
            vus_used = vus_used || vus.has_value();
            duration_used = duration_used || duration.has_value();
        }
        if (iterations) e.iterations = static_cast<std::uint64_t>(*iterations);
    }
    if (vus && !vus_used)
        args.add_error("--vus applies to closed-model executors only (an arrival-rate one sets max_vus)");
    if (duration && !duration_used)
        args.add_error("--duration does not apply to ramping-arrival-rate (its stages set the length)");
    if (rate && !rate_used) args.add_error("--rate applies to constant-arrival-rate executors only");
    if (const auto target = args.value("--target")) {
        if (auto why = targets::target_url_error(*target)) args.add_error("--target: " + *why);
        plan.main_target().url = *target;
    }
}

core::Plan build_plan(Args& args) {
    if (const auto url = args.value("--url")) {
        if (!args.positional().empty()) args.add_error("give either a scenario file or --url, not both");
        UrlRequest request;
        request.url = *url;
        request.method = args.value("--method").value_or("GET");
        request.headers = args.values("--header");
        request.body = read_body(args.value("--body").value_or(""));
        if (const auto t = duration_flag(args, "--timeout")) request.timeout = *t;
        request.insecure = args.has("--insecure");
        for (const char* flag : {"--env", "--set"})
            if (args.has(flag)) args.add_error(std::string("`") + flag + "` goes with a scenario file");
        core::Plan plan = plan_for_url(request);
        if (auto why = targets::target_url_error(plan.main_target().url)) throw std::invalid_argument("--url: " + *why);
        core::ExecutorSpec& e = plan.scenarios.front().executor;
        e.kind = core::ExecutorSpec::Kind::constant_vus;
        e.vus = 1;
        e.duration = std::chrono::seconds(10);
        e.graceful_stop = std::chrono::seconds(2);
        return plan;
    }
    if (args.positional().size() != 1) {
        args.add_error("expected one scenario file (or --url URL)");
        return {};
    }
    for (const char* flag : {"--method", "--header", "--body", "--timeout", "--insecure"})
        if (args.has(flag)) args.add_error(std::string("`") + flag + "` goes with --url");
    return load_scenario_file(args.positional().front(), args);
}

}  // namespace throng::cli
