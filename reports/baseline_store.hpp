#pragma once
// Named baselines: results kept under a name (say "main") so that later runs
// can be judged against them. CI jobs on the main branch save, pull requests
// read; the store is plain files so CI can commit or cache the directory.
//
// Layout: DIR/NAME/ holds one result.json per save, named by the UTC time of
// the save ("20261204T172800.123Z-<pid>-<random>.json"), so name order is
// save order and two writers never pick the same file; and a ".lock" file.
// Saving (write, then prune to the newest `keep`) holds an exclusive flock on
// the lock file, so concurrent saves neither lose nor corrupt an entry.
// Reading takes no lock: entries are written atomically (temp file + rename),
// and a file that does not parse is skipped with a warning.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "reports/baseline_entry.hpp"

namespace throng::reports {

inline constexpr int default_baseline_keep = 20;

// ".throng/baselines", relative to the current directory.
std::filesystem::path default_baseline_dir();

class BaselineStore {
public:
    // Told about entries skipped as unreadable, and old entries that could not
    // be pruned. By default the warnings go to stderr.
    using WarningSink = std::function<void(const std::string&)>;

    explicit BaselineStore(std::filesystem::path dir = default_baseline_dir(), WarningSink warn = {});

    const std::filesystem::path& dir() const { return dir_; }

    // Names are 1 to 100 of [A-Za-z0-9._-], and not "." or "..": they are
    // directory names. Throws std::invalid_argument saying so.
    static void check_name(std::string_view name);

    // Stores `result` as the newest entry of `name` and deletes all but the
    // newest `keep` (>= 1) entries. Returns the new entry. Throws
    // std::invalid_argument for a bad name or keep, std::runtime_error
    // (naming the path) when the store cannot be written.
    BaselineEntry save(std::string_view name, const nlohmann::json& result, int keep = default_baseline_keep);

    // Names with at least one entry, sorted.
    std::vector<std::string> names() const;
    // Readable entries of `name`, newest first; empty for an unknown name.
    std::vector<BaselineEntry> history(std::string_view name) const;
    // The newest readable result of `name`.
    std::optional<nlohmann::json> latest(std::string_view name) const;
    // history(name)[index] (0 is the newest), if there is one.
    std::optional<BaselineEntry> entry(std::string_view name, std::size_t index) const;
    // The whole result an entry describes. Throws std::runtime_error if it
    // has since been pruned or cannot be parsed.
    nlohmann::json load(const BaselineEntry& entry) const;

    // Deletes every entry of `name`; false if there was none.
    bool remove(std::string_view name);

private:
    std::vector<std::filesystem::path> entry_files_newest_first(std::string_view name) const;
    void warn(const std::string& message) const;

    std::filesystem::path dir_;
    WarningSink warn_;
};

}  // namespace throng::reports
