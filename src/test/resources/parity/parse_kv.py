"""Ansible's own parse_kv on every case of parse_kv.json (read on stdin), in the same format on stdout.

Regenerate the table after adding a case (any "result"/"error" given is ignored):
  /usr/bin/python3 src/test/resources/parity/parse_kv.py < src/test/resources/parity/parse_kv.json > /tmp/t.json \
    && mv /tmp/t.json src/test/resources/parity/parse_kv.json
"""
import json
import sys

from ansible.parsing.splitter import parse_kv

out = []
for case in json.load(sys.stdin):
    e = {"text": case["text"], "check_raw": case["check_raw"]}
    try:
        e["result"] = list(parse_kv(e["text"], check_raw=e["check_raw"]).items())
    except Exception as ex:
        e["error"] = type(ex).__name__
        e["message"] = str(ex).splitlines()[0] if str(ex) else ""
    out.append(e)
json.dump(out, sys.stdout, indent=1, ensure_ascii=True)
print()
