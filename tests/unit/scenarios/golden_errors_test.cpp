// Golden error tests: every tests/golden/scenarios/NAME.json is a broken
// scenario and NAME.expected holds exactly what throng reports for it (parsed
// as the file NAME.json, so paths in messages are relative). NAME.sets, if
// present, holds --set arguments, one per line.
// THRONG_UPDATE_GOLDEN=1 rewrites the .expected files from what is reported.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/echo_protocol.hpp"
#include "support/scenario_parsing.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path golden_dir = fs::path(THRONG_SOURCE_DIR) / "tests" / "golden" / "scenarios";

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<std::string> read_lines(const fs::path& path) {
    std::vector<std::string> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

std::string without_final_newline(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return text;
}

// What parsing the golden scenario reports; empty if it is accepted.
std::string reported(const fs::path& scenario) {
    static const throng::test::EchoParser echo("http://");  // a second protocol, so that a step can name two
    const throng::core::StepParser* const parsers[] = {throng::test::http_only()[0], &echo};
    fs::path sets = scenario;
    sets.replace_extension(".sets");
    try {
        throng::scenarios::parse_scenario(
            read_text(scenario), scenario.filename().string(), parsers,
            {throng::test::no_env(), fs::exists(sets) ? read_lines(sets) : std::vector<std::string>{}});
    } catch (const throng::core::InputError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("golden scenario errors", "[scenario][golden]") {
    const char* update = std::getenv("THRONG_UPDATE_GOLDEN");
    const bool updating = update != nullptr && std::string(update) == "1";
    std::vector<fs::path> scenarios;
    for (const auto& entry : fs::directory_iterator(golden_dir)) {
        if (entry.path().extension() == ".json") scenarios.push_back(entry.path());
    }
    std::sort(scenarios.begin(), scenarios.end());
    CHECK(scenarios.size() >= 15);
    for (const auto& scenario : scenarios) {
        fs::path expected_file = scenario;
        expected_file.replace_extension(".expected");
        const std::string actual = reported(scenario);
        INFO(scenario.filename().string());
        CHECK_FALSE(actual.empty());  // a golden scenario must be rejected
        if (updating) {
            std::ofstream(expected_file, std::ios::binary) << actual << '\n';
            continue;
        }
        REQUIRE(fs::exists(expected_file));
        CHECK(actual == without_final_newline(read_text(expected_file)));
    }
}
