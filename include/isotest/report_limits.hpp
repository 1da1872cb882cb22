// The caps on what the host side keeps of what the test controls, and on the text of a report.
// The supervisor runs outside every limit the test has: these bound its memory and the report's
// size whatever the test writes. Documented in README.md ("What isotest reads of the test") and
// docs/isotest.1; shared by the sandbox (init reads the file), the report and the options.
#pragma once

#include <cstddef>

namespace isotest::limits {

// libxml2 (xmllint, and the many consumers built on it) refuses a text node longer than this,
// and a start tag whose bytes in the file (attributes escaped) are, unless told XML_PARSE_HUGE.
// No text in a report isotest writes reaches it: a text is cut short of it, and an attribute
// value at kAttributeBytes.
inline constexpr std::size_t kXmlTextBytes = 10'000'000;
inline constexpr std::size_t kAttributeBytes = 256u << 10;

// --max-report-output at most: cleaning can turn one byte of output into four ("\xff"), and a
// stream's <system-out>/<system-err> must stay under kXmlTextBytes.
inline constexpr std::size_t kMaxReportOutputBytes = 2u << 20;

// The test's own JUnit XML (GTEST_OUTPUT, XML_OUTPUT_FILE), read back after the test:
//   a regular file (no symlink, FIFO or device) of at most this many bytes;
inline constexpr std::size_t kOwnResultsFileBytes = 1u << 20;
//   whose parse tree fits this, as estimated before parsing from a scan of its markup with
//   tinyxml2's node sizes: each '<' (an element, a closing tag, a comment), each run of text
//   between tags and each '=' (an attribute);
inline constexpr std::size_t kOwnResultsTreeBytes = 4u << 20;
inline constexpr std::size_t kTreeBytesPerTag = 120;
inline constexpr std::size_t kTreeBytesPerText = 112;
inline constexpr std::size_t kTreeBytesPerAttribute = 80;
//   of whose test cases at most this many are merged (failed and errored ones first), the
//   rest counted by verdict;
inline constexpr std::size_t kOwnResultsCases = 5000;
//   each field cut to its cap, with a marker saying how much was cut: names, classnames and
//   suite names and result types; message attributes; a case's failure/error/skipped bodies;
//   a case's system-out, and its system-err;
inline constexpr std::size_t kOwnNameBytes = 1024;
inline constexpr std::size_t kOwnMessageBytes = 4096;
inline constexpr std::size_t kOwnBodyBytes = 64u << 10;
inline constexpr std::size_t kOwnOutputBytes = 64u << 10;
//   and all merged cases together holding at most this much text (a case that does not fit
//   whole is left out and counted).
inline constexpr std::size_t kOwnResultsTextBytes = 1u << 20;

// Every JUnit XML isotest parses (the test's own, and the files `isotest merge` and `isotest
// report` read): at most this many attributes on one element, or the file is malformed to
// isotest, unparsed. tinyxml2 checks each attribute's name against every one before it on its
// element: 50,000 attributes on one (a 0.5 MB file within every cap above) cost ~8 s of CPU.
// JUnit producers write a dozen at most.
inline constexpr std::size_t kAttributesPerElement = 64;

// One record on the status channel from the sandbox's init (src/sandbox/channel.hpp): the
// largest is the test's own XML, the rest are short. A longer one is refused as garbled as soon
// as its length arrives, before any of it is buffered.
inline constexpr std::size_t kChannelRecordBytes = kOwnResultsFileBytes + (64u << 10);

}  // namespace isotest::limits
