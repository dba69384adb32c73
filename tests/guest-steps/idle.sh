# Step "idle SECONDS" (in the Guest, for tests/vm/guest-idle.sh): do
# nothing for SECONDS between two marker lines, while the Host measures
# how much CPU the Launcher uses meanwhile.
echo IDLE-START
sleep "$1"
echo IDLE-END
