# Step "panic" (in the Guest, for tests/vm/guest-boot.sh): panic the
# Guest kernel on purpose through the sysrq trigger; the Launcher must end
# with the panic text and exit 1.
echo c >/proc/sysrq-trigger
