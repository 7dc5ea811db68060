#pragma once
// A fresh directory per test, removed afterwards. Lives under
// $THRONG_TEST_TMP when the test script sets it.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace throng::test {

class TempDir {
public:
    TempDir() {
        const char* base = std::getenv("THRONG_TEST_TMP");
        auto root = base ? std::filesystem::path(base) : std::filesystem::temp_directory_path();
        static int serial = 0;
        path_ = root / ("throng-test-" + std::to_string(::getpid()) + "-" + std::to_string(++serial));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return path_; }

    std::filesystem::path write(const std::string& name, const std::string& content) const {
        const auto p = path_ / name;
        std::filesystem::create_directories(p.parent_path());  // "certs/ca.pem"
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }

private:
    std::filesystem::path path_;
};

}  // namespace throng::test
