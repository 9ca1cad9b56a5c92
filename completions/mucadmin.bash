# SPDX-License-Identifier: MIT
# bash completion for mucadmin: a thin adapter over "mucadmin __complete",
# which answers from the command table (and from the server, for rooms and
# members, when an account can connect without asking for a password).
_mucadmin()
{
    local line=${COMP_LINE:0:COMP_POINT} cur pre c i wb
    local -a words cands
    # The words up to the cursor as mucadmin sees them: bash splits at
    # '=', '@' and ':' too, which mucadmin's words may contain.
    read -r -a words <<<"$line"
    [[ $line == *[[:space:]] || ${#words[@]} -eq 0 ]] && words+=("")
    for i in "${!words[@]}"; do
        words[i]=${words[i]//[\"\']/}
    done
    cur=${words[${#words[@]} - 1]}
    # Readline replaces only what follows the last word-break character.
    wb=${COMP_WORDBREAKS//[[:space:]\"\']/}
    pre=
    for ((i = ${#cur} - 1; i >= 0; i--)); do
        if [[ $wb == *"${cur:i:1}"* ]]; then
            pre=${cur:0:i+1}
            break
        fi
    done
    mapfile -t cands < <("${words[0]}" __complete -- "${words[@]:1}" \
        2>/dev/null)
    COMPREPLY=()
    for c in "${cands[@]}"; do
        c=${c%%$'\t'*}
        [[ $c == *[=/] ]] && compopt -o nospace 2>/dev/null
        COMPREPLY+=("${c#"$pre"}")
    done
}
complete -F _mucadmin mucadmin
