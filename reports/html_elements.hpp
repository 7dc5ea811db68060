#pragma once
// The few HTML elements the report's sections are made of, their text always
// escaped: a section reads as a list of cells, not of string splices.
#include <initializer_list>
#include <string>
#include <string_view>

#include "reports/html_escape.hpp"

namespace throng::reports {

// <tag class="cls">text</tag>, the text escaped (the tag and class are the report's own words).
inline std::string element(std::string_view tag, std::string_view text, std::string_view cls = {}) {
    std::string out = "<" + std::string(tag);
    if (!cls.empty()) out += " class=\"" + escape_attribute(cls) + "\"";
    return out + ">" + escape_html(text) + "</" + std::string(tag) + ">";
}

inline std::string td(std::string_view text, std::string_view cls = {}) { return element("td", text, cls); }
inline std::string num(std::string_view text) { return element("td", text, "num"); }
inline std::string th(std::string_view text, std::string_view cls = {}) { return element("th", text, cls); }

// A header row; the columns from first_numeric on hold numbers (right-aligned).
inline std::string header_row(std::initializer_list<std::string_view> names, std::size_t first_numeric) {
    std::string out = "<thead><tr>";
    std::size_t i = 0;
    for (auto name : names) out += th(name, i++ >= first_numeric ? "num" : "");
    return out + "</tr></thead>";
}

// <section id="id"><h2>title</h2>body</section>; `body` is HTML already.
inline std::string section(std::string_view id, std::string_view title, const std::string& body) {
    return "<section id=\"" + escape_attribute(id) + "\">" + element("h2", title) + body + "</section>\n";
}

}  // namespace throng::reports
