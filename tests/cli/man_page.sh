#!/usr/bin/env bash
# man/collagenda.1 against the real binary: it formats without a groff
# warning, documents every command `collagenda --help` lists (and marks as
# "(planned)" only those it does not), every flag of `plan --help`, every
# value the binary accepts, every key of the plan and of the protocol file,
# and its main example is the binary's real output.
#
# usage: man_page.sh PATH/TO/collagenda SOURCE_DIR   (exits 77, skipped, without groff)
. "$(dirname "$0")/lib.sh"
cli_init "$1"
page=$2/man/collagenda.1
if ! command -v groff >/dev/null 2>&1; then
    echo "groff is not installed (apt-get install groff-base): skipped"
    exit 77
fi
if [ ! -r "$page" ]; then
    echo "error: cannot read $page" >&2
    exit 2
fi

# --- it formats cleanly ------------------------------------------------------
warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
assert_empty "groff -ww reports no warnings" "$warnings"
# One very long line per paragraph, so that no word is hyphenated or broken.
text=$(groff -man -Tascii -rLL=3000n -P-cbou "$page" 2>/dev/null)

# section NAME: the rendered text of one top-level section.
section() {
    awk -v name="$1" '/^[A-Z]/ { inside = ($0 == name); next } inside' <<<"$text"
}
assert_match "renders a NAME section" '^ *collagenda - ' "$(section NAME)"

# --- commands: documented, and "(planned)" exactly when not built --------------
run --help
built=$(sed -n '/^Commands:/,/^$/p' <<<"$OUT" | awk '/^  [a-z]/ {print $1}')
documented=$(section COMMANDS | awk '/^   [a-z]/ {print $1}')
planned=$(section COMMANDS | awk '/^   [a-z].*\(planned\)/ {print $1}')
for command in $built; do
    assert_contains "documents the built command '$command'" $'\n'"$command"$'\n' \
        $'\n'"$documented"$'\n'
    if grep -qx "$command" <<<"$planned"; then
        fail "'$command' is built, so it is not marked (planned)"
    else
        pass
    fi
done
for command in $planned; do
    if grep -qx "$command" <<<"$built"; then
        fail "'$command' is marked (planned) but 'collagenda --help' lists it"
    else
        pass
    fi
done
for command in $documented; do
    grep -qx "$command" <<<"$planned" && continue
    if grep -qx "$command" <<<"$built"; then
        pass
    else
        fail "'$command' is documented as built but 'collagenda --help' does not list it;" \
            "mark its section '(planned)'"
    fi
done
for command in plan protocol client course session due import export user token serve backup; do
    assert_contains "documents the docs/records.md#command-line command '$command'" $'\n'"$command"$'\n' \
        $'\n'"$documented"$'\n'
done

# --- every flag of every built command ----------------------------------------
for command in $built; do
    run "$command" --help
    while IFS= read -r flag; do
        assert_contains "documents '$command $flag'" "$flag" "$text"
    done < <(grep -o -- '--[a-z][a-z-]*' <<<"$OUT" | sort -u)
done
# --- every output format a built command offers ---------------------------------
formats_section=$(section 'OUTPUT FORMATS')
format_entries=$(awk '/^       [a-z]/ {print $1}' <<<"$formats_section")
planned_formats=$(awk '/^       [a-z].*\(planned\)/ {print $1}' <<<"$formats_section")
offered=""
for command in $built; do
    run "$command" --help
    offered+=" $(grep -o -- '--format [a-z|]*' <<<"$OUT" | sed 's/--format //' | tr '|' ' ')"
done
for format in $(tr ' ' '\n' <<<"$offered" | sort -u); do
    if grep -qx "$format" <<<"$format_entries" && ! grep -qx "$format" <<<"$planned_formats"; then
        pass
    else
        fail "OUTPUT FORMATS documents the offered format '$format', not as planned"
    fi
done
for format in $format_entries; do
    grep -qx "$format" <<<"$planned_formats" && continue
    if grep -qx "$format" <<<"$(tr ' ' '\n' <<<"$offered")"; then
        pass
    else
        fail "format '$format' is documented as built but no command's --help offers it;" \
            "mark its entry '(planned)'"
    fi
done
for format in $planned_formats; do
    if grep -qx "$format" <<<"$(tr ' ' '\n' <<<"$offered")"; then
        fail "format '$format' is marked (planned) but a command's --help offers it"
    else
        pass
    fi
done

for flag in --db --clinic --help --version; do
    assert_contains "documents the global option $flag" "$flag" "$(section 'GLOBAL OPTIONS')"
done

# --- every value the binary accepts, as its own error messages list them -------
for flag in laxity goal areas risks concerns modality screening skin-type open-days; do
    if [ "$flag" = laxity ]; then
        run plan --laxity not-a-value
    else
        run plan --laxity mild --start 2027-01-04 "--$flag" not-a-value
    fi
    allowed=$(sed -n 's/.*use one of: //p' <<<"$ERR")
    if [ -z "$allowed" ]; then
        fail "--$flag lists its allowed values" "$ERR"
        continue
    fi
    for value in ${allowed//,/ }; do
        assert_match "documents --$flag $value" "(^|[^a-z-])$value([^a-z-]|$)" "$text"
    done
done

# --- the plan's keys, exit statuses, environment ----------------------------------
run plan --laxity mild --start 2027-01-04 --format json
for key in $(jq -r 'keys[]' <<<"$OUT"); do
    assert_match "OUTPUT FORMATS documents the plan key '$key'" "(^|[^a-z_])$key([^a-z_]|$)" \
        "$(section 'OUTPUT FORMATS')"
done
exit_section=$(section 'EXIT STATUS')
for status in 0 1 2 3; do
    if grep -qE "^ +$status +[A-Z]" <<<"$exit_section"; then
        pass
    else
        fail "EXIT STATUS documents $status" "$exit_section"
    fi
done
for variable in COLLAGENDA_DB XDG_DATA_HOME; do
    assert_contains "ENVIRONMENT documents $variable" "$variable" "$(section ENVIRONMENT)"
done

# --- the protocol file ---------------------------------------------------------
run protocol show
for key in $(jq -r 'keys[]' <<<"$OUT"); do
    assert_match "FILES documents the protocol key '$key'" "(^|[^a-z_])$key([^a-z_]|$)" \
        "$(section FILES)"
done
for kind in marketing study review consensus clinic-practice; do
    assert_contains "documents the source kind '$kind'" "$kind" "$(section FILES)"
done

# --- the choices where the spec was silent ---------------------------------------
notes=$(section NOTES)
for phrase in "listed twice" "only when given" "pacemaker" "start-moved-to-open-day" \
    "not moved to an open day" "Blank lines"; do
    assert_contains "NOTES records the choice about '$phrase'" "$phrase" "$notes"
done
assert_contains "EVIDENCE says the counts are not from trials" "not from clinical trials" \
    "$(section EVIDENCE)"

# --- the first example is the binary's real output ---------------------------------
example=$(section EXAMPLES | sed -n '/^       \$ collagenda plan --laxity mild --areas face --start 2027-01-04$/,/^$/p')
run plan --laxity mild --areas face --start 2027-01-04
shown=0
while IFS= read -r line; do
    line=${line#       }
    case $line in '$ '* | '...' | '') continue ;; esac
    shown=$((shown + 1))
    if grep -qxF -- "$line" <<<"$OUT"; then
        pass
    else
        fail "EXAMPLES line is real output" "$line"
    fi
done <<<"$example"
if [ "$shown" -ge 8 ]; then pass; else fail "EXAMPLES shows the plan example's plan (docs/design.md#plan-example)" "$example"; fi

finish
