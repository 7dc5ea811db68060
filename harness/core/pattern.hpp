#pragma once
// A compiled regular expression for checks and extractions, backed by RE2:
// matching takes time linear in the text and bounded memory whatever the
// pattern and the body (no backtracking, no recursion), so no response can
// stall or crash a worker. The price is RE2's syntax: no backreferences, no
// lookaround. Text is matched as bytes (Latin-1), as it arrived on the wire;
// `.` does not match a newline, and `^`/`$` anchor at the ends of the text
// unless the pattern starts with (?s) or (?m).
//
// RE2 stays out of this header: users of core do not pay for it.
#include <memory>
#include <string>
#include <string_view>

namespace throng::core {

class Pattern {
public:
    // Throws std::runtime_error("invalid regular expression '...': why") on a
    // bad pattern (RE2's own words for why).
    static std::shared_ptr<const Pattern> compile(const std::string& source);
    ~Pattern();
    Pattern(const Pattern&) = delete;
    Pattern& operator=(const Pattern&) = delete;

    const std::string& source() const;
    int capture_groups() const;

    // Searches anywhere in `text` (not a full match). `group` 0 is the whole
    // match; a group that did not take part counts as not found. With `out`,
    // the found text is assigned to it.
    bool search(std::string_view text, int group, std::string* out) const;

private:
    struct Impl;
    explicit Pattern(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace throng::core
