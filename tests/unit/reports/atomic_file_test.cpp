#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "reports/atomic_file.hpp"

namespace fs = std::filesystem;
using throng::reports::write_file_atomically;

namespace {
std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
fs::path fresh_dir() {
    auto dir = fs::temp_directory_path() / ("throng-atomic-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir;
}
}  // namespace

TEST_CASE("atomic writes create directories, replace content and leave no temp file", "[reports][files]") {
    const auto dir = fresh_dir();
    const auto file = dir / "nested" / "result.json";
    write_file_atomically(file, "first");
    CHECK(slurp(file) == "first");
    write_file_atomically(file, "second, longer");
    CHECK(slurp(file) == "second, longer");
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(file.parent_path())) ++entries;
    CHECK(entries == 1);
    fs::remove_all(dir);
}

TEST_CASE("a failed atomic write names the path and keeps the old file", "[reports][files]") {
    const auto dir = fresh_dir();
    fs::create_directories(dir);
    const auto blocker = dir / "not-a-dir";
    write_file_atomically(blocker, "keep me");
    try {
        write_file_atomically(blocker / "result.json", "x");
        FAIL("expected an error");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("not-a-dir") != std::string::npos);
    }
    CHECK(slurp(blocker) == "keep me");
    fs::remove_all(dir);
}
