// The JSON writer of `isotest report --format json`: structure, and strings escaped so that
// whatever bytes a report holds the output is valid JSON and valid UTF-8.
#include "report/json_writer.hpp"

#include <gtest/gtest.h>

namespace isotest::report {
namespace {

TEST(JsonWriter, NestsObjectsAndArraysWithCommasBetweenMembersOnly) {
    std::string out;
    JsonWriter json(out);
    json.begin_object();
    json.key("empty");
    json.begin_array();
    json.end_array();
    json.key("list");
    json.begin_array();
    json.number(0);
    json.number(18446744073709551615u);
    json.begin_object();
    json.end_object();
    json.begin_object();
    json.key("a");
    json.boolean(true);
    json.key("b");
    json.boolean(false);
    json.end_object();
    json.string("s");
    json.end_array();
    json.key("last");
    json.string("");
    json.end_object();
    EXPECT_EQ(out, R"({"empty":[],"list":[0,18446744073709551615,{},{"a":true,"b":false},"s"],"last":""})");
}

TEST(JsonString, EscapesQuotesBackslashesAndEveryControlCharacter) {
    EXPECT_EQ(json_string("plain text"), "\"plain text\"");
    EXPECT_EQ(json_string("say \"hi\" \\ there"), R"("say \"hi\" \\ there")");
    EXPECT_EQ(json_string("a\nb\tc\rd"), R"("a\nb\tc\rd")");
    EXPECT_EQ(json_string(std::string("\x1b[31m\x7f\x01") + '\0' + "z"), R"("\u001b[31m\u007f\u0001\u0000z")");
    EXPECT_EQ(json_string("</script>"), "\"</script>\"");
}

TEST(JsonString, KeepsWellFormedUtf8) {
    EXPECT_EQ(json_string("é € 😀 \xef\xbf\xbd \xf4\x8f\xbf\xbf"), "\"é € 😀 \xef\xbf\xbd \xf4\x8f\xbf\xbf\"");
}

TEST(JsonString, EachByteOfMalformedUtf8BecomesAReplacementCharacter) {
    // A lone continuation byte, an overlong '/', a surrogate, past U+10FFFF, a sequence cut short
    // (at the end, and before an ASCII byte), bytes that never occur in UTF-8.
    EXPECT_EQ(json_string("\x80"), R"("\ufffd")");
    EXPECT_EQ(json_string("\xc0\xaf"), R"("\ufffd\ufffd")");
    EXPECT_EQ(json_string("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");
    EXPECT_EQ(json_string("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");
    EXPECT_EQ(json_string("\xe2\x82"), R"("\ufffd\ufffd")");
    EXPECT_EQ(json_string("\xe2\x82z"), R"("\ufffd\ufffdz")");
    EXPECT_EQ(json_string("\xfe\xff\xf5"), R"("\ufffd\ufffd\ufffd")");
    EXPECT_EQ(json_string("\xe0\x9f\x80"), R"("\ufffd\ufffd\ufffd")") << "overlong 3-byte form";
}

}  // namespace
}  // namespace isotest::report
