// throng installed into a prefix is what an outside project builds on:
// examples/cpp-api, configured on its own, finds it with find_package(throng),
// builds against the installed headers and libraries only, and runs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace install_test {

namespace fs = std::filesystem;
using std::chrono::seconds;

// What no installed header may include: the API hides Asio, Beast, RE2 and
// the client libraries behind the libraries' own files.
std::vector<std::string> internal_includes_in(const fs::path& include_dir) {
    static const char* const internal[] = {"<boost/asio", "<boost/beast", "<regex>", "<re2/",
                                           "<hiredis",    "<libpq",       "<pqxx"};
    std::vector<std::string> found;
    for (const auto& entry : fs::recursive_directory_iterator(include_dir)) {
        if (!entry.is_regular_file()) continue;
        const std::string text = throng::test::read_text(entry.path());
        for (const char* name : internal)
            if (text.find(std::string("#include ") + name) != std::string::npos)
                found.push_back(entry.path().string() + " includes " + name);
    }
    return found;
}

std::vector<std::string> consumer_configure(const fs::path& build, const fs::path& prefix) {
    std::vector<std::string> args = {THRONG_CMAKE_COMMAND,
                                     "-S",
                                     std::string(THRONG_SOURCE_DIR) + "/examples/cpp-api",
                                     "-B",
                                     build.string(),
                                     "-G",
                                     THRONG_CMAKE_GENERATOR,
                                     "-DCMAKE_PREFIX_PATH=" + prefix.string(),
                                     "-DCMAKE_CXX_COMPILER=" THRONG_CXX_COMPILER,
                                     "-DCMAKE_BUILD_TYPE=" THRONG_BUILD_TYPE};
    // A sanitized throng needs its runtime in the program that links it.
    const std::string sanitizer_flags = THRONG_SANITIZER_FLAGS;
    if (!sanitizer_flags.empty()) {
        args.push_back("-DCMAKE_CXX_FLAGS=" + sanitizer_flags);
        args.push_back("-DCMAKE_EXE_LINKER_FLAGS=" + sanitizer_flags);
    }
    return args;
}

}  // namespace install_test

TEST_CASE("an installed throng is found by find_package and builds the C++ API example", "[integration][install]") {
    namespace fs = std::filesystem;
    using install_test::seconds;
    throng::test::TempDir dir;
    const fs::path prefix = dir.path() / "prefix";

    const auto installed = throng::test::run_process(
        {THRONG_CMAKE_COMMAND, "--install", THRONG_BUILD_DIR, "--prefix", prefix.string()}, dir.path());
    INFO(installed.out << installed.err);
    REQUIRE(installed.exit_code == 0);
    CHECK(fs::exists(prefix / "lib" / "cmake" / "throng" / "throngConfig.cmake"));
    CHECK(fs::exists(prefix / "include" / "throng" / "harness" / "api" / "throng.hpp"));
    CHECK(fs::exists(prefix / "bin" / "throng"));
    CHECK(install_test::internal_includes_in(prefix / "include").empty());

    const fs::path build = dir.path() / "example-build";
    const auto configured =
        throng::test::run_process(install_test::consumer_configure(build, prefix), dir.path(), seconds(300));
    INFO(configured.out << configured.err);
    REQUIRE(configured.exit_code == 0);
    // Nothing of throng's source tree is on the example's include path: it
    // builds from the installed headers alone.
    const std::string commands = throng::test::read_text(build / "build.ninja");
    CHECK(commands.find(THRONG_SOURCE_DIR "/harness") == std::string::npos);

    const auto built =
        throng::test::run_process({THRONG_CMAKE_COMMAND, "--build", build.string()}, dir.path(), seconds(600));
    INFO(built.out << built.err);
    REQUIRE(built.exit_code == 0);

    const auto ran = throng::test::run_process({(build / "cpp_api_example").string(), "out"}, dir.path(), seconds(120));
    INFO(ran.out << ran.err);
    // 0, or 1 when a latency threshold failed on a slow machine: the exit
    // says how the run went, not whether the build works.
    REQUIRE((ran.exit_code == 0 || ran.exit_code == 1));
    const auto result = nlohmann::json::parse(throng::test::read_text(dir.path() / "out" / "result.json"));
    CHECK(result["scenario"]["name"] == "cpp-api");
    CHECK(result["total"]["requests"].get<std::uint64_t>() > 0);
    CHECK(result["total"]["errors"]["total"] == 0);
}
