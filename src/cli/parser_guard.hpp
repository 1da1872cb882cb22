// Boost.Program_options (1.74) builds its error messages by replacing placeholders such as
// %value% until none is left, so a word that itself contains one never ends (found by fuzzing).
// Every word isotest hands that parser passes through here first.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace isotest::cli {

// The first %name% in `text`, or empty. Boost's list of placeholders is open-ended, so any
// %word% counts.
std::string placeholder_in(std::string_view text);

// Throws isotest::Error naming `where` when `text` holds a placeholder.
void reject_placeholders(std::string_view text, const std::string& where);

}  // namespace isotest::cli
