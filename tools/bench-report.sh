#!/bin/bash
# bench-report.sh [DIR]: print every benchmark row found in DIR/*.csv
# (default build/bench) as one table, and keep them together as
# out/bench.csv with a plot of the ratios, out/bench.svg.
#
# Any script may drop a CSV there; the format, one row per measurement, is
#   group,name,native,guest,unit,ratio
# (a header line starting with "group," is skipped).  ratio is guest over
# native in the row's unit: for times above 1 means the Guest is slower,
# for rates (unit ending in /s) below 1 does.  Rows of a group and name
# this script knows are compared with the goals of issue 9.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build/bench}
mkdir -p "$top/out"
shopt -s nullglob
files=("$dir"/*.csv)
[ ${#files[@]} -gt 0 ] || { echo "bench-report: no CSV in $dir" >&2; exit 1; }

{
	echo "group,name,native,guest,unit,ratio"
	cat "${files[@]}" | tr -d '\r' | grep -v '^group,' | grep -v '^$'
} >"$top/out/bench.csv.tmp"
mv "$top/out/bench.csv.tmp" "$top/out/bench.csv"

# Goals: "<=X" for a ratio that must not exceed X, ">=X" for a floor.
goals='cpu,getpid,<=1.05 cpu,read,<=1.05 cpu,pipe,<=2.0 cpu,fork,<=2.0
cpu,exec,<=1.5 cpu,fault,<=2.0 cpu,user,<=1.01 macro,tar,<=1.10
macro,gzip,<=1.10 macro,sort,<=1.10 net,tcp-guest-to-host,>=0.3
net,tcp-host-to-guest,>=0.3 net,tcp-guest-to-guest,>=0.3
net,udp-10mbit-delivered,>=1.0 boot,boot,<=1.0 block,seq-read-64k,>=0.8
block,seq-write-64k,>=0.8 block,rand-read-4k,>=0.5 block,rand-write-4k,>=0.5'

awk -F, -v goals="$goals" '
BEGIN {
	n = split(goals, g, /[ \n]+/)
	for (i = 1; i <= n; i++) {
		split(g[i], f, ","); goal[f[1] "," f[2]] = f[3]
	}
	printf "%-8s %-14s %12s %12s %-8s %8s  %s\n", "group", "name", "native",
	       "guest", "unit", "ratio", "goal"
}
NR > 1 {
	k = $1 "," $2; gl = (k in goal) ? goal[k] : ""; mark = ""
	if (gl ~ /^<=/ && $6 + 0 > substr(gl, 3) + 0) mark = "  (not met)"
	if (gl ~ /^>=/ && $6 + 0 < substr(gl, 3) + 0) mark = "  (not met)"
	printf "%-8s %-14s %12s %12s %-8s %8.2f  %s%s\n", $1, $2, $3, $4, $5,
	       $6, gl, mark
}' "$top/out/bench.csv"
echo "(guest/native medians; cpu and macro rows are instruction counts under"
echo " QEMU -icount shift=0: 1 ns = 1 instruction; rows from $dir/*.csv;"
echo " kept in out/bench.csv, plotted in out/bench.svg)"

# The plot: one horizontal bar per row, the ratio on a log2 axis from 1/16
# to 32, a line at 1 (as fast as native).
awk -F, '
function x(r) {
	if (r < 1 / 16) r = 1 / 16
	if (r > 32) r = 32
	return left + (log(r) / log(2) + 4) * span / 9
}
BEGIN { left = 170; span = 540; bar = 18 }
NR > 1 { grp[++n] = $1; name[n] = $2; ratio[n] = $6 + 0 }
END {
	h = 60 + n * (bar + 6) + 40
	printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", h
	printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
	printf "<text x=\"10\" y=\"22\" font-size=\"15\">lguest Guest / native (log scale; left of 1 is faster for times, slower for rates)</text>\n"
	top = 40; bottom = 40 + n * (bar + 6) + 6
	for (e = -4; e <= 5; e++) {
		t = 2 ^ e; xx = x(t)
		printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>\n",
		       xx, top, xx, bottom, (e == 0 ? "black" : "#ddd")
		printf "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
		       xx, bottom + 16, (e < 0 ? "1/" 2 ^ -e : t)
	}
	for (i = 1; i <= n; i++) {
		y = top + 6 + (i - 1) * (bar + 6)
		x0 = x(1); x1 = x(ratio[i])
		lo = x0 < x1 ? x0 : x1; w = x0 < x1 ? x1 - x0 : x0 - x1
		printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s %s</text>\n",
		       left - 8, y + 13, grp[i], name[i]
		printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
		       lo, y, (w < 1 ? 1 : w), bar, (ratio[i] > 1 ? "#d9534f" : "#5b9bd5")
		printf "<text x=\"%.1f\" y=\"%d\">%.2f</text>\n",
		       (x0 > x1 ? x0 : x1) + 4, y + 13, ratio[i]
	}
	print "</svg>"
}' "$top/out/bench.csv" >"$top/out/bench.svg"
