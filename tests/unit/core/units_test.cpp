#include "harness/core/units.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using throng::core::format_duration;
using throng::core::parse_duration;
using throng::core::parse_percentage;
using throng::core::parse_rate;

TEST_CASE("parse_duration accepts every unit and combinations in decreasing order", "[units]") {
    CHECK(parse_duration("250ms") == 250ms);
    CHECK(parse_duration("1m30s") == 90s);
    CHECK(parse_duration("1.5s") == 1500ms);
    CHECK(parse_duration("100us") == 100us);
    CHECK(parse_duration("100\xC2\xB5s") == 100us);  // micro sign
    CHECK(parse_duration("100\xCE\xBCs") == 100us);  // greek mu
    CHECK(parse_duration("500ns") == 500ns);
    CHECK(parse_duration("2h") == 2h);
    CHECK(parse_duration("0s") == 0ns);
    CHECK(parse_duration("1h2m3.5s") == 1h + 2min + 3500ms);
    CHECK(parse_duration("1s500ms") == 1500ms);
    CHECK(parse_duration("1ms1us1ns") == 1001001ns);
    CHECK(parse_duration("0.1s") == 100ms);
    CHECK(parse_duration("0.000000001s") == 1ns);
    CHECK(parse_duration("1.5ns") == 2ns);  // rounded to the nearest nanosecond
    CHECK(parse_duration("2562047h") == 2562047h);
}

TEST_CASE("parse_duration rejects malformed text", "[units]") {
    for (const char* bad : {"",    "10",  "ms",  "-1s",  "1x",    "1s1m", "1s1s", "1ms1s", "1 s", " 1s",
                            "1s ", "1.s", ".5s", "1,5s", "1e3ms", "+1s",  "s1",   "1sec",  "1S",  "1m-1s"}) {
        INFO(bad);
        CHECK_FALSE(parse_duration(bad).has_value());
    }
}

TEST_CASE("parse_duration rejects overflow", "[units]") {
    CHECK_FALSE(parse_duration("2562048h").has_value());
    CHECK_FALSE(parse_duration("9223372036854775808ns").has_value());
    CHECK(parse_duration("9223372036854775807ns") == std::chrono::nanoseconds::max());
    CHECK_FALSE(parse_duration("99999999999999999999999s").has_value());
    CHECK_FALSE(parse_duration("2562047h47m16.854775808s").has_value());
}

TEST_CASE("parse_percentage", "[units]") {
    CHECK(parse_percentage("1%") == Approx(0.01));
    CHECK(parse_percentage("0.5%") == Approx(0.005));
    CHECK(parse_percentage("100%") == Approx(1.0));
    CHECK(parse_percentage("0%") == 0.0);
    for (const char* bad : {"", "%", "1", "0.01", "-1%", "1 %", "1%%", "x%", "1e2%", ".5%", "inf%"}) {
        INFO(bad);
        CHECK_FALSE(parse_percentage(bad).has_value());
    }
}

TEST_CASE("parse_rate converts to per second", "[units]") {
    CHECK(parse_rate("100/s") == Approx(100));
    CHECK(parse_rate("6000/m") == Approx(100));
    CHECK(parse_rate("36000/h") == Approx(10));
    CHECK(parse_rate("0.5/s") == Approx(0.5));
    for (const char* bad : {"", "100", "/s", "100/", "100/d", "100/sec", "-1/s", "100 /s", "1/s/s"}) {
        INFO(bad);
        CHECK_FALSE(parse_rate(bad).has_value());
    }
}

TEST_CASE("format_duration keeps three significant digits", "[units]") {
    CHECK(format_duration(0ns) == "0s");
    CHECK(format_duration(850ns) == "850ns");
    CHECK(format_duration(999ns) == "999ns");
    CHECK(format_duration(1000ns) == "1.00us");
    CHECK(format_duration(12345ns) == "12.3us");
    CHECK(format_duration(123456ns) == "123us");
    CHECK(format_duration(999499ns) == "999us");
    CHECK(format_duration(999600ns) == "1.00ms");  // rounding moves up a unit
    CHECK(format_duration(9996ns) == "10.0us");    // and keeps three digits
    CHECK(format_duration(4560us) == "4.56ms");
    CHECK(format_duration(1200ms) == "1.20s");
    CHECK(format_duration(59940ms) == "59.9s");
    CHECK(format_duration(59960ms) == "1m00s");
    CHECK(format_duration(125s) == "2m05s");
    CHECK(format_duration(59min + 59s) == "59m59s");
    CHECK(format_duration(1h + 2min + 20s) == "1h02m");
    CHECK(format_duration(-1500ms) == "-1.50s");
}

TEST_CASE("format_duration output parses back", "[units]") {
    for (auto d :
         {850ns, std::chrono::nanoseconds(4560us), std::chrono::nanoseconds(1200ms), std::chrono::nanoseconds(125s)}) {
        const auto text = format_duration(d);
        INFO(text);
        REQUIRE(parse_duration(text).has_value());
        CHECK(*parse_duration(text) == d);
    }
}

TEST_CASE("parse_size reads bytes with decimal and binary units", "[units]") {
    using throng::core::parse_size;
    CHECK(parse_size("512") == 512u);
    CHECK(parse_size("0") == 0u);
    CHECK(parse_size("512B") == 512u);
    CHECK(parse_size("10KB") == 10'000u);
    CHECK(parse_size("10KiB") == 10'240u);
    CHECK(parse_size("1.5MB") == 1'500'000u);
    CHECK(parse_size("2MiB") == 2'097'152u);
    CHECK(parse_size("1GB") == 1'000'000'000u);
    CHECK(parse_size("1GiB") == 1'073'741'824u);
    CHECK(parse_size("0.5KiB") == 512u);
    // Fractions of a byte are dropped, however many digits.
    CHECK(parse_size("1.5") == 1u);
    CHECK(parse_size("0.5B") == 0u);
    CHECK(parse_size("1.0009KB") == 1'000u);
    CHECK(parse_size("0.999999999999999999999GiB") == 1'073'741'823u);
    CHECK(parse_size("18446744073709551615") == 18446744073709551615u);
    CHECK(parse_size("17179869183GiB") == 17179869183ull << 30);
}

TEST_CASE("parse_size rejects malformed text and overflow", "[units]") {
    using throng::core::parse_size;
    for (const char* bad : {"",    "B",    "KB", "-1", "-1KB", "+1KB", "1 KB", " 1KB", "1KB ",  "1kb",  "1Kb",
                            "1kB", "1KIB", "1K", "1M", "1TB",  "1.KB", ".5KB", "1e3",  "1,5MB", "1KBB", "1BB"}) {
        INFO(bad);
        CHECK_FALSE(parse_size(bad).has_value());
    }
    CHECK_FALSE(parse_size("18446744073709551616").has_value());
    CHECK_FALSE(parse_size("17179869184GiB").has_value());
    CHECK_FALSE(parse_size("18446744073709551615.5KB").has_value());
    CHECK_FALSE(parse_size("18446744073709551.616KB").has_value());
}
