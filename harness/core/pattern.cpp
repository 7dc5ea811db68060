#include "harness/core/pattern.hpp"

#include <re2/re2.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace throng::core {

struct Pattern::Impl {
    explicit Impl(const re2::RE2::Options& options, const std::string& text) : re(text, options) {}
    re2::RE2 re;
};

namespace {

re2::RE2::Options options() {
    re2::RE2::Options o;
    o.set_encoding(re2::RE2::Options::EncodingLatin1);  // bytes, as they came
    o.set_log_errors(false);                            // errors are reported to the user, not to stderr
    // RE2's compiled program and its DFA cache share this budget; past it the
    // DFA starts over and, if that happens too often, RE2 falls back to its
    // (still linear) NFA. A pattern that cannot compile within it is refused.
    o.set_max_mem(32 << 20);
    return o;
}

// RE2 says "missing ): (unclosed": the reason, then the part at fault, which
// is worth repeating only when it is not the whole pattern.
std::string reason(const re2::RE2& re) {
    std::string why = re.error();
    const std::string& part = re.error_arg();
    if (!part.empty() && why.ends_with(": " + part)) {
        why.resize(why.size() - part.size() - 2);
        if (part != re.pattern()) why += " `" + part + "`";
    }
    return why;
}

}  // namespace

std::shared_ptr<const Pattern> Pattern::compile(const std::string& source) {
    auto impl = std::make_unique<Impl>(options(), source);
    if (!impl->re.ok()) throw std::runtime_error("invalid regular expression '" + source + "': " + reason(impl->re));
    return std::shared_ptr<const Pattern>(new Pattern(std::move(impl)));
}

Pattern::Pattern(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pattern::~Pattern() = default;

const std::string& Pattern::source() const { return impl_->re.pattern(); }
int Pattern::capture_groups() const { return impl_->re.NumberOfCapturingGroups(); }

bool Pattern::search(std::string_view text, int group, std::string* out) const {
    if (group < 0 || group > capture_groups()) return false;
    // Only as many submatches as asked for: RE2 finds fewer faster (none
    // needed beyond the match itself when group is 0 and nothing is kept).
    const int wanted = out == nullptr && group == 0 ? 0 : group + 1;
    re2::StringPiece found[16];
    std::vector<re2::StringPiece> many;
    re2::StringPiece* submatches = found;
    if (wanted > 16) {
        many.resize(static_cast<std::size_t>(wanted));
        submatches = many.data();
    }
    const re2::StringPiece input(text.data(), text.size());
    if (!impl_->re.Match(input, 0, input.size(), re2::RE2::UNANCHORED, submatches, wanted)) return false;
    if (wanted == 0) return true;
    const re2::StringPiece& g = submatches[group];
    if (g.data() == nullptr) return false;  // the group did not take part in the match
    if (out != nullptr) out->assign(g.data(), g.size());
    return true;
}

}  // namespace throng::core
