// /etc/subuid and /etc/subgid as isotest reads them, and the id map it asks newuidmap and
// newgidmap for (--map-subids).
#include <gtest/gtest.h>

#include "sandbox/id_map_helpers.hpp"
#include "sandbox/subordinate_ids.hpp"

using namespace isotest;
using subordinate_ids::grants_of;
using subordinate_ids::layout;

namespace {

std::string lines(const std::vector<user::IdRange>& map) {
    std::string text;
    for (const auto& range : map) {
        text += std::to_string(range.inside) + " " + std::to_string(range.outside) + " " + std::to_string(range.count) + "\n";
    }
    return text;
}

std::string grant_text(const std::vector<subordinate_ids::Grant>& grants) {
    std::string text;
    for (const auto& grant : grants) text += std::to_string(grant.start) + "+" + std::to_string(grant.count) + " ";
    return text;
}

TEST(SubordinateIds, FindsTheUsersLinesByNameOrNumber) {
    const std::string file = "alice:100000:65536\nci:165536:65536\n1001:300000:10\nci-2:400000:5\n";
    EXPECT_EQ(grant_text(grants_of(file, "ci", 1001)), "165536+65536 300000+10 ");
    EXPECT_EQ(grant_text(grants_of(file, "alice", 1000)), "100000+65536 ");
    EXPECT_TRUE(grants_of(file, "bob", 1002).empty());
    EXPECT_TRUE(grants_of(file, "", 7).empty());
}

TEST(SubordinateIds, SkipsWhatIsNotAGrant) {
    const std::string file =
        "ci:100000\n"             // two fields
        "ci:x:10\n"               // not a number
        "ci:100000:0\n"           // nothing granted
        "ci:4294967295:1\n"       // (uid_t)-1 is no id
        "ci:4294967290:10\n"      // past the id space
        "ci:-5:10\n"
        "ci:200000:10:extra\n"    // a fourth field
        "# ci:300000:10\n"
        "\n"
        "ci:500000:7";            // no newline at the end
    EXPECT_EQ(grant_text(grants_of(file, "ci", 1001)), "500000+7 ");
}

TEST(SubordinateIds, OverlappingGrantsAreTrimmed) {
    const std::string file = "ci:100000:100\nci:100050:100\nci:100000:10\nci:90000:5\n";
    // Sorted; the second keeps only what the first does not cover; the third is inside the first.
    EXPECT_EQ(grant_text(grants_of(file, "ci", 1001)), "90000+5 100000+100 100100+50 ");
}

TEST(SubordinateIds, LayoutPutsGrantedIdsAroundTheInvokersOwn) {
    // As podman's keep-id: inside 0 is a granted id, so that chown to root or setuid(0) is
    // refused for want of privilege (EPERM), not for an unmapped id (EINVAL).
    EXPECT_EQ(lines(layout(1001, 1001, {{100000, 65536}})), "0 100000 1001\n1001 1001 1\n1002 101001 64535\n");
    // --root: inside 0 is the invoker, the grants follow.
    EXPECT_EQ(lines(layout(0, 1001, {{100000, 65536}})), "0 1001 1\n1 100000 65536\n");
    // Fewer grants than the invoker's id: the invoker's id stands on its own after them.
    EXPECT_EQ(lines(layout(1001, 1001, {{100000, 10}})), "0 100000 10\n1001 1001 1\n");
    // Several grants fill the inside ids in order.
    EXPECT_EQ(lines(layout(5, 5, {{100000, 3}, {200000, 4}})), "0 100000 3\n3 200000 2\n5 5 1\n6 200002 2\n");
    EXPECT_TRUE(layout(1001, 1001, {}).empty());
}

TEST(SubordinateIds, LayoutLeavesTheInvokersOwnIdOutOfTheGrants) {
    // The kernel refuses a map naming one host id twice.
    EXPECT_EQ(lines(layout(1001, 1001, {{1000, 4}})), "0 1000 1\n1 1002 2\n1001 1001 1\n");
    EXPECT_EQ(lines(layout(0, 1000, {{1000, 3}})), "0 1000 1\n1 1001 2\n");
}

TEST(SubordinateIds, AGrantOfEveryIdMapsEachInsideIdOnce) {
    const auto map = layout(5, 1000, {{0, 4294967295ul}});
    EXPECT_EQ(lines(map), "0 0 5\n5 1000 1\n6 5 995\n1001 1001 4294966294\n");
    unsigned long total = 0;
    for (const auto& range : map) total += range.count;
    EXPECT_EQ(total, 4294967295ul);
}

TEST(SubordinateIds, HelperArgumentsArePidThenTriples) {
    const auto args = id_map_helpers::arguments("newuidmap", 42, {{0, 100000, 1001}, {1001, 1001, 1}});
    EXPECT_EQ(args, (std::vector<std::string>{"newuidmap", "42", "0", "100000", "1001", "1001", "1001", "1"}));
}

}  // namespace
