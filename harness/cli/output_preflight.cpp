#include "harness/cli/output_preflight.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace throng::cli {

namespace {

namespace fs = std::filesystem;

// Creates the folder (and its parents) and a file in it, then removes the file.
void probe_folder(const fs::path& folder, const std::string& what) {
    const fs::path dir = folder.empty() ? fs::path(".") : folder;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw std::runtime_error("cannot create " + what + " folder " + dir.string() + ": " + ec.message());
    if (!fs::is_directory(dir, ec)) throw std::runtime_error(what + " " + dir.string() + " is not a folder");
    const fs::path probe = dir / (".throng-write-check-" + std::to_string(::getpid()));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::runtime_error("cannot write into " + what + " folder " + dir.string() + ": " + std::strerror(errno));
    ::close(fd);
    fs::remove(probe, ec);
}

void probe_file(const fs::path& file, const std::string& what) {
    std::error_code ec;
    if (fs::is_directory(file, ec)) throw std::runtime_error(what + " " + file.string() + " is a folder, not a file");
    probe_folder(file.parent_path(), what);
}

}  // namespace

void check_writable(const fs::path& result_file, const ReportFiles& reports) {
    probe_file(result_file, "the result");
    if (reports.html) probe_file(*reports.html, "the HTML report");
    if (reports.junit) probe_file(*reports.junit, "the JUnit report");
    if (reports.markdown) probe_file(*reports.markdown, "the Markdown summary");
    if (reports.hlog_dir) probe_folder(*reports.hlog_dir, "the interval log");
}

std::string retire_previous_result(const fs::path& result_file, const ReportFiles& reports) {
    std::error_code ec;
    if (!fs::exists(result_file, ec)) return "";
    const fs::path previous = result_file.parent_path() / "result.previous.json";
    fs::rename(result_file, previous, ec);
    if (ec) throw std::runtime_error("cannot move the earlier " + result_file.string() + " aside: " + ec.message());
    for (const auto& report : {reports.html, reports.junit, reports.markdown})
        if (report) fs::remove(*report, ec);
    return "the earlier result is now " + previous.string();
}

}  // namespace throng::cli
