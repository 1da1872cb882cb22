# shellcheck shell=bash disable=SC2034  # a library: its variables are for the sourcing script
# A private apt setup derived from the machine's own apt configuration: sourced by the scripts
# that fetch something from Debian's archive (tinyxml2-source.sh, backports-cmake.sh,
# apparmor-parser.sh), so that no archive host is ever written in this repository and the
# machine's apt state (its lists, cache, sources, installed packages) is left untouched.
#
#   apt_private_entries RELEASE     "URIS<TAB>SIGNED-BY" for each of the machine's Debian
#                                   "deb" entries whose suites include RELEASE (deb822 *.sources
#                                   and one-line *.list files alike)
#   apt_private_setup DIR TYPES SUITE   writes DIR/sources.list.d/private.sources with one
#                                   stanza per entry above (same URIs and Signed-By, the given
#                                   Types and Suite, component main), makes private lists and
#                                   cache dirs under DIR and sets the array apt_private_options,
#                                   to be passed to every apt-get / apt-cache call
#   apt_private_update DIR          apt-get update through that setup (log in DIR/update.log)
#
# On failure they return 1 with one line saying why in apt_private_error.
# The release is the machine's own (VERSION_CODENAME of /etc/os-release) unless given.

apt_private_codename() {
    # shellcheck source=/dev/null
    (. /etc/os-release && echo "${VERSION_CODENAME:-}")
}

apt_private_entries() {
    local release=$1 file
    for file in /etc/apt/sources.list.d/*.sources; do
        [[ -f $file ]] || continue
        awk -v release="$release" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " release " ") && enabled != "no")
                    print uris "\t" signed
                types = suites = uris = signed = enabled = ""
            }
            /^[ \t]*#/ { next }
            /^[ \t]*$/ { flush(); next }
            { key = tolower($1); sub(/:$/, "", key); value = $0; sub(/^[^:]*:[ \t]*/, "", value) }
            key == "types" { types = value } key == "suites" { suites = value }
            key == "uris" { uris = value } key == "signed-by" { signed = value }
            key == "enabled" { enabled = tolower(value) }
            END { flush() }' "$file"
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $file ]] || continue
        awk -v release="$release" '
            $1 != "deb" { next }
            {
                signed = ""; field = 2
                if ($2 ~ /^\[/) {
                    while (field <= NF) {
                        if ($field ~ /^\[?signed-by=/) { signed = $field; sub(/^\[?signed-by=/, "", signed); sub(/\]$/, "", signed) }
                        if ($field ~ /\]$/) { field++; break }
                        field++
                    }
                }
                if ($(field + 1) == release) print $field "\t" signed
            }' "$file"
    done
}

apt_private_setup() {
    local dir=$1 types=$2 suite=$3 release entries uris signed
    release=$(apt_private_codename)
    [[ -n $release ]] || { apt_private_error="/etc/os-release names no VERSION_CODENAME; this needs Debian"; return 1; }
    entries=$(apt_private_entries "$release" | sort -u)
    [[ -n $entries ]] || {
        apt_private_error="no apt source for suite $release in /etc/apt/sources.list{,.d}; cannot derive $suite"
        return 1
    }
    rm -rf "$dir"
    mkdir -p "$dir/sources.list.d" "$dir/lists/partial" "$dir/cache/archives/partial"
    while IFS=$'\t' read -r uris signed; do
        echo "Types: $types"
        echo "URIs: $uris"
        echo "Suites: $suite"
        echo "Components: main"
        [[ -n $signed ]] && echo "Signed-By: $signed"
        echo
    done <<<"$entries" >"$dir/sources.list.d/private.sources"
    apt_private_options=(-o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$dir/sources.list.d"
        -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o "APT::Sandbox::User=$(id -un)"
        -o Debug::NoLocking=true)
}

apt_private_update() {
    local dir=$1
    # apt-get update exits 0 when an index could not be fetched (offline): its warnings count.
    if ! apt-get "${apt_private_options[@]}" -qq update >"$dir/update.log" 2>&1 ||
        grep -q -E '^(E|W):' "$dir/update.log"; then
        apt_private_error="apt-get update failed: $(grep -m1 -E '^(E|W):' "$dir/update.log" || tail -n1 "$dir/update.log")"
        return 1
    fi
}
