// HAR files as a browser (or anyone) writes them: importing either refuses
// the file with std::invalid_argument or makes a scenario that throng's own
// parser accepts, whatever the recording holds.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/core/diagnostics.hpp"
#include "scenarios/scenario_parser.hpp"
#include "targets/drivers/http/har_import.hpp"
#include "targets/protocols.hpp"

namespace http = throng::targets::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const nlohmann::json har = nlohmann::json::parse(text, nullptr, false);
    if (har.is_discarded()) return 0;
    http::HarImport imported;
    try {
        http::HarImportOptions options;
        options.skip_static = size % 2 == 0;
        imported = http::import_har(har, options);
    } catch (const std::invalid_argument&) {
        return 0;
    }
    const std::string scenario = imported.scenario.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    try {
        const auto no_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
        throng::scenarios::parse_scenario(scenario, "imported.json", throng::targets::step_parsers(), {no_env, {}});
    } catch (const throng::core::InputError& e) {
        std::fprintf(stderr, "an imported scenario was refused:\n%s\n%s\n", e.what(), scenario.c_str());
        std::abort();
    }
    return 0;
}
