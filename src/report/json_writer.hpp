// A small JSON writer for `isotest report --format json`: objects, arrays, strings, unsigned
// numbers and booleans, written in order into a std::string. Whatever bytes a string holds (the
// text of report files: anything a test printed or named), the output is valid JSON and valid
// UTF-8 (RFC 8259): quotes, backslashes and control characters are escaped, and a byte that
// does not start a well-formed UTF-8 sequence becomes U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace isotest::report {

// `text` as a JSON string, quotes included.
std::string json_string(std::string_view text);

class JsonWriter {
public:
    // Appends to `out`, one value (usually an object) in all.
    explicit JsonWriter(std::string& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }
    // Inside an object, before each value.
    void key(std::string_view name);
    void string(std::string_view text);
    void number(std::uint64_t value);
    void boolean(bool value);

private:
    void before_value();
    void open(char bracket);
    void close(char bracket);

    std::string& out_;
    // One per open object or array: whether it holds a member yet.
    std::vector<bool> has_members_;
    bool after_key_ = false;
};

}  // namespace isotest::report
