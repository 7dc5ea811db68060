#include "reports/baseline_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/ascii.hpp"
#include "reports/result_json.hpp"

namespace throng::reports {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using core::is_digit;

constexpr std::size_t max_name_length = 100;
constexpr const char* lock_file_name = ".lock";
// Left by write_file_atomically when a writer died between write and rename.
constexpr std::string_view temp_file_marker = ".json.tmp-";

bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

// ---- entry file names: "20261204T172800.123Z-<pid>-<random hex>.json" ----

constexpr std::size_t stamp_length = 20;  // "20261204T172800.123Z"

std::string stamp_of(std::int64_t epoch_ms) {
    const auto seconds = static_cast<std::time_t>(epoch_ms / 1000);
    std::tm tm{};
    ::gmtime_r(&seconds, &tm);
    char text[40];
    std::snprintf(text, sizeof text, "%04d%02d%02dT%02d%02d%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(epoch_ms % 1000));
    return text;
}

// The save time of an entry file in ms since the epoch, or nullopt if the
// name is not an entry's (the lock file, a temp file, anything put there).
std::optional<std::int64_t> entry_time(std::string_view file_name) {
    constexpr std::string_view suffix = ".json";
    if (file_name.size() < stamp_length + 4 + suffix.size() || !file_name.ends_with(suffix)) return std::nullopt;
    const std::string_view stamp = file_name.substr(0, stamp_length);
    for (std::size_t i = 0; i < stamp_length; ++i) {
        const char expected = i == 8 ? 'T' : i == 15 ? '.' : i == 19 ? 'Z' : '0';
        if (expected == '0' ? !is_digit(stamp[i]) : stamp[i] != expected) return std::nullopt;
    }
    // "-<pid>-<hex>" between the stamp and the suffix.
    const std::string_view tail = file_name.substr(stamp_length, file_name.size() - stamp_length - suffix.size());
    const auto second_dash = tail.find('-', 1);
    if (tail.front() != '-' || second_dash == std::string_view::npos || second_dash == 1 ||
        second_dash + 1 == tail.size())
        return std::nullopt;
    if (!std::all_of(tail.begin() + 1, tail.begin() + static_cast<std::ptrdiff_t>(second_dash), is_digit) ||
        !std::all_of(tail.begin() + static_cast<std::ptrdiff_t>(second_dash) + 1, tail.end(), is_hex_digit))
        return std::nullopt;
    auto field = [&](std::size_t at, std::size_t length) { return std::stoi(std::string(stamp.substr(at, length))); };
    std::tm tm{};
    tm.tm_year = field(0, 4) - 1900;
    tm.tm_mon = field(4, 2) - 1;
    tm.tm_mday = field(6, 2);
    tm.tm_hour = field(9, 2);
    tm.tm_min = field(11, 2);
    tm.tm_sec = field(13, 2);
    return static_cast<std::int64_t>(::timegm(&tm)) * 1000 + field(16, 3);
}

// "20261204T172800.123Z..." -> "2026-12-04T17:28:00.123Z"
std::string saved_at_of(const fs::path& file) {
    const std::string s = file.filename().string().substr(0, stamp_length);
    return s.substr(0, 4) + "-" + s.substr(4, 2) + "-" + s.substr(6, 2) + "T" + s.substr(9, 2) + ":" + s.substr(11, 2) +
           ":" + s.substr(13, 7);
}

std::int64_t now_epoch_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string random_hex() {
    std::random_device device;
    char text[16];
    std::snprintf(text, sizeof text, "%08x", static_cast<unsigned>(device()));
    return text;
}

std::string error_text(const std::string& what, const fs::path& path) {
    return what + " " + path.string() + ": " + std::strerror(errno);
}

// ---- the lock that serializes the writers of one name ----

// An exclusive flock on DIR/.lock, released on destruction. remove() renames
// the directory away while holding it, so a writer that was waiting must not
// trust the file it opened: it re-checks that the path still leads to it.
class NameLock {
public:
    explicit NameLock(const fs::path& directory) {
        const fs::path path = directory / lock_file_name;
        for (;;) {
            std::error_code ec;
            fs::create_directories(directory, ec);
            if (ec) throw std::runtime_error("cannot create " + directory.string() + ": " + ec.message());
            fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
            if (fd_ < 0) {
                if (errno == ENOENT) continue;  // the directory was removed in between
                throw std::runtime_error(error_text("cannot open the lock file", path));
            }
            while (::flock(fd_, LOCK_EX) != 0) {
                if (errno == EINTR) continue;
                const auto message = error_text("cannot lock", path);
                ::close(fd_);
                throw std::runtime_error(message);
            }
            struct stat held {
            }, current{};
            if (::fstat(fd_, &held) == 0 && ::stat(path.c_str(), &current) == 0 && held.st_dev == current.st_dev &&
                held.st_ino == current.st_ino)
                return;
            ::close(fd_);
        }
    }
    ~NameLock() { ::close(fd_); }
    NameLock(const NameLock&) = delete;
    NameLock& operator=(const NameLock&) = delete;

private:
    int fd_ = -1;
};

// ---- reading entries ----

enum class ReadOutcome { ok, vanished, unreadable };

// Listing needs a few top-level fields only; dropping the rest while parsing
// keeps `list` cheap over long histories of large results.
bool keep_for_listing(int depth, json::parse_event_t event, json& parsed) {
    if (event != json::parse_event_t::key || depth != 1) return true;
    static const std::vector<std::string> wanted = {
        "schema_version", "throng_version",       "scenario",   "run", "total", "verdict",
        "passed",         "aborted_by_threshold", "setup_error"};
    return std::find(wanted.begin(), wanted.end(), parsed.get_ref<const std::string&>()) != wanted.end();
}

ReadOutcome read_entry(const fs::path& file, bool whole, json& out, std::string& problem) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::error_code ec;
        if (!fs::exists(file, ec)) return ReadOutcome::vanished;  // pruned or removed since listed
        problem = "cannot be read";
        return ReadOutcome::unreadable;
    }
    out = whole ? json::parse(in, nullptr, /*allow_exceptions=*/false)
                : json::parse(in, keep_for_listing, /*allow_exceptions=*/false);
    if (out.is_discarded()) {
        problem = "is not valid JSON (cut short by a crash or a partial copy?)";
        return ReadOutcome::unreadable;
    }
    if (!out.is_object()) {
        problem = "is not a result.json object";
        return ReadOutcome::unreadable;
    }
    return ReadOutcome::ok;
}

