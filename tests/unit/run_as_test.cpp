// --uid, --gid, --groups resolved in /etc/passwd and /etc/group (root, nobody and nogroup exist
// on every Debian host this runs on).
#include <gtest/gtest.h>

#include "cli/run_as.hpp"
#include "isotest/error.hpp"

using isotest::Error;
using isotest::RunAs;
using isotest::cli::resolve_run_as;

namespace {

std::string error_of(const std::string& user, const std::optional<std::string>& group,
                     const std::vector<std::string>& groups) {
    try {
        resolve_run_as(user, group, groups);
    } catch (const Error& error) {
        return error.what();
    }
    return "";
}

TEST(RunAs, ANameGivesTheUsersIdsAndLoginGroups) {
    const RunAs nobody = resolve_run_as("nobody", std::nullopt, {});
    EXPECT_EQ(nobody.uid, 65534u);
    EXPECT_EQ(nobody.gid, 65534u);  // nogroup, nobody's primary group
    EXPECT_EQ(nobody.groups, std::vector<gid_t>{65534});
    const RunAs root = resolve_run_as("root", std::nullopt, {});
    EXPECT_EQ(root.uid, 0u);
    EXPECT_EQ(root.gid, 0u);
}

TEST(RunAs, ANumberWithAnEntryIsThatUser) {
    const RunAs by_number = resolve_run_as("65534", std::nullopt, {});
    EXPECT_EQ(by_number.uid, 65534u);
    EXPECT_EQ(by_number.gid, 65534u);
}

TEST(RunAs, ANumberWithoutAnEntryNeedsAGroup) {
    EXPECT_NE(error_of("4000000", std::nullopt, {}).find("give --gid too"), std::string::npos);
    const RunAs loose = resolve_run_as("4000000", "4000001", {});
    EXPECT_EQ(loose.uid, 4000000u);
    EXPECT_EQ(loose.gid, 4000001u);
    EXPECT_EQ(loose.groups, std::vector<gid_t>{4000001});  // only its group
}

TEST(RunAs, ExplicitGroupsAreExactlyThese) {
    const RunAs run_as = resolve_run_as("nobody", "root", {"nogroup,7", "100"});
    EXPECT_EQ(run_as.gid, 0u);
    EXPECT_EQ(run_as.groups, (std::vector<gid_t>{65534, 7, 100}));
}

TEST(RunAs, UnknownNamesAndBadNumbersAreOneLineErrors) {
    EXPECT_EQ(error_of("no-such-user-here", std::nullopt, {}),
              "--uid no-such-user-here: no such user in /etc/passwd (a number works for any uid)");
    EXPECT_EQ(error_of("nobody", "no-such-group-here", {}),
              "--gid no-such-group-here: no such group in /etc/group (a number works for any gid)");
    EXPECT_NE(error_of("nobody", std::nullopt, {"nogroup,no-such-group-here"}).find("--groups no-such-group-here: no such group"),
              std::string::npos);
    EXPECT_EQ(error_of("nobody", std::nullopt, {"nogroup,,7"}),
              "--groups takes names or numbers separated by commas, not 'nogroup,,7'");
    EXPECT_EQ(error_of("4294967295", "0", {}), "--uid 4294967295: ids go from 0 to 4294967294");
    EXPECT_EQ(error_of("99999999999999999999", "0", {}), "--uid 99999999999999999999: ids go from 0 to 4294967294");
}

}  // namespace
