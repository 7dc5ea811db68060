#pragma once
// Errors found in an input file, each with file:line:column, the JSON pointer
// of the offending value and what was expected. Parsers collect all of them
// rather than stopping at the first.
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/json.hpp"

namespace throng::core {

struct Diagnostic {
    std::string file;
    json::Position position;
    std::string pointer;  // JSON pointer, "" for the document itself
    std::string message;  // what is wrong and what was expected

    // "file:line:col: error: message (at /pointer)"
    std::string format() const;
};

class Diagnostics {
public:
    explicit Diagnostics(std::string file) : file_(std::move(file)) {}

    void error(const json::Value& at, std::string message);
    void error(json::Position position, std::string pointer, std::string message);

    bool empty() const { return list_.empty(); }
    const std::vector<Diagnostic>& list() const { return list_; }
    const std::string& file() const { return file_; }
    // Every diagnostic, one per line, in source order.
    std::string format() const;

private:
    std::string file_;
    std::vector<Diagnostic> list_;
};

// `text` as it may be echoed in a message: whole when short, else its start
// and how much was left out, so that a hostile 250 KB key costs one line.
std::string shortened(std::string_view text, std::size_t keep = 60);

// Thrown by loaders when a file has errors; carries all of them.
class InputError : public std::exception {
public:
    explicit InputError(std::vector<Diagnostic> list);
    const char* what() const noexcept override { return text_.c_str(); }
    const std::vector<Diagnostic>& diagnostics() const { return list_; }

private:
    std::vector<Diagnostic> list_;
    std::string text_;
};

}  // namespace throng::core
