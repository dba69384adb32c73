#!/bin/bash
# check-config.sh CONFIG FRAGMENT...: every option a fragment sets must have
# that value in CONFIG ("# CONFIG_X is not set" is also met by an absent X).
set -euo pipefail
cfg=$1; shift
fail=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		sym=${line%%=*}
		if ! grep -qxF "$line" "$cfg"; then
			echo "check-config: $line asked for, final config has:" \
			     "$(grep -E "^($sym=|# $sym is not set)" "$cfg" || echo '(nothing)')" >&2
			fail=1
		fi ;;
	"# CONFIG_"*" is not set")
		sym=${line#\# }; sym=${sym%% *}
		if grep -q "^$sym=" "$cfg"; then
			echo "check-config: $line asked for, final config has" \
			     "$(grep "^$sym=" "$cfg")" >&2
			fail=1
		fi ;;
	esac
done < <(cat "$@")
exit $fail
