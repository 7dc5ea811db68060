#pragma once
// Untrusted text (scenario, step and check names, reasons, URLs) made inert
// in the markups the reports are written in. Every escaper also repairs
// invalid UTF-8 (each bad byte becomes U+FFFD) so that its output is always
// well-formed UTF-8.
#include <string>
#include <string_view>

namespace throng::reports {

// For XML element content: & < > " ' as entities; characters XML 1.0 forbids
// (control characters but tab, newline and return; U+FFFE, U+FFFF) removed.
std::string xml_text(std::string_view text);
// For an XML attribute value: as xml_text, and tab, newline and return as
// character references, which attribute-value normalisation would otherwise
// turn into spaces.
std::string xml_attribute(std::string_view text);

// For GitHub-flavoured Markdown, in a table cell or running text: a name
// cannot restyle the document, start a link, open an HTML tag or split a
// table cell. Backslash before Markdown's punctuation (| ` * _ [ ] ~ $ # \),
// < > & as HTML entities, line breaks and tabs as spaces, control characters
// removed; "scheme://" and "www." are broken so GitHub does not link them.
std::string markdown_text(std::string_view text);

}  // namespace throng::reports
