// The fuzz targets' bodies: plain functions, so the libFuzzer binaries (clang) and the
// regression replay test (any compiler, part of the normal test run) execute the same code.
// Each returns normally for any input and aborts (a crash libFuzzer keeps) when an invariant
// of the code under test is broken.
#pragma once

#include <cstddef>
#include <cstdint>

namespace isotest::fuzz {

// isotest::cli::parse: the input, split at NUL bytes, as the command line; and the whole input
// as a config file. Only isotest::Error may come out.
int cli_parse(const std::uint8_t* data, std::size_t size);

// report::clean_xml_text / clean_xml_attribute: output is valid UTF-8, XML 1.0 legal, a fixed
// point of the cleaner, and survives a tinyxml2 write/read round trip unchanged.
int xml_text(const std::uint8_t* data, std::size_t size);

// report::parse_junit_xml, render_junit_xml and merge_reports: malformed input is a
// MalformedReport with a line number; what parses renders to XML that parses back to the
// same counts and renders to the same text again; merging adds the counts up. Read as the
// test's own results, the same input stays within isotest/report_limits.hpp, and every case
// is merged or counted as left out.
int junit(const std::uint8_t* data, std::size_t size);

// report::for_each_tap_case and read_tap_results (TAP on the test's stdout): bounded in cases
// and in every field whatever the stream holds, counted alike by both, and rendering to XML
// that reads back with the same counts.
int tap(const std::uint8_t* data, std::size_t size);
// channel::take / decode / encode (the status channel from the sandbox's init, which runs
// beside the test): any bytes are records, incomplete or Garbled, never a crash or an exception
// or an allocation past the record cap; what decodes re-encodes to bytes that decode to the
// same record, and encode(decode(x)) is stable.
int channel(const std::uint8_t* data, std::size_t size);

// packets::respond (every packet the test sends out of its network namespace, with --record-network):
// any bytes are an attempt and a reply, or nothing; a reply is an IP packet whose lengths and
// checksums hold, within IPv6's minimum MTU; an attempt names an address and, for DNS, a
// printable name.
int packets(const std::uint8_t* data, std::size_t size);

}  // namespace isotest::fuzz
