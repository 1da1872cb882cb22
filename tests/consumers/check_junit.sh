#!/usr/bin/env bash
# Checks JUnit XML reports against one of the schemas of shared/schemas (SCHEMA_FILE) with
# xmllint. Those schemas are not part of this repository (a fresh clone has no ../shared):
# where SCHEMA_FILE is absent, each report is checked for well-formedness with xmllint and
# against junit-rules/NAME.rules (NAME: the schema's file name without .xsd) — what the schema
# demands, as XPath tests, and the counts a report states against the cases it holds.
#
#   check_junit.sh SCHEMA_FILE REPORT...          the schema where present, else the rules
#   check_junit.sh --rules SCHEMA_FILE REPORT...  the rules, even where the schema is present
#   check_junit.sh --how SCHEMA_FILE              one line saying how reports will be checked
#
# Prints one "FAIL REPORT: why" line per problem on stdout. Exit status: 0 every report valid,
# 1 a report invalid, 2 a usage or setup error (no xmllint, no rules for the schema).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

usage() {
    echo "usage: $0 [--rules] SCHEMA_FILE REPORT... | $0 --how SCHEMA_FILE" >&2
    exit 2
}

mode=auto
case ${1:-} in
    --rules) mode=rules; shift ;;
    --how) mode=how; shift ;;
esac
(($# >= 1)) || usage
schema=$1
shift
rules=$here/junit-rules/$(basename "$schema" .xsd).rules
if [[ $mode == how ]]; then
    if [[ -f $schema ]]; then
        echo "reports are checked against the schema $schema (xmllint)"
    else
        echo "the schema $schema is absent: reports are checked for well-formedness and against the rules in $rules (xmllint) instead"
    fi
    exit 0
fi
(($# >= 1)) || usage
command -v xmllint >/dev/null || { echo "check_junit: xmllint not found; install it: apt-get install libxml2-utils" >&2; exit 2; }
[[ $mode == auto ]] && { [[ -f $schema ]] && mode=schema || mode=rules; }

status=0
fail() {  # report, why
    echo "FAIL $1: $2"
    status=1
}

if [[ $mode == schema ]]; then
    for report in "$@"; do
        output=$(xmllint --noout --schema "$schema" "$report" 2>&1) || fail "$report" "$(head -c 600 <<<"$output" | tr '\n' ' ')"
    done
    exit "$status"
fi

[[ -f $rules ]] || { echo "check_junit: no rules for $(basename "$schema") at $rules" >&2; exit 2; }
meanings=()
# One xmllint run per report for all rules: the numbers of the rules that do not hold.
query="concat('failed:'"
while IFS=$'\t' read -r expression meaning; do
    [[ -z $expression || $expression == \#* ]] && continue
    number=${#meanings[@]}
    meanings+=("$meaning")
    query+=", substring('$number ', 1, string-length('$number ') * number(not($expression)))"
done <"$rules"
query+=")"
for report in "$@"; do
    if ! output=$(xmllint --noout "$report" 2>&1); then
        fail "$report" "not well-formed: $(head -c 600 <<<"$output" | tr '\n' ' ')"
        continue
    fi
    if ! output=$(xmllint --xpath "$query" "$report" 2>&1) || [[ $output != failed:* ]]; then
        fail "$report" "xmllint --xpath failed on $rules: $(head -c 600 <<<"$output" | tr '\n' ' ')"
        continue
    fi
    for number in ${output#failed:}; do fail "$report" "${meanings[number]}"; done
done
exit "$status"
