#include "harness/cli/args.hpp"

#include <charconv>
#include <cstdlib>

namespace throng::cli {

Args::Args(std::vector<std::string> argv, std::vector<Option> options) {
    auto find = [&](std::string_view name) -> const Option* {
        for (const auto& o : options)
            if (o.name == name || (!o.alias.empty() && o.alias == name)) return &o;
        return nullptr;
    };
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string arg = argv[i];
        if (arg.size() < 2 || arg[0] != '-' || arg == "--") {
            positional_.push_back(arg);
            continue;
        }
        std::optional<std::string> inline_value;
        if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            inline_value = arg.substr(eq + 1);
            arg.resize(eq);
        }
        const Option* option = find(arg);
        if (option == nullptr) {
            errors_.push_back("unknown option `" + arg + "`");
            continue;
        }
        if (!option->takes_value) {
            if (inline_value) errors_.push_back("option `" + option->name + "` takes no value");
            given_[option->name].push_back("");
            continue;
        }
        if (inline_value) {
            given_[option->name].push_back(*inline_value);
        } else if (i + 1 < argv.size()) {
            given_[option->name].push_back(argv[++i]);
        } else {
            errors_.push_back("option `" + option->name + "` needs a value");
        }
    }
}

bool Args::has(std::string_view name) const { return given_.find(name) != given_.end(); }

std::optional<std::string> Args::value(std::string_view name) const {
    const auto it = given_.find(name);
    if (it == given_.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::vector<std::string> Args::values(std::string_view name) const {
    const auto it = given_.find(name);
    return it == given_.end() ? std::vector<std::string>{} : it->second;
}

std::optional<long long> Args::integer(std::string_view name, long long min, long long max) {
    const auto text = value(name);
    if (!text) return std::nullopt;
    long long v = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc{} || end != text->data() + text->size() || v < min || v > max) {
        errors_.push_back("`" + std::string(name) + "` must be a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max) + ", got `" + *text + "`");
        return std::nullopt;
    }
    return v;
}

std::optional<double> Args::number(std::string_view name, double min, double max) {
    const auto text = value(name);
    if (!text) return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text->c_str(), &end);
    if (text->empty() || end != text->c_str() + text->size() || !(v >= min && v <= max)) {
        errors_.push_back("`" + std::string(name) + "` must be a number from " + std::to_string(min) + " to " +
                          std::to_string(max) + ", got `" + *text + "`");
        return std::nullopt;
    }
    return v;
}

}  // namespace throng::cli
