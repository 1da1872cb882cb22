#include "cpu_time.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace bench {

double busy_seconds_from_proc_stat(const std::string& text, long ticks_per_second) {
    std::istringstream lines(text);
    std::string label;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0;
    if (!(lines >> label) || label != "cpu" || !(lines >> user >> nice >> system >> idle >> iowait >> irq >> softirq)) {
        throw std::runtime_error("/proc/stat: no aggregate \"cpu\" line with at least 7 fields");
    }
    if (ticks_per_second <= 0) throw std::runtime_error("/proc/stat: bad clock tick rate");
    return static_cast<double>(user + nice + system + irq + softirq) / static_cast<double>(ticks_per_second);
}

double busy_cpu_seconds() {
    std::ifstream file("/proc/stat");
    std::string first_line;
    if (!std::getline(file, first_line)) throw std::runtime_error("cannot read /proc/stat");
    return busy_seconds_from_proc_stat(first_line, ::sysconf(_SC_CLK_TCK));
}

}  // namespace bench
