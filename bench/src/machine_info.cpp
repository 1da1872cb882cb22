#include "machine_info.hpp"

#include <pwd.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace bench {

namespace bp = boost::process;

namespace {

// The first "KEY : value" line of a /proc file whose key starts with `key`.
std::string proc_field(const std::string& file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) != 0) continue;
        std::size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        std::size_t value = line.find_first_not_of(" \t", colon + 1);
        return value == std::string::npos ? "" : line.substr(value);
    }
    return "unknown";
}

std::string first_line_of_output(const std::filesystem::path& program, const std::string& flag) {
    try {
        bp::ipstream out;
        bp::child child(bp::exe = program.string(), bp::args = std::vector<std::string>{flag}, bp::std_in < bp::null,
                        bp::std_out > out, bp::std_err > bp::null);
        std::string line, first;
        while (std::getline(out, line)) {
            if (first.empty()) first = line;
        }
        child.wait();
        return first.empty() ? "unknown (no output)" : first;
    } catch (const bp::process_error& error) {
        return std::string("unknown (") + error.what() + ")";
    }
}

std::string mem_total() {
    std::string kib = proc_field("/proc/meminfo", "MemTotal");
    try {
        std::ostringstream text;
        text << std::fixed << std::setprecision(1) << std::stod(kib) / (1024.0 * 1024.0) << " GiB";
        return text.str();
    } catch (const std::exception&) {
        return kib;
    }
}

std::string current_user() {
    uid_t uid = ::geteuid();
    const passwd* entry = ::getpwuid(uid);
    std::string name = entry != nullptr ? entry->pw_name : "?";
    return name + " (uid " + std::to_string(uid) + ")";
}

std::string now_utc() {
    std::time_t now = std::time(nullptr);
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    std::ostringstream text;
    text << std::put_time(&utc, "%Y-%m-%d %H:%M:%S UTC");
    return text.str();
}

}  // namespace

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one, five, fifteen;
    if (!(in >> one >> five >> fifteen)) return "unknown";
    return one + " " + five + " " + fifteen;
}

MachineInfo describe_machine(const Tools& tools) {
    MachineInfo info;
    long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
    info.online_cpus = cpus > 0 ? static_cast<unsigned>(cpus) : 0;
    info.cpu_model = proc_field("/proc/cpuinfo", "model name");
    info.memory = mem_total();
    utsname names{};
    info.kernel = ::uname(&names) == 0 ? names.release : "unknown";
    info.isotest_version = first_line_of_output(tools.isotest, "--version");
    info.bwrap_version = first_line_of_output(tools.bwrap, "--version");
    info.unshare_version = first_line_of_output(tools.unshare, "--version");
    info.user = current_user();
    info.date_utc = now_utc();
    info.load_at_start = load_average();
    return info;
}

}  // namespace bench
