#pragma once
// A fact about a reply that only some protocols have (an SQL statement's row
// count, a Redis reply's type). The protocol declares it (its StepParser);
// its driver sets it on the Reply; checks and extractions name it like any
// other key ({"row_count": 1}, {"reply_type": "nil"}, {"url": "http://..."},
// {"row_count": true}).
#include <string_view>
#include <vector>

namespace throng::core {

struct ReplyFacet {
    enum class Kind {
        count,  // a whole number >= 0: checked exactly or within {"min", "max"}
        word,   // one of `words`: checked for equality
        text,   // any text (a URL): checked for equality
    };
    std::string_view name;  // the key in checks and extractions
    Kind kind = Kind::count;
    std::vector<std::string_view> words;  // word: the values it can take
    std::string_view meaning;             // for messages: "the number of rows an SQL statement returned or affected"
};

}  // namespace throng::core
