#include "targets/components/response/accept_encoding.hpp"

#include <algorithm>
#include <array>

#include "harness/core/ascii.hpp"

namespace throng::components {

namespace {

constexpr int not_listed = -1;

constexpr bool is_tchar(char c) {
    if (core::is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar); }

// A qvalue (RFC 9110 §12.4.2: "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")]) in
// thousandths, or not_listed if it is not one.
int parse_qvalue(std::string_view v) {
    if (v.empty() || v.size() > 5 || (v[0] != '0' && v[0] != '1')) return not_listed;
    const int whole = v[0] - '0';
    if (v.size() == 1) return whole * 1000;
    if (v[1] != '.') return not_listed;
    int fraction = 0;
    for (std::size_t i = 2; i < 5; ++i) {
        int digit = 0;
        if (i < v.size()) {
            if (!core::is_digit(v[i])) return not_listed;
            digit = v[i] - '0';
        }
        fraction = fraction * 10 + digit;
    }
    if (whole == 1 && fraction != 0) return not_listed;
    return whole * 1000 + fraction;
}

// The weights the header gives, in thousandths, or not_listed.
struct Weights {
    std::array<int, 4> of_coding{not_listed, not_listed, not_listed, not_listed};  // by Coding
    int star = not_listed;

    void list(int& slot, int q) { slot = slot == not_listed ? q : std::min(slot, q); }
};

// One element: coding *( OWS ";" OWS parameter ). False if malformed.
bool read_element(std::string_view element, Weights& weights) {
    const std::size_t semicolon = element.find(';');
    const std::string_view name = core::trim_ows(element.substr(0, semicolon));
    if (!is_token(name)) return false;
    int q = 1000;
    std::string_view params = semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1);
    while (!params.empty()) {
        const std::size_t next = params.find(';');
        const std::string_view param = core::trim_ows(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
        const std::size_t equals = param.find('=');
        if (equals == std::string_view::npos) continue;  // not a weight: ignored
        if (!core::iequals_ascii(core::trim_ows(param.substr(0, equals)), "q")) continue;
        q = parse_qvalue(core::trim_ows(param.substr(equals + 1)));
        if (q == not_listed) return false;
    }
    if (name == "*") {
        weights.list(weights.star, q);
    } else if (core::iequals_ascii(name, "identity")) {
        weights.list(weights.of_coding[static_cast<int>(Coding::identity)], q);
    } else if (core::iequals_ascii(name, "br")) {
        weights.list(weights.of_coding[static_cast<int>(Coding::br)], q);
    } else if (core::iequals_ascii(name, "gzip") || core::iequals_ascii(name, "x-gzip")) {
        weights.list(weights.of_coding[static_cast<int>(Coding::gzip)], q);
    } else if (core::iequals_ascii(name, "deflate")) {
        weights.list(weights.of_coding[static_cast<int>(Coding::deflate)], q);
    }  // other codings (zstd, compress, ...): the server offers none
    return true;
}

}  // namespace

Negotiated negotiate_encoding(std::string_view accept_encoding, std::span<const Coding> offered) {
    Weights weights;
    while (!accept_encoding.empty()) {
        const std::size_t comma = accept_encoding.find(',');
        read_element(accept_encoding.substr(0, comma), weights);  // a malformed one is skipped
        accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    }

    Negotiated result;
    int best = 0;  // a coding must weigh more than 0 to be acceptable
    for (const Coding coding : offered) {
        if (coding == Coding::identity) continue;
        int q = weights.of_coding[static_cast<int>(coding)];
        if (q == not_listed) q = weights.star == not_listed ? 0 : weights.star;
        if (q > best) {  // strictly: ties keep the server's earlier choice
            best = q;
            result.coding = coding;
        }
    }
    int identity = weights.of_coding[static_cast<int>(Coding::identity)];
    if (identity == not_listed) identity = weights.star;
    if (identity != not_listed) {
        result.identity_acceptable = identity > 0;
        if (identity > best) result.coding = Coding::identity;
    }
    return result;
}

}  // namespace throng::components
