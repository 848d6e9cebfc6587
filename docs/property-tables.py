#!/usr/bin/env python3
"""Prints, as Markdown, every cmon.* property of each application with its default
and description, from the configuration metadata the build writes
(<module>/target/classes/META-INF/spring-configuration-metadata.json).
Run after ./mvnw compile; README's property tables are its output."""
import json
import re
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODULES = sys.argv[1:] or ["metric-agent", "metric-proxy", "triton-discovery", "cns-adapter", "metrics-forwarder"]


def default(prop):
    value = prop.get("defaultValue")
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


for module in MODULES:
    meta = ROOT / module / "target/classes/META-INF/spring-configuration-metadata.json"
    if not meta.exists():
        print(f"<!-- {module}: no metadata; run ./mvnw compile -->\n")
        continue
    props = [p for p in json.loads(meta.read_text())["properties"] if p["name"].startswith("cmon.")
             and not p["name"].startswith("cmon.triton.")]
    print(f"#### `{module}`\n")
    print("| property | default | meaning |")
    print("|---|---|---|")
    for p in sorted(props, key=lambda p: p["name"]):
        desc = " ".join(p.get("description", "").split()).replace("|", "\\|")
        desc = re.sub(r"\{@(?:code|link) ([^}]*)\}", r"`\1`", desc)
        value = default(p).replace("|", "\\|")
        print(f"| `{p['name']}` | {value} | {desc} |")
    print()
