#!/usr/bin/env python3
"""CI: check that a report.json says every one of N tasks is done. Usage: check-report.py REPORT N WHAT"""
import json
import sys

path, tasks, what = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = json.load(open(path))["completeness"]
ok = c["tasks_total"] == tasks and c["tasks_done"] == tasks and not c["tasks_failed"] and not c["tasks_missing"]
if not ok:
    sys.exit(f"{what}: the report is incomplete: {c}")
print(f"{what}: report with all {tasks} tasks done")
