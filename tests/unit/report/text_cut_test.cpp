// Cutting text to a cap with a visible marker (report/text_cut.hpp).
#include "report/text_cut.hpp"

#include <gtest/gtest.h>

namespace isotest::report {
namespace {

TEST(TextCut, TextWithinTheCapIsKeptWhole) {
    bool cut = true;
    EXPECT_EQ(capped("short", 5, cut), "short");
    EXPECT_FALSE(cut);
    EXPECT_EQ(capped("", 0, cut), "");
    EXPECT_FALSE(cut);
}

TEST(TextCut, LongerTextKeepsItsHeadAndNamesWhatWasCut) {
    bool cut = false;
    EXPECT_EQ(capped("abcdefghij", 4, cut), "abcd[isotest: 6 more bytes cut]");
    EXPECT_TRUE(cut);
    EXPECT_EQ(capped("abc", 0, cut), "[isotest: 3 more bytes cut]");
    EXPECT_TRUE(cut);
}

TEST(TextCut, NeverEndsInsideAUtf8Sequence) {
    const std::string euro = "\xe2\x82\xac";  // three bytes
    bool cut = false;
    // A cap of 2, 3 or 4 bytes falls inside, at the end of, or after the first euro sign.
    EXPECT_EQ(capped(euro + euro, 2, cut), "[isotest: 6 more bytes cut]");
    EXPECT_EQ(capped(euro + euro, 3, cut), euro + "[isotest: 3 more bytes cut]");
    EXPECT_EQ(capped(euro + euro, 4, cut), euro + "[isotest: 3 more bytes cut]");
    EXPECT_EQ(utf8_prefix_length("a\xf0\x9f\x98\x80", 4), 1u);
    EXPECT_EQ(utf8_prefix_length("a\xf0\x9f\x98\x80", 5), 5u);
}

TEST(TextCut, PiecesShareOneCapAndTheMarkerCountsAllThatWasDropped) {
    CappedText text(6);
    text.append("abcd");
    EXPECT_FALSE(text.cut());
    text.append("efgh");
    text.append("ijkl");
    EXPECT_TRUE(text.cut());
    EXPECT_EQ(text.take(), "abcdef[isotest: 6 more bytes cut]");
    EXPECT_TRUE(text.empty()) << "take() empties it";

    CappedText uncapped;
    uncapped.append(std::string(1 << 20, 'x'));
    EXPECT_FALSE(uncapped.cut());
    EXPECT_EQ(uncapped.take().size(), 1u << 20);
}

}  // namespace
}  // namespace isotest::report
