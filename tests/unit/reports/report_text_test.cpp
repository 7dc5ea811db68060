// What the JUnit and Markdown writers share: escaping untrusted text for
// XML and for Markdown, and how numbers are spelled.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "reports/report_values.hpp"
#include "reports/text_escape.hpp"

using nlohmann::json;
namespace values = throng::reports::values;
using throng::reports::markdown_text;
using throng::reports::xml_attribute;
using throng::reports::xml_text;

TEST_CASE("XML escaping: markup characters, forbidden characters, invalid UTF-8", "[junit]") {
    CHECK(xml_text(R"(<a href="x">&'</a>)") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    CHECK(xml_text("]]>") == "]]&gt;");
    CHECK(xml_text("a\tb\nc\rd") == "a\tb\nc&#13;d");
    CHECK(xml_attribute("a\tb\nc\rd") == "a&#9;b&#10;c&#13;d");
    CHECK(xml_text(std::string("a\0b\x01\x08\x0b\x0c\x1f\x7f", 9)) == "ab\x7f");  // DEL is allowed in XML 1.0
    CHECK(xml_text("\xef\xbf\xbe\xef\xbf\xbf") == "");                            // U+FFFE, U+FFFF
    CHECK(xml_text("é😀\xe2\x82\xac") == "é😀€");
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(xml_text("a\xff"
                   "b") == "a" + fffd + "b");
    CHECK(xml_text("\xc0\xaf") == fffd + fffd);                        // overlong '/'
    CHECK(xml_text("\xed\xa0\x80") == fffd + fffd + fffd);             // a surrogate
    CHECK(xml_text("\xf4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // beyond U+10FFFF
    CHECK(xml_text("\xe2\x82") == fffd + fffd);                        // truncated
    CHECK(xml_text("\xe2(") == fffd + "(");                            // the next byte keeps its meaning
}

TEST_CASE("Markdown escaping: no styling, HTML, links or cell breaks from a name", "[markdown]") {
    CHECK(markdown_text("a|b") == "a\\|b");
    CHECK(markdown_text("`*_[]~$#\\") == "\\`\\*\\_\\[\\]\\~\\$\\#\\\\");
    CHECK(markdown_text("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;");
    CHECK(markdown_text("line\none\ttwo\r") == "line one two ");
    CHECK(markdown_text("bell\x07 escape\x1b") == "bell escape");
    CHECK(markdown_text("see https://x.org, WWW.x.org and a:b or a.b") ==
          "see https\\://x.org, WWW\\.x.org and a:b or a.b");
    CHECK(markdown_text("\xff") == "\xEF\xBF\xBD");
    CHECK(markdown_text("p(95)<250ms") == "p(95)&lt;250ms");
}

TEST_CASE("numbers: significant digits, units, changes", "[junit][markdown]") {
    CHECK(values::significant(312.4, 4) == "312.4");
    CHECK(values::significant(61.2, 4) == "61.2");
    CHECK(values::significant(0.150399, 4) == "0.1504");
    CHECK(values::significant(3620.763777427132, 4) == "3621");
    CHECK(values::significant(123456.7, 4) == "123457");
    CHECK(values::significant(9.99996, 4) == "10");
    CHECK(values::significant(0, 4) == "0");
    CHECK(values::significant(-0.0000000001, 3) == "0");
    CHECK(values::significant(-2.5, 3) == "-2.5");

    CHECK(values::latency(0.032623) == "32.6 µs");
    CHECK(values::latency(0.9996) == "1 ms");
    CHECK(values::latency(4.714495) == "4.71 ms");
    CHECK(values::latency(999.6) == "1 s");
    CHECK(values::latency(61234) == "61.2 s");

    auto threshold = [](const char* unit, double observed) {
        return json{{"expression", "x"}, {"evaluated", true}, {"unit", unit}, {"observed", observed}};
    };
    CHECK(values::observed(threshold("ms", 312.4)) == "312.4 ms");
    CHECK(values::observed(threshold("ratio", 0.09589418572609534)) == "9.589%");
    CHECK(values::observed(threshold("1/s", 3620.76)) == "3621/s");
    CHECK(values::observed(threshold("count", 1234567)) == "1234567");
    CHECK(values::threshold_outcome(threshold("ms", 312.4)) == "x: observed 312.4 ms");
    CHECK(values::observed(json{{"evaluated", false}, {"observed", nullptr}}) == "no data");

    const json latency = {{"unit", "ms"},      {"tolerance_kind", "relative"},
                          {"better", "lower"}, {"tolerance", 0.1},
                          {"baseline", 4.21},  {"candidate", 4.98},
                          {"change", 0.183},   {"interval", {0.1081, 0.2579}}};
    CHECK(values::change(latency) == "+18.3%");
    CHECK(values::interval(latency) == "+10.8% to +25.8%");
    CHECK(values::tolerance(latency) == "+10%");
    CHECK(values::metric_outcome(latency, json{{"confidence", 0.95}}) ==
          "+18.3% (95% interval +10.8% to +25.8%), tolerance +10%; 4.21 ms → 4.98 ms");
    const json throughput = {{"unit", "1/s"},      {"tolerance_kind", "relative"},
                             {"better", "higher"}, {"tolerance", 0.1},
                             {"change", -0.12},    {"interval", {-0.2, 0}}};
    CHECK(values::tolerance(throughput) == "-10%");
    CHECK(values::interval(throughput) == "-20% to 0%");
    const json error_rate = {{"unit", "ratio"},   {"tolerance_kind", "absolute"},
                             {"better", "lower"}, {"tolerance", 0.01},
                             {"change", 0.0005},  {"baseline", 0.002}};
    CHECK(values::change(error_rate) == "+0.05 pp");
    CHECK(values::tolerance(error_rate) == "+1 pp");
    CHECK(values::metric_value(error_rate, "baseline") == "0.2%");
    CHECK(values::interval(error_rate) == "n/a");
    CHECK(values::metric_value(error_rate, "candidate") == "n/a");
}
