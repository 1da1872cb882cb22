#include "format.hpp"

#include <iomanip>
#include <sstream>

namespace bench {

std::string fixed(double value, int decimals) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(decimals) << value;
    return text.str();
}

}  // namespace bench
