#!/bin/sh
# A test that writes its own JUnit XML to $XML_OUTPUT_FILE, as GoogleTest, pytest and JUnit
# runners do under Bazel. Bazel shows these two test cases (under isotest: merged into
# isotest's report, which isotest writes to Bazel's XML_OUTPUT_FILE).
set -eu
: "${XML_OUTPUT_FILE:?not run by bazel test}"
cat > "$XML_OUTPUT_FILE" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="2" failures="0" errors="0">
  <testsuite name="own_xml" tests="2" failures="0" errors="0" skipped="0" time="0.002">
    <testcase name="own_case_alpha" classname="example.OwnXml" time="0.001"/>
    <testcase name="own_case_beta" classname="example.OwnXml" time="0.001"/>
  </testsuite>
</testsuites>
XML
echo "wrote my own XML with own_case_alpha and own_case_beta"
