// `throng baseline save|list|show|delete`: the named results a regression
// gate compares new runs against (reports/baseline_store.hpp).
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/cli/args.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/exit_codes.hpp"
#include "harness/core/units.hpp"
#include "reports/baseline_store.hpp"

namespace throng::cli {

namespace {

using reports::BaselineEntry;
using reports::BaselineStore;

constexpr const char* baseline_usage =
    R"(usage: throng baseline save RESULT.json --name NAME [--store DIR] [--keep N] [--force]
       throng baseline list [--store DIR]
       throng baseline show NAME [--store DIR] [--all]
       throng baseline delete NAME [--store DIR]

  --store DIR   where baselines live (default: .throng/baselines)
  --keep N      entries kept per name, the newest (default: 20)
  --force       save even an interrupted run, an unknown schema version or
                a file without schema_version
  --all         show every entry of the history, newest first
)";

void complain(const std::string& message) { std::fprintf(stderr, "throng baseline: %s\n", message.c_str()); }

// Bad options or operands: every error, then the usage.
bool arguments_wrong(const Args& args, std::size_t operands, const char* operand_name) {
    bool wrong = !args.errors().empty();
    for (const auto& e : args.errors()) complain(e);
    if (args.positional().size() != operands) {
        complain(operands == 0 ? "expected no operands"
                               : std::string("expected exactly one ") + operand_name + ", got " +
                                     std::to_string(args.positional().size()));
        wrong = true;
    }
    if (wrong) std::fputs(baseline_usage, stderr);
    return wrong;
}

BaselineStore store_of(const Args& args) {
    return BaselineStore(args.value("--store") ? std::filesystem::path(*args.value("--store"))
                                               : reports::default_baseline_dir());
}

// An unknown name is a usage error that lists the names there are.
int unknown_name(const BaselineStore& store, const std::string& name) {
    const auto names = store.names();
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    complain("no baseline `" + name + "` in " + store.dir().string() + "; " +
             (names.empty() ? std::string("it holds none") : "it holds: " + known));
    return exit_usage;
}

std::string milliseconds(const std::optional<double>& ms) {
    if (!ms) return "-";
    return core::format_duration(std::chrono::nanoseconds(static_cast<std::int64_t>(*ms * 1e6)));
}

std::string describe_testbed(const reports::BaselineTestbed& t) {
    if (!t.recorded) return "not recorded (a schema version 1 result)";
    auto or_unknown = [](const std::string& s) { return s.empty() ? std::string("?") : s; };
    return or_unknown(t.cpu_model) + ", " + std::to_string(t.cores) + " cores, kernel " + or_unknown(t.kernel) + ", " +
           or_unknown(t.build_type) + " build, host " + or_unknown(t.hostname);
}

void print_entry(std::size_t index, const BaselineEntry& e) {
    const auto& f = e.figures;
    std::printf("#%zu saved %s  %s\n", index, e.saved_at.c_str(), e.file.c_str());
    std::printf("   scenario  %s  hash %s\n", e.scenario_name.empty() ? "?" : e.scenario_name.c_str(),
                e.scenario_hash.empty() ? "not recorded" : e.scenario_hash.c_str());
    std::printf("   run       started %s  verdict %s  throng %s  schema %d\n",
                e.started_at.empty() ? "?" : e.started_at.c_str(), e.verdict.empty() ? "?" : e.verdict.c_str(),
                e.throng_version.empty() ? "?" : e.throng_version.c_str(), e.schema_version);
    std::printf("   testbed   %s\n", describe_testbed(e.testbed).c_str());
    std::printf("   all       %llu requests  errors %.2f%%  p50 %s  p95 %s  p99 %s\n",
                static_cast<unsigned long long>(f.requests), f.error_rate * 100, milliseconds(f.p50_ms).c_str(),
                milliseconds(f.p95_ms).c_str(), milliseconds(f.p99_ms).c_str());
}

int save(const std::vector<std::string>& argv) {
    Args args(argv, {{"--name", "", true}, {"--store", "", true}, {"--keep", "", true}, {"--force", "", false}});
    const auto keep = args.integer("--keep", 1, 100000);
    if (!args.has("--name")) args.add_error("`--name NAME` is required: the baseline to save under");
    if (arguments_wrong(args, 1, "RESULT.json")) return exit_usage;
    const std::string name = *args.value("--name");
    BaselineStore::check_name(name);
    const std::string& file = args.positional().front();

    std::ifstream in(file, std::ios::binary);
    if (!in) {
        complain("cannot read " + file + ": " + std::strerror(errno));
        return exit_usage;
    }
    const auto result = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (result.is_discarded() || !result.is_object()) {
        complain(file + " is not a throng result: expected a result.json object");
        return exit_usage;
    }
    if (const auto why = reports::unfit_for_baseline(result)) {
        if (!args.has("--force")) {
            complain("refusing to save " + file + " as baseline `" + name + "`: " + *why +
                     " (--force saves it anyway)");
            return exit_usage;
        }
        complain("saving " + file + " although " + *why + " (--force)");
    }
    auto store = store_of(args);
    BaselineEntry entry;
    try {
        entry = store.save(name, result, static_cast<int>(keep.value_or(reports::default_baseline_keep)));
    } catch (const std::runtime_error& e) {
        complain("cannot save " + file + " as baseline `" + name + "` in " + store.dir().string() + ": " + e.what());
        return exit_runtime_error;
    }
    std::printf("saved %s as baseline `%s`: %s\n", file.c_str(), name.c_str(), entry.file.c_str());
    if (!entry.testbed.recorded)
        complain("note: " + file +
                 " is a schema version 1 result: it records no testbed, so a comparison cannot "
                 "check that both runs had the same machine and build");
    return exit_ok;
}

int list(const std::vector<std::string>& argv) {
    Args args(argv, {{"--store", "", true}});
    if (arguments_wrong(args, 0, "")) return exit_usage;
    const auto store = store_of(args);
    const auto names = store.names();
    if (names.empty()) {
        std::printf("no baselines in %s\n", store.dir().c_str());
        return exit_ok;
    }
    std::size_t width = 4;
    for (const auto& n : names) width = std::max(width, n.size());
    std::printf("%-*s  %7s  %-24s  %s\n", static_cast<int>(width), "name", "entries", "newest saved (UTC)", "scenario");
    for (const auto& name : names) {
        const auto history = store.history(name);
        if (history.empty()) continue;  // every entry unreadable (warned) or deleted meanwhile
        const auto& newest = history.front();
        std::printf("%-*s  %7zu  %-24s  %s\n", static_cast<int>(width), name.c_str(), history.size(),
                    newest.saved_at.c_str(), newest.scenario_name.c_str());
    }
    return exit_ok;
}

int show(const std::vector<std::string>& argv) {
    Args args(argv, {{"--store", "", true}, {"--all", "", false}});
    if (arguments_wrong(args, 1, "NAME")) return exit_usage;
    const std::string& name = args.positional().front();
    const auto store = store_of(args);
    const auto history = store.history(name);
    if (history.empty()) return unknown_name(store, name);
    std::printf("baseline `%s` in %s: %zu entr%s, newest first\n\n", name.c_str(), store.dir().c_str(), history.size(),
                history.size() == 1 ? "y" : "ies");
    const std::size_t shown = args.has("--all") ? history.size() : 1;
    for (std::size_t i = 0; i < shown; ++i) {
        if (i > 0) std::printf("\n");
        print_entry(i, history[i]);
    }
    return exit_ok;
}

int remove(const std::vector<std::string>& argv) {
    Args args(argv, {{"--store", "", true}});
    if (arguments_wrong(args, 1, "NAME")) return exit_usage;
    const std::string& name = args.positional().front();
    auto store = store_of(args);
    if (!store.remove(name)) return unknown_name(store, name);
    std::printf("deleted baseline `%s` from %s\n", name.c_str(), store.dir().c_str());
    return exit_ok;
}

}  // namespace

int baseline_command(const std::vector<std::string>& args) {
    if (args.empty()) {
        std::fputs(baseline_usage, stderr);
        return exit_usage;
    }
    const std::string& action = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (action == "save") return save(rest);
        if (action == "list") return list(rest);
        if (action == "show") return show(rest);
        if (action == "delete") return remove(rest);
        if (action == "help" || action == "--help" || action == "-h") {
            std::fputs(baseline_usage, stdout);
            return exit_ok;
        }
    } catch (const std::invalid_argument& e) {  // a bad name
        complain(e.what());
        return exit_usage;
    } catch (const std::exception& e) {  // the store could not be read or written
        complain(e.what());
        return exit_runtime_error;
    }
    complain("unknown action `" + action + "`: expected save, list, show or delete");
    std::fputs(baseline_usage, stderr);
    return exit_usage;
}

}  // namespace throng::cli
