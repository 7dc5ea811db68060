#include <catch2/catch.hpp>

#include <algorithm>

#include "harness/core/error_class.hpp"

using throng::core::ErrorClass;

TEST_CASE("an error class is declared once by name and keeps it", "[core][errors]") {
    const ErrorClass first = ErrorClass::declare("test_declared_class");
    CHECK(ErrorClass::declare("test_declared_class") == first);
    CHECK(first.name() == "test_declared_class");
    CHECK(first != ErrorClass::other);
    CHECK(ErrorClass::declare("other") == ErrorClass::other);  // core's own are declared already
    CHECK(ErrorClass::connect_refused.name() == "connect_refused");
    CHECK(ErrorClass{} == ErrorClass::none);
    CHECK(first.index() < ErrorClass::capacity);
}

TEST_CASE("reports list core's error classes first, then the declared ones by name", "[core][errors]") {
    const ErrorClass zulu = ErrorClass::declare("test_zulu");
    const ErrorClass alpha = ErrorClass::declare("test_alpha");
    const auto all = throng::core::all_error_classes();
    REQUIRE(all.size() >= 9);
    CHECK(all[0] == ErrorClass::none);
    CHECK(all[1] == ErrorClass::connect_refused);
    CHECK(all[6] == ErrorClass::other);
    const auto at = [&](ErrorClass c) { return std::find(all.begin(), all.end(), c) - all.begin(); };
    CHECK(at(alpha) < at(zulu));
    CHECK(std::is_sorted(all.begin() + 7, all.end(), [](ErrorClass a, ErrorClass b) { return a.name() < b.name(); }));
}
