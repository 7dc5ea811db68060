#pragma once
// Escaping for the HTML report. Every string that comes from a result (names,
// tags, URLs, error codes, summaries) is free text a person chose, so it goes
// through one of these before it reaches the page.
#include <string>
#include <string_view>

namespace throng::reports {

// Text between tags, in HTML and in inline SVG alike: & < > become entities,
// and so do both quotes, so that the same text is also safe in a quoted
// attribute value. Control characters other than tab and newline (which HTML
// parsers report as errors) become U+FFFD.
std::string escape_html(std::string_view text);

// An attribute value, to be written between double quotes.
inline std::string escape_attribute(std::string_view text) { return escape_html(text); }

}  // namespace throng::reports
