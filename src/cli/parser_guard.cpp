#include "cli/parser_guard.hpp"

#include <cctype>

#include "isotest/error.hpp"

namespace isotest::cli {

std::string placeholder_in(std::string_view text) {
    for (std::size_t open = text.find('%'); open != std::string_view::npos; open = text.find('%', open + 1)) {
        std::size_t end = open + 1;
        while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
        if (end < text.size() && text[end] == '%' && end > open + 1) return std::string(text.substr(open, end - open + 1));
    }
    return "";
}

void reject_placeholders(std::string_view text, const std::string& where) {
    const std::string placeholder = placeholder_in(text);
    if (!placeholder.empty()) {
        throw Error(where + " contains the text " + placeholder + ", which isotest's option parser cannot quote");
    }
}

}  // namespace isotest::cli