// Temp files of writers that died between write and rename. Writers hold
// the lock while writing, so any temp file seen now is dead; the age limit
// keeps a live writer's file safe all the same where flock is not honoured
// (some network file systems).
void remove_dead_writers_leftovers(const fs::path& directory) {
    constexpr auto old_enough = std::chrono::hours(1);
    const auto now = fs::file_time_type::clock::now();
    std::error_code ec;
    for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().filename().string().find(temp_file_marker) == std::string::npos) continue;
        std::error_code ignored;
        const auto written = fs::last_write_time(it->path(), ignored);
        if (!ignored && now - written > old_enough) fs::remove(it->path(), ignored);
    }
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > max_name_length || name == "." || name == "..") return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-';
    });
}

}  // namespace

fs::path default_baseline_dir() { return fs::path(".throng") / "baselines"; }

BaselineStore::BaselineStore(fs::path dir, WarningSink warn) : dir_(std::move(dir)), warn_(std::move(warn)) {}

void BaselineStore::warn(const std::string& message) const {
    if (warn_) {
        warn_(message);
    } else {
        std::fprintf(stderr, "throng: warning: %s\n", message.c_str());
    }
}

void BaselineStore::check_name(std::string_view name) {
    if (valid_name(name)) return;
    throw std::invalid_argument("baseline name `" + std::string(name) +
                                "` is not valid: expected 1 to 100 letters, digits, `.`, `_` or `-` "
                                "(not `.` or `..`), e.g. `main` or `release-1.2`");
}

std::vector<fs::path> BaselineStore::entry_files_newest_first(std::string_view name) const {
    check_name(name);
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir_ / std::string(name), ec), end; !ec && it != end; it.increment(ec)) {
        if (entry_time(it->path().filename().string())) files.push_back(it->path());
    }
    // Names start with the save time, so name order is time order.
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.filename().string() > b.filename().string(); });
    return files;
}

