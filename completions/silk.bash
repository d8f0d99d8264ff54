# bash completion for silk-index, silk-query and silk-stem. Installed under
# each tool's name in share/bash-completion/completions (bash-completion
# loads it on a tool's first completion); each copy defines all three.
# The options come from the tool's own --help, so that they cannot fall
# behind it; the values of a few are known here.

# The options listed in "$1 --help": the leading "-x, --long ARG" part of
# each option line.
_silk_options()
{
    "$1" --help 2>/dev/null | awk '
        /^ +-/ {
            sub(/^ +/, ""); sub(/  .*/, "")
            n = split($0, w, /[ ,]+/)
            for (k = 1; k <= n; k++)
                if (w[k] ~ /^--?[A-Za-z][-A-Za-z]*$/) print w[k]
        }'
}

# Complete the last item of a comma-separated list in cur from words "$@".
_silk_list()
{
    local cur=$1 head=""
    shift
    [[ $cur == *,* ]] && head=${cur%,*},
    COMPREPLY=($(compgen -P "$head" -W "$*" -- "${cur##*,}"))
    compopt -o nospace 2>/dev/null
}

_silk()
{
    local tool=$1 name=${1##*/} cur=${COMP_WORDS[COMP_CWORD]} prev="" k
    COMPREPLY=()
    (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}
    # --opt=value: bash splits it as "--opt" "=" "value" by COMP_WORDBREAKS.
    if [[ $cur == = ]]; then
        cur=""
    elif [[ $prev == = ]] && (( COMP_CWORD > 1 )); then
        prev=${COMP_WORDS[COMP_CWORD-2]}
    elif [[ $cur == --*=* ]]; then
        prev=${cur%%=*} cur=${cur#*=}
    else
        [[ $prev == = ]] && prev=""
    fi
    # After "--" everything is a word (a query, a path).
    for (( k = 1; k < COMP_CWORD; k++ )); do
        if [[ ${COMP_WORDS[k]} == -- ]]; then
            [[ $name == silk-index ]] && COMPREPLY=($(compgen -f -- "$cur"))
            return 0
        fi
    done
    case $prev in
        -i|--index)
            COMPREPLY=($(compgen -d -- "$cur")); compopt -o filenames 2>/dev/null
            return 0 ;;
        --facets)
            _silk_list "$cur" year country ministry source subject month category all
            return 0 ;;
        --format)
            COMPREPLY=($(compgen -W "text json trec" -- "$cur")); return 0 ;;
        --duplicates)
            COMPREPLY=($(compgen -W "collapse keep" -- "$cur")); return 0 ;;
        --color|--colour)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return 0 ;;
        --lang)
            local stem=silk-stem
            [[ $tool == */* ]] && stem=${tool%/*}/silk-stem
            COMPREPLY=($(compgen -W "$("$stem" --list-languages 2>/dev/null)" -- "$cur"))
            return 0 ;;
        --batch|--synonyms|--output)
            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null
            return 0 ;;
        --limit|--offset|--per-article|--count-limit|--facet-limit|--context|\
        --lock-timeout|--commit-every|--shards|--jobs|--max-article-bytes)
            return 0 ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_silk_options "$tool")" -- "$cur"))
        return 0
    fi
    # silk-index's PATHs are files and directories; a query or a WORD is text.
    if [[ $name == silk-index ]]; then
        COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null
    fi
    return 0
}

complete -F _silk silk-index silk-query silk-stem
