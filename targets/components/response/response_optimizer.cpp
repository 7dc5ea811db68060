#include "targets/components/response/response_optimizer.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "harness/core/ascii.hpp"

namespace throng::components {

namespace {

// 1xx, 204 and 304 have no body; a 206's Content-Range counts the
// identity body's bytes.
bool may_have_coded_body(int status) { return status >= 200 && status != 204 && status != 206 && status != 304; }

// Vary with Accept-Encoding in it (unless it is there already, or "*").
std::string vary_with_accept_encoding(std::string_view vary) {
    std::string_view rest = vary;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view field = core::trim_ows(rest.substr(0, comma));
        if (field == "*" || core::iequals_ascii(field, "accept-encoding")) return std::string(core::trim_ows(vary));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    if (core::trim_ows(vary).empty()) return "Accept-Encoding";
    return std::string(core::trim_ows(vary)) + ", Accept-Encoding";
}

}  // namespace

std::string_view OptimizedResponse::header(std::string_view name) const {
    for (const Header& h : headers)
        if (core::iequals_ascii(h.name, name)) return h.value;
    return {};
}

ResponseOptimizer::ResponseOptimizer(ResponseOptimizerConfig config) : config_(std::move(config)) {
    if (config_.gzip_level < 1 || config_.gzip_level > 9)
        throw std::invalid_argument("response optimizer: gzip_level must be 1..9");
    if (config_.brotli_quality < 0 || config_.brotli_quality > 11)
        throw std::invalid_argument("response optimizer: brotli_quality must be 0..11");
    if (config_.brotli_window < 10 || config_.brotli_window > 24)
        throw std::invalid_argument("response optimizer: brotli_window must be 10..24");
    for (std::size_t i = 0; i < config_.codings.size(); ++i) {
        const Coding c = config_.codings[i];
        if (c == Coding::identity) throw std::invalid_argument("response optimizer: identity is not a coding to offer");
        if (std::find(config_.codings.begin(), config_.codings.begin() + static_cast<std::ptrdiff_t>(i), c) !=
            config_.codings.begin() + static_cast<std::ptrdiff_t>(i))
            throw std::invalid_argument("response optimizer: a coding is offered twice");
    }
}

std::optional<std::string> ResponseOptimizer::compress_body(Coding coding, std::string_view body, TypeClass type,
                                                            std::size_t max_size) const {
    CompressOptions options;
    options.level = coding == Coding::br ? config_.brotli_quality : config_.gzip_level;
    options.brotli_mode = type == TypeClass::text ? BrotliMode::text : BrotliMode::generic;
    options.brotli_window = config_.brotli_window;
    options.max_size = max_size;
    return compress(coding, body, options);
}

OptimizedResponse ResponseOptimizer::optimize(const RequestInfo& request, ResponseInfo&& response) const {
    OptimizedResponse out;
    out.status = response.status;

    // What coding this request could get, and whether to try it.
    const bool codable = may_have_coded_body(response.status) && core::trim_ows(response.content_encoding).empty();
    const TypeClass type = classify_content_type(response.content_type);
    Negotiated negotiated;
    if (codable) negotiated = negotiate(request.accept_encoding);
    const bool forced = !negotiated.identity_acceptable && negotiated.coding != Coding::identity;
    const bool try_coding = negotiated.coding != Coding::identity &&
                            (forced || (type != TypeClass::incompressible && response.body.size() >= config_.min_size &&
                                        !response.body.empty()));
    const bool varies = codable && (type != TypeClass::incompressible || !negotiated.identity_acceptable);
    if (varies) out.headers.push_back({"Vary", vary_with_accept_encoding(response.vary)});
    out.nothing_acceptable = codable && negotiated.nothing_acceptable();
    if (out.nothing_acceptable && config_.reject_unacceptable) {
        out.status = 406;
        return out;
    }

    // The identity representation's tag, and the 304 check before any
    // compressing: a hit costs a hash, not a compression.
    const bool get_or_head = request.method == "GET" || request.method == "HEAD";
    std::string tag;
    if (is_entity_tag(core::trim_ows(response.etag)))
        tag = std::string(core::trim_ows(response.etag));
    else if (config_.etags && get_or_head && response.status == 200)
        tag = strong_etag(response.body);
    if (!tag.empty() && get_or_head && response.status == 200 && !core::trim_ows(request.if_none_match).empty()) {
        std::vector<std::string> candidates;
        if (try_coding) candidates.push_back(coded_etag(tag, negotiated.coding));
        if (negotiated.identity_acceptable) candidates.push_back(tag);
        for (std::string& candidate : candidates) {
            if (!none_match_hits(request.if_none_match, candidate)) continue;
            out.status = 304;
            out.headers.push_back({"ETag", std::move(candidate)});
            return out;
        }
    }

    if (try_coding) {
        // Only a smaller body is worth it, unless identity was refused.
        const std::size_t max_size = forced ? std::numeric_limits<std::size_t>::max() : response.body.size() - 1;
        if (auto coded = compress_body(negotiated.coding, response.body, type, max_size)) {
            response.body = std::move(*coded);
            out.coding = negotiated.coding;
            out.headers.push_back({"Content-Encoding", std::string(to_string(out.coding))});
        }
    }
    if (!tag.empty()) out.headers.push_back({"ETag", coded_etag(tag, out.coding)});
    out.body = std::move(response.body);
    return out;
}

}  // namespace throng::components