BaselineEntry BaselineStore::save(std::string_view name, const json& result, int keep) {
    check_name(name);
    if (keep < 1) throw std::invalid_argument("a baseline keeps at least 1 entry, got keep " + std::to_string(keep));
    if (!result.is_object()) throw std::invalid_argument("a baseline must be a result.json object");
    const fs::path directory = dir_ / std::string(name);
    const NameLock lock(directory);

    std::vector<fs::path> files = entry_files_newest_first(name);
    // Strictly after the newest entry, even within one millisecond or if the
    // clock stepped back: the new entry must sort first.
    std::int64_t saved_ms = now_epoch_ms();
    if (!files.empty()) saved_ms = std::max(saved_ms, *entry_time(files.front().filename().string()) + 1);
    const fs::path file =
        directory / (stamp_of(saved_ms) + "-" + std::to_string(::getpid()) + "-" + random_hex() + ".json");
    write_result_json(result, file);
    files.insert(files.begin(), file);

    // Entries may vanish meanwhile (an unlocked manual cleanup): that is fine.
    for (std::size_t i = static_cast<std::size_t>(keep); i < files.size(); ++i) {
        std::error_code ec;
        fs::remove(files[i], ec);
        if (ec && ec != std::errc::no_such_file_or_directory)
            warn("could not delete old baseline entry " + files[i].string() + ": " + ec.message());
    }
    remove_dead_writers_leftovers(directory);

    BaselineEntry entry = describe_baseline(result);
    entry.name = std::string(name);
    entry.file = file;
    entry.saved_at = saved_at_of(file);
    return entry;
}

std::vector<std::string> BaselineStore::names() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code not_a_dir;
        if (valid_name(name) && it->is_directory(not_a_dir) && !entry_files_newest_first(name).empty())
            out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<BaselineEntry> BaselineStore::history(std::string_view name) const {
    std::vector<BaselineEntry> out;
    for (const auto& file : entry_files_newest_first(name)) {
        json summary;
        std::string problem;
        const auto outcome = read_entry(file, /*whole=*/false, summary, problem);
        if (outcome == ReadOutcome::unreadable) warn("skipping baseline entry " + file.string() + ": it " + problem);
        if (outcome != ReadOutcome::ok) continue;
        BaselineEntry entry = describe_baseline(summary);
        entry.name = std::string(name);
        entry.file = file;
        entry.saved_at = saved_at_of(file);
        out.push_back(std::move(entry));
    }
    return out;
}

std::optional<json> BaselineStore::latest(std::string_view name) const {
    for (const auto& file : entry_files_newest_first(name)) {
        json result;
        std::string problem;
        const auto outcome = read_entry(file, /*whole=*/true, result, problem);
        if (outcome == ReadOutcome::ok) return result;
        if (outcome == ReadOutcome::unreadable) warn("skipping baseline entry " + file.string() + ": it " + problem);
    }
    return std::nullopt;
}

std::optional<BaselineEntry> BaselineStore::entry(std::string_view name, std::size_t index) const {
    auto entries = history(name);
    if (index >= entries.size()) return std::nullopt;
    return std::move(entries[index]);
}

json BaselineStore::load(const BaselineEntry& entry) const {
    json result;
    std::string problem;
    const auto outcome = read_entry(entry.file, /*whole=*/true, result, problem);
    if (outcome == ReadOutcome::vanished)
        throw std::runtime_error("baseline entry " + entry.file.string() + " no longer exists (pruned or deleted)");
    if (outcome == ReadOutcome::unreadable)
        throw std::runtime_error("baseline entry " + entry.file.string() + " " + problem);
    return result;
}

bool BaselineStore::remove(std::string_view name) {
    check_name(name);
    const fs::path directory = dir_ / std::string(name);
    std::error_code ec;
    if (!fs::is_directory(directory, ec)) return false;
    const NameLock lock(directory);
    const bool had_entries = !entry_files_newest_first(name).empty();
    // Move the directory out of the way in one step, then delete it at
    // leisure: a save that starts meanwhile gets a fresh directory and its
    // entry survives. `~` is not allowed in names, so names() never lists it.
    const fs::path doomed =
        dir_ / (".deleted~" + std::string(name) + "~" + std::to_string(::getpid()) + "~" + random_hex());
    fs::rename(directory, doomed, ec);
    if (ec) throw std::runtime_error("cannot delete " + directory.string() + ": " + ec.message());
    fs::remove_all(doomed, ec);
    if (ec)
        warn("baseline " + std::string(name) + " is deleted but " + doomed.string() + " is left over: " + ec.message());
    return had_entries;
}

}  // namespace throng::reports
