#include <catch2/catch.hpp>

#include "harness/core/redact.hpp"

using throng::core::redact_password;

TEST_CASE("passwords in target URLs are masked, the rest kept", "[redact]") {
    CHECK(redact_password("postgresql://app:s3cret@127.0.0.1:5432/app") == "postgresql://app:***@127.0.0.1:5432/app");
    CHECK(redact_password("redis://:s3cret@127.0.0.1:6379/2") == "redis://:***@127.0.0.1:6379/2");
    CHECK(redact_password("postgresql://app@127.0.0.1/app?password=s3cret&sslmode=disable") ==
          "postgresql://app@127.0.0.1/app?password=***&sslmode=disable");
    CHECK(redact_password("postgresql://a:b@h/db?application_name=x&password=y") ==
          "postgresql://a:***@h/db?application_name=x&password=***");
    // Nothing to hide: unchanged.
    CHECK(redact_password("http://127.0.0.1:8080") == "http://127.0.0.1:8080");
    CHECK(redact_password("postgresql://app@127.0.0.1:5432/app") == "postgresql://app@127.0.0.1:5432/app");
    CHECK(redact_password("embedded:demo") == "embedded:demo");
    // An '@' in the path is not user info.
    CHECK(redact_password("http://h:80/a@b") == "http://h:80/a@b");
}
