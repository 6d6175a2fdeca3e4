#!/bin/sh
# Refuses to let the stack start with a weak secret. Run by the one-shot `secrets-check`
# service of docker-compose.yml, which every other service waits for.
#
#   sh check-secrets.sh NAME[:MIN_LENGTH] ...
#
# Fails (exit 1) when a named variable is unset or empty, still holds the `change-me`
# placeholder of .env.example, or is shorter than MIN_LENGTH characters (default
# SECRETS_MIN_LENGTH, else 16). Messages name the variable, never its value.
# Exit 2: called wrongly (no names, or a malformed NAME[:MIN_LENGTH]).
set -u

default_min=${SECRETS_MIN_LENGTH:-16}
case $default_min in
    '' | *[!0-9]*)
        echo "check-secrets: SECRETS_MIN_LENGTH must be a number" >&2
        exit 2
        ;;
esac
if [ "$#" -eq 0 ]; then
    echo "check-secrets: no variable names given" >&2
    exit 2
fi

failed=0
for spec in "$@"; do
    name=${spec%%:*}
    min=$default_min
    case $spec in *:*) min=${spec#*:} ;; esac
    case $name in
        '' | [!A-Za-z_]* | *[!A-Za-z0-9_]*)
            echo "check-secrets: not a variable name: $name" >&2
            exit 2
            ;;
    esac
    case $min in
        '' | *[!0-9]*)
            echo "check-secrets: not a minimum length for $name: $min" >&2
            exit 2
            ;;
    esac
    eval "value=\${$name-}"
    placeholder=no
    case $(printf '%s' "$value" | tr '[:upper:]' '[:lower:]') in *change-me*) placeholder=yes ;; esac
    if [ -z "$value" ]; then
        echo "check-secrets: $name is empty or unset; set it in .env (see .env.example)" >&2
        failed=1
    elif [ "$placeholder" = yes ]; then
        echo "check-secrets: $name still holds the placeholder from .env.example; set a real value in .env" >&2
        failed=1
    elif [ "${#value}" -lt "$min" ]; then
        echo "check-secrets: $name is shorter than $min characters; see .env.example for how to generate one" >&2
        failed=1
    fi
done
unset value

if [ "$failed" -ne 0 ]; then
    echo "check-secrets: refusing to start the stack" >&2
    exit 1
fi
echo "check-secrets: $# secrets checked"
