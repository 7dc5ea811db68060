#pragma once
// A small command-line reader: "--name value", "--name=value", short aliases,
// repeatable options and positional arguments, with errors collected for a
// usage message rather than thrown one by one.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace throng::cli {

class Args {
public:
    struct Option {
        std::string name;   // "--vus"
        std::string alias;  // "-H" or ""
        bool takes_value = true;
    };

    Args(std::vector<std::string> argv, std::vector<Option> options);

    bool has(std::string_view name) const;
    std::optional<std::string> value(std::string_view name) const;  // the last one given
    std::vector<std::string> values(std::string_view name) const;   // all, in order
    const std::vector<std::string>& positional() const { return positional_; }
    const std::vector<std::string>& errors() const { return errors_; }

    // Typed readers that record an error (and return nullopt) on bad input.
    std::optional<long long> integer(std::string_view name, long long min, long long max);
    std::optional<double> number(std::string_view name, double min, double max);

    void add_error(std::string message) { errors_.push_back(std::move(message)); }

private:
    std::map<std::string, std::vector<std::string>, std::less<>> given_;
    std::vector<std::string> positional_;
    std::vector<std::string> errors_;
};

}  // namespace throng::cli
