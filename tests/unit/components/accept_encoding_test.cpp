// Accept-Encoding negotiation against RFC 9110 §12.5.3: weights, "*",
// identity refused or preferred, case and whitespace, malformed elements
// ignored, ties to the server's order.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "targets/components/response/accept_encoding.hpp"

namespace accept_encoding_test {

using throng::components::Coding;
using throng::components::negotiate_encoding;

const std::vector<Coding> all_offered{Coding::br, Coding::gzip, Coding::deflate};

struct Case {
    const char* header;
    Coding coding;
    bool identity_acceptable;
};

TEST_CASE("accept-encoding: the table of headers against br, gzip, deflate offered", "[components][response]") {
    const std::vector<Case> cases{
        // Plain lists: the server's order breaks ties.
        {"", Coding::identity, true},
        {"gzip", Coding::gzip, true},
        {"deflate", Coding::deflate, true},
        {"gzip, deflate, br", Coding::br, true},
        {"gzip, deflate, br, zstd", Coding::br, true},
        {"deflate, gzip", Coding::gzip, true},
        {"compress, zstd", Coding::identity, true},
        {"x-gzip", Coding::gzip, true},
        // Weights.
        {"gzip;q=0.5, deflate;q=0.8", Coding::deflate, true},
        {"br;q=0.5, gzip;q=0.501", Coding::gzip, true},
        {"gzip;q=0.001", Coding::gzip, true},
        {"br;q=1.000, gzip;q=1", Coding::br, true},
        {"br;q=1., gzip;q=0.9", Coding::br, true},
        {"br;q=0, gzip", Coding::gzip, true},
        {"br;q=0, gzip;q=0, deflate;q=0", Coding::identity, true},
        {"gzip;q=0., br;q=0.0", Coding::identity, true},
        {"gzip;q=0, gzip", Coding::identity, true},  // listed twice: the lower weight
        {"gzip, gzip;q=0", Coding::identity, true},
        // "*" weighs what is not listed.
        {"*", Coding::br, true},
        {"*;q=0.5, gzip", Coding::gzip, true},
        {"br;q=0.5, *;q=0.9", Coding::gzip, true},
        {"*, br;q=0", Coding::gzip, true},
        // identity: refused only explicitly; competes when weighed.
        {"*;q=0", Coding::identity, false},
        {"*;q=0, identity", Coding::identity, true},
        {"*;q=0, identity;q=0.1", Coding::identity, true},
        {"*;q=0, deflate", Coding::deflate, false},
        {"identity;q=0", Coding::identity, false},
        {"identity;q=0, gzip", Coding::gzip, false},
        {"gzip;q=0.5, identity", Coding::identity, true},
        {"gzip;q=0.5", Coding::gzip, true},  // identity unweighed: the coding wins
        {"identity;q=0.5, gzip;q=0.5", Coding::gzip, true},
        {"*;q=0.3, gzip;q=0.2", Coding::br, true},  // br by "*" ties identity by "*": the coding
        {"identity", Coding::identity, true},
        // Case and whitespace.
        {"GZIP", Coding::gzip, true},
        {"Br, Gzip", Coding::br, true},
        {"IDENTITY;Q=0, DEFLATE", Coding::deflate, false},
        {"gzip;Q=0.5, br;q=0.4", Coding::gzip, true},
        {"  gzip ;  q=0.7 ,\tbr;q=0.6 ", Coding::gzip, true},
        {"gzip ; q = 0.2, br;q=0.1", Coding::gzip, true},
        // Malformed elements are ignored, the rest still counts.
        {"br;q=2, gzip", Coding::gzip, true},
        {"br;q=1.5, deflate", Coding::deflate, true},
        {"br;q=1.001, gzip;q=0.1", Coding::gzip, true},
        {"br;q=0.1234, gzip;q=0.1", Coding::gzip, true},
        {"br;q=high, deflate", Coding::deflate, true},
        {"gzip;q=.5", Coding::identity, true},
        {"gzip;q=", Coding::identity, true},
        {"gzip;q=-1", Coding::identity, true},
        {"identity;q=zero", Coding::identity, true},  // a malformed refusal refuses nothing
        {"gz ip, deflate", Coding::deflate, true},
        {", , gzip,,", Coding::gzip, true},
        {";q=1, deflate", Coding::deflate, true},
        {"gzip;level=9", Coding::gzip, true},  // unknown parameters ignored
        {"gzip;q", Coding::gzip, true},
    };
    for (const Case& c : cases) {
        INFO("Accept-Encoding: " << c.header);
        const auto n = negotiate_encoding(c.header, all_offered);
        CHECK(n.coding == c.coding);
        CHECK(n.identity_acceptable == c.identity_acceptable);
        CHECK(n.nothing_acceptable() == (c.coding == Coding::identity && !c.identity_acceptable));
    }
}

TEST_CASE("accept-encoding: only the codings offered, in the server's order", "[components][response]") {
    const std::vector<Coding> gzip_only{Coding::gzip};
    CHECK(negotiate_encoding("br, gzip;q=0.5", gzip_only).coding == Coding::gzip);
    CHECK(negotiate_encoding("br", gzip_only).coding == Coding::identity);
    CHECK(negotiate_encoding("*", gzip_only).coding == Coding::gzip);
    const auto refused = negotiate_encoding("br, identity;q=0", gzip_only);
    CHECK(refused.nothing_acceptable());

    const std::vector<Coding> gzip_first{Coding::gzip, Coding::br};
    CHECK(negotiate_encoding("br, gzip", gzip_first).coding == Coding::gzip);
    CHECK(negotiate_encoding("br, gzip;q=0.9", gzip_first).coding == Coding::br);

    const std::vector<Coding> none;
    CHECK(negotiate_encoding("gzip, br", none).coding == Coding::identity);
    CHECK(negotiate_encoding("*;q=0", none).nothing_acceptable());

    const std::vector<Coding> with_identity{Coding::identity, Coding::deflate};  // identity in the list is ignored
    CHECK(negotiate_encoding("deflate", with_identity).coding == Coding::deflate);
}

}  // namespace accept_encoding_test
