#include "isotest/paths.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace isotest::paths;

namespace {

struct Case {
    std::string input;
    std::string expected;
};

// Each function of one argument against its table: the input is named when it fails.
template <typename Function>
void check_all(Function function, const std::vector<Case>& cases) {
    for (const Case& c : cases) EXPECT_EQ(function(c.input), c.expected) << "input: '" << c.input << "'";
}

}  // namespace

TEST(Paths, IsWithinRespectsPathComponents) {
    EXPECT_TRUE(is_within("/a/b", "/a"));
    EXPECT_TRUE(is_within("/a", "/a"));
    EXPECT_FALSE(is_within("/ab", "/a"));
    EXPECT_TRUE(is_within("/anything", "/"));
    EXPECT_FALSE(is_within("/a", "/a/b"));
}

TEST(Paths, NormalizeRemovesDotsAndSlashes) {
    check_all(normalize, {{"/a//b/./c/", "/a/b/c"}, {"/a/b/../c", "/a/c"}, {"/../..", "/"}, {"/", "/"}});
}

TEST(Paths, AbsoluteResolvesAgainstTheWorkingDirectory) {
    const auto in_build = [](const std::string& path) { return absolute(path, "/build/"); };
    check_all(in_build, {{"out/../x.xml", "/build/x.xml"}, {"/abs//file", "/abs/file"}, {".", "/build"}});
}

TEST(Paths, ParentDirectoryOfANormalPath) {
    check_all(parent_directory, {{"/a/b", "/a"}, {"/a", "/"}, {"/", "/"}});
}

TEST(Paths, LastComponentIgnoresTrailingSlashes) {
    check_all(last_component, {{"./bin/test", "test"}, {"dir/sub/", "sub"}, {"plain", "plain"}, {"/", "/"}, {"", ""}});
}

TEST(Paths, AddOutermostSkipsWhatIsCoveredAlready) {
    std::vector<std::string> rw{"/data", "/b"};
    add_outermost(rw, {"/out/x", "/data/sub", "/out", "/b", "/bz", "/out/y/z"});
    EXPECT_EQ(rw, (std::vector<std::string>{"/data", "/b", "/bz", "/out"}));
}
