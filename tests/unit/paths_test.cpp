#include "isotest/paths.hpp"

#include <gtest/gtest.h>

using namespace isotest::paths;

TEST(Paths, IsWithinRespectsPathComponents) {
    EXPECT_TRUE(is_within("/a/b", "/a"));
    EXPECT_TRUE(is_within("/a", "/a"));
    EXPECT_FALSE(is_within("/ab", "/a"));
    EXPECT_TRUE(is_within("/anything", "/"));
    EXPECT_FALSE(is_within("/a", "/a/b"));
}

TEST(Paths, NormalizeRemovesDotsAndSlashes) {
    EXPECT_EQ(normalize("/a//b/./c/"), "/a/b/c");
    EXPECT_EQ(normalize("/a/b/../c"), "/a/c");
    EXPECT_EQ(normalize("/../.."), "/");
    EXPECT_EQ(normalize("/"), "/");
}

TEST(Paths, AbsoluteResolvesAgainstTheWorkingDirectory) {
    EXPECT_EQ(absolute("out/../x.xml", "/build"), "/build/x.xml");
    EXPECT_EQ(absolute("/abs//file", "/build"), "/abs/file");
    EXPECT_EQ(absolute(".", "/build/"), "/build");
}

TEST(Paths, ParentDirectoryOfANormalPath) {
    EXPECT_EQ(parent_directory("/a/b"), "/a");
    EXPECT_EQ(parent_directory("/a"), "/");
    EXPECT_EQ(parent_directory("/"), "/");
}

TEST(Paths, LastComponentIgnoresTrailingSlashes) {
    EXPECT_EQ(last_component("./bin/test"), "test");
    EXPECT_EQ(last_component("dir/sub/"), "sub");
    EXPECT_EQ(last_component("plain"), "plain");
    EXPECT_EQ(last_component("/"), "/");
    EXPECT_EQ(last_component(""), "");
}
