#include "isotest/bounded_capture.hpp"

#include <gtest/gtest.h>

#include <string>

using isotest::BoundedCapture;

TEST(BoundedCapture, KeepsEverythingUnderTheLimit) {
    BoundedCapture capture(16);
    capture.append("hello ");
    capture.append("world");
    EXPECT_EQ(capture.text(), "hello world");
    EXPECT_EQ(capture.total_bytes(), 11u);
    EXPECT_FALSE(capture.truncated());
}

TEST(BoundedCapture, ExactlyAtTheLimitIsNotTruncated) {
    BoundedCapture capture(8);
    capture.append("abcdefgh");
    EXPECT_EQ(capture.text(), "abcdefgh");
    EXPECT_FALSE(capture.truncated());
}

TEST(BoundedCapture, KeepsHeadAndTailWithMarker) {
    BoundedCapture capture(8);
    for (char c = 'a'; c <= 'z'; ++c) capture.append(std::string(1, c));
    EXPECT_TRUE(capture.truncated());
    EXPECT_EQ(capture.total_bytes(), 26u);
    EXPECT_EQ(capture.text(), "abcd\n[isotest: 18 bytes of output omitted]\nwxyz");
}

TEST(BoundedCapture, LargeSingleChunkKeepsItsEnds) {
    BoundedCapture capture(6);
    capture.append("0123456789");
    EXPECT_EQ(capture.text(), "012\n[isotest: 4 bytes of output omitted]\n789");
}

TEST(BoundedCapture, TailWrapsAcrossManyChunkSizes) {
    std::string all;
    BoundedCapture capture(10);
    for (int i = 0; i < 200; ++i) {
        std::string chunk(static_cast<std::size_t>(i % 7 + 1), static_cast<char>('A' + i % 26));
        all += chunk;
        capture.append(chunk);
    }
    const std::string expected = all.substr(0, 5) + "\n[isotest: " +
                                 std::to_string(all.size() - 10) + " bytes of output omitted]\n" +
                                 all.substr(all.size() - 5);
    EXPECT_EQ(capture.text(), expected);
}

TEST(BoundedCapture, ZeroLimitKeepsNothingButCounts) {
    BoundedCapture capture(0);
    capture.append("abc");
    EXPECT_EQ(capture.total_bytes(), 3u);
    EXPECT_EQ(capture.text(), "\n[isotest: 3 bytes of output omitted]\n");
}

// take_text() and last_bytes() agree with text() for every fill level and ring position.
TEST(BoundedCapture, TakeTextAndLastBytesAgreeWithText) {
    for (std::size_t length = 0; length < 40; ++length) {
        for (std::size_t chunk = 1; chunk <= 5; ++chunk) {
            BoundedCapture capture(10);
            std::string stream;
            for (std::size_t i = 0; i < length; i += chunk) {
                const std::string piece = std::string("0123456789abcdefghijklmnopqrstuvwxyzABCD").substr(i, chunk);
                stream += piece;
                capture.append(piece);
            }
            const std::string whole = capture.text();
            for (std::size_t count = 0; count <= whole.size() + 2; ++count) {
                const std::string expected = whole.size() > count ? whole.substr(whole.size() - count) : whole;
                EXPECT_EQ(capture.last_bytes(count), expected) << "length " << length << " count " << count;
            }
            EXPECT_EQ(capture.take_text(), whole) << "length " << length;
            EXPECT_EQ(capture.text(), "") << "the capture is empty after take_text()";
        }
    }
}
