#!/bin/bash
# check-config.sh CONFIG FRAGMENT...: every option the fragments set must have
# that value in CONFIG ("# CONFIG_X is not set" is also met by an absent X).
# As in merge_config.sh, a later fragment's value for an option replaces an
# earlier one's (a variant's fragment overrides the main config).
set -euo pipefail
cfg=$1; shift
fail=0
declare -A want=()
order=()
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*) sym=${line%%=*} ;;
	"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *} ;;
	*) continue ;;
	esac
	[ -n "${want[$sym]+set}" ] || order+=("$sym")
	want[$sym]=$line
done < <(cat "$@")
for sym in "${order[@]}"; do
	line=${want[$sym]}
	case "$line" in
	CONFIG_*=*)
		if ! grep -qxF "$line" "$cfg"; then
			echo "check-config: $line asked for, final config has:" \
			     "$(grep -E "^($sym=|# $sym is not set)" "$cfg" || echo '(nothing)')" >&2
			fail=1
		fi ;;
	*)
		if grep -q "^$sym=" "$cfg"; then
			echo "check-config: $line asked for, final config has" \
			     "$(grep "^$sym=" "$cfg")" >&2
			fail=1
		fi ;;
	esac
done
exit $fail
