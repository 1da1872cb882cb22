#!/usr/bin/env python3
# Usage: python3 bench/alternatives/record_network_phases.py BUILD/src/isotest ROUNDS (as root, or runuser -u USER --)
# Where recording's cost goes: spawn -> test running, and test ran -> isotest reaped; on vs off, interleaved.
import subprocess, sys, statistics, time, os, tempfile
B = sys.argv[1]; rounds = int(sys.argv[2])
d = tempfile.mkdtemp(dir="/var/tmp"); r = os.path.join(d, "r.xml")
res = {"on": ([], []), "off": ([], [])}
for i in range(rounds):
    for m in (("on", "off") if i % 2 else ("off", "on")):
        t0 = time.time_ns()
        out = subprocess.run([B, "--junit", r, "--record-network", m, "--", "date", "+%s%N"], capture_output=True, text=True, cwd=d).stdout
        t2 = time.time_ns(); t1 = int(out.strip())
        res[m][0].append((t1 - t0) / 1e6); res[m][1].append((t2 - t1) / 1e6)
for m, (a, b) in res.items():
    print("%s: spawn->test %.2f ms, test->reaped %.2f ms (medians of %d)" % (m, statistics.median(a), statistics.median(b), rounds))
