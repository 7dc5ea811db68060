#!/usr/bin/env python3
"""Writes scenarios/scenario.schema.json: the protocol-neutral part
(scenarios/scenario.core.schema.json) plus each protocol's part
(targets/drivers/<name>/<name>.schema.json: its URL forms, target options,
step member and reply facets), for the protocols of THRONG_PROTOCOLS in
targets/CMakeLists.txt, in that order.

  scripts/scenario_schema.py          rewrite the schema
  scripts/scenario_schema.py --check  exit 1 if it is not what it would write
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "scenarios" / "scenario.schema.json"


def protocols():
    text = (ROOT / "targets" / "CMakeLists.txt").read_text()
    found = re.search(r"set\(THRONG_PROTOCOLS\s+([^)]*)\)", text)
    if not found:
        sys.exit("targets/CMakeLists.txt: no set(THRONG_PROTOCOLS ...)")
    return found.group(1).split()


def fragment(name):
    path = ROOT / "targets" / "drivers" / name / f"{name}.schema.json"
    if not path.exists():
        sys.exit(f"{path.relative_to(ROOT)}: missing (every protocol of THRONG_PROTOCOLS has one)")
    part = json.loads(path.read_text())
    for key in ("url", "target_options", "step"):
        if key not in part:
            sys.exit(f"{path.relative_to(ROOT)}: no \"{key}\"")
    return part


def add_option(options, key, schema, name):
    """Two protocols may take the same option (pool): the same schema, both descriptions."""
    if key not in options:
        options[key] = dict(schema)
        return
    mine = {k: v for k, v in schema.items() if k != "description"}
    theirs = {k: v for k, v in options[key].items() if k != "description"}
    if mine != theirs:
        sys.exit(f"target option `{key}` of {name} differs from another protocol's: give it another name")
    options[key]["description"] += "; " + schema.get("description", "")


def add_facets(defs, facets):
    """Each reply facet a protocol declares is a kind of check and a source of extraction."""
    checks = defs["check"]["oneOf"]
    extractions = defs["extraction"]["oneOf"]
    abort = checks[0]["properties"]["abort"]
    default = extractions[0]["properties"]["default"]
    for protocol, name, spec in facets:
        if spec.get("kind") == "count":
            value = {"oneOf": [{"type": "integer", "minimum": 0},
                               {"type": "object", "minProperties": 1, "additionalProperties": False,
                                "properties": {"min": {"type": "integer", "minimum": 0},
                                               "max": {"type": "integer", "minimum": 0}}}]}
        elif spec.get("kind") == "word":
            value = {"enum": spec["words"]}
        elif spec.get("kind") == "text":
            value = {"type": "string"}
        else:
            sys.exit(f"facet `{name}` of {protocol}: \"kind\" is \"count\", \"word\" or \"text\"")
        value["description"] = spec["check"]
        checks.append({"type": "object", "required": [name], "additionalProperties": False,
                       "properties": {name: value, "abort": abort}})
        extractions.append({"type": "object", "required": [name], "additionalProperties": False,
                            "properties": {name: {"const": True, "description": spec["extract"]},
                                           "default": default}})


def assemble():
    core = json.loads((ROOT / "scenarios" / "scenario.core.schema.json").read_text())
    core.pop("$comment", None)
    defs = core["$defs"]
    names = protocols()
    parts = {name: fragment(name) for name in names}

    patterns = "|".join(parts[n]["url"]["pattern"] for n in names)
    forms = [form for n in names for form in parts[n]["url"]["forms"]]
    defs["target_url"] = {
        "type": "string",
        "pattern": f"^({patterns})$",
        "description": ", ".join(forms[:-1]) + ", or " + forms[-1] if len(forms) > 1 else forms[0],
    }
    defs["step"]["description"] = defs["step"]["description"].replace(
        "{protocols}", ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0])

    request = defs["request_step"]
    properties = {}
    for key, value in request["properties"].items():
        properties[key] = value
        if key == "name":  # the protocol keys right after the name, as scenarios write them
            for n in names:
                properties[n] = {"$ref": f"#/$defs/{n}"}
    request["properties"] = properties
    request["oneOf"] = [{"required": [n]} for n in names]

    options = defs["target"]["oneOf"][1]["properties"]
    for n in names:
        for key, schema in parts[n]["target_options"].items():
            add_option(options, key, schema, n)
    add_facets(defs, [(n, facet, spec) for n in names for facet, spec in parts[n].get("facets", {}).items()])
    for n in names:
        if n in defs:
            sys.exit(f"protocol `{n}` has the name of a $defs entry of the core schema")
        defs[n] = parts[n]["step"]

    whole = {"$comment": "Generated by scripts/scenario_schema.py from scenario.core.schema.json and each "
                         "protocol's targets/drivers/<name>/<name>.schema.json: edit those, then run it."}
    whole.update(core)
    return json.dumps(whole, indent=2, ensure_ascii=False) + "\n"


def main():
    text = assemble()
    if sys.argv[1:] == ["--check"]:
        if OUTPUT.read_text() != text:
            sys.exit("scenarios/scenario.schema.json is not what its parts make: run scripts/scenario_schema.py")
        return
    if sys.argv[1:]:
        sys.exit(__doc__)
    temporary = OUTPUT.with_suffix(".json.tmp")
    temporary.write_text(text)
    temporary.replace(OUTPUT)


if __name__ == "__main__":
    main()
