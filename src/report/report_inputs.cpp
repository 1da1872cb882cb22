#include "report/report_inputs.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fcntl.h>
#include <system_error>

#include "isotest/error.hpp"
#include "isotest/unique_fd.hpp"
#include "report/junit_reader.hpp"

namespace isotest::report {
namespace {

namespace fs = std::filesystem;

bool same_file(const fs::path& a, const std::string& b) {
    if (b.empty()) return false;
    std::error_code error;
    return fs::equivalent(a, b, error);
}

std::vector<std::string> xml_files_under(const std::string& directory, const std::string& excluded) {
    std::vector<std::string> files;
    std::error_code error;
    fs::recursive_directory_iterator it(directory, error), end;
    for (; !error && it != end; it.increment(error)) {
        const fs::directory_entry& entry = *it;
        std::error_code type_error;
        if (entry.path().extension() == ".xml" && entry.is_regular_file(type_error) &&
            !same_file(entry.path(), excluded)) {
            files.push_back(entry.path().string());
        }
    }
    if (error) throw Error(directory + ": " + error.message());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw Error(directory + ": no *.xml files under this directory");
    return files;
}

std::string read_file(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw Error(path + ": " + std::system_category().message(errno));
    std::string content;
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
        if (got == 0) break;
        if (got < 0) {
            if (errno == EINTR) continue;
            throw Error(path + ": " + std::system_category().message(errno));
        }
        content.append(buffer, static_cast<std::size_t>(got));
    }
    return content;
}

}  // namespace

std::vector<std::string> expand_report_paths(const std::vector<std::string>& arguments,
                                             const std::string& excluded) {
    std::vector<std::string> paths;
    for (const std::string& argument : arguments) {
        std::error_code error;
        const fs::file_status status = fs::status(argument, error);
        if (error) throw Error(argument + ": " + error.message());
        if (fs::is_directory(status)) {
            const std::vector<std::string> files = xml_files_under(argument, excluded);
            paths.insert(paths.end(), files.begin(), files.end());
        } else {
            paths.push_back(argument);
        }
    }
    return paths;
}

std::vector<LoadedReport> load_reports(const std::vector<std::string>& paths) {
    std::vector<LoadedReport> reports;
    for (const std::string& path : paths) {
        const std::string xml = read_file(path);
        try {
            reports.push_back({path, parse_junit_xml(xml)});
        } catch (const MalformedReport& error) {
            throw Error(path + ":" + std::to_string(error.line()) + ": " + error.what());
        }
    }
    return reports;
}

}  // namespace isotest::report
