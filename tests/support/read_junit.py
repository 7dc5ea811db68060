#!/usr/bin/env python3
"""Reads a JUnit XML file with junitparser and prints what it found as JSON.

An independent reader for throng's JUnit writer (reports/junit_report.cpp):
the tests compare what it prints with the result the XML was made from.

    read_junit.py FILE

prints {"name", "tests", "failures", "errors", "skipped", "time",
        "suites": [{"name", "tests", "failures", "errors", "skipped", "time",
                    "properties": [[name, value], ...],
                    "cases": [{"name", "classname", "time", "result", "message",
                               "type", "text", "system_out"}]}]}
where "result" is failure, error, skipped or passed. Counts are the
attributes as written; the cases are what the parser found.
Exit status: 0 read, 1 unreadable XML, 2 usage, 3 junitparser missing.
"""
import json
import sys

try:
    from junitparser import Error, Failure, JUnitXml, Skipped, TestSuite
except ImportError as e:
    sys.stderr.write(f"read_junit.py: cannot import junitparser ({e}); "
                     "install Debian's python3-junitparser (scripts/install-deps.sh --tests)\n")
    sys.exit(3)

KINDS = ((Failure, "failure"), (Error, "error"), (Skipped, "skipped"))


def outcome(case):
    # junitparser 2.x returns a list of results; 1.x one result or None.
    results = case.result
    if not isinstance(results, list):
        results = [results] if results is not None else []
    for result in results:
        for cls, kind in KINDS:
            if isinstance(result, cls):
                return {"result": kind, "message": result.message, "type": result.type, "text": result.text}
    return {"result": "passed", "message": None, "type": None, "text": None}


def read_suite(suite):
    return {
        "name": suite.name,
        "tests": suite.tests,
        "failures": suite.failures,
        "errors": suite.errors,
        "skipped": suite.skipped,
        "time": suite.time,
        "properties": [[p.name, p.value] for p in suite.properties()],
        "cases": [dict(name=case.name, classname=case.classname, time=case.time, system_out=case.system_out,
                       **outcome(case)) for case in suite],
    }


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: read_junit.py FILE\n")
        return 2
    try:
        xml = JUnitXml.fromfile(argv[1])
    except Exception as e:  # the parser's own error types vary (lxml, ElementTree)
        sys.stderr.write(f"read_junit.py: {argv[1]}: {e}\n")
        return 1
    suites = [xml] if isinstance(xml, TestSuite) else list(xml)
    report = {
        "name": xml.name,
        "tests": xml.tests,
        "failures": xml.failures,
        "errors": xml.errors,
        "skipped": xml.skipped,
        "time": xml.time,
        "suites": [read_suite(s) for s in suites],
    }
    json.dump(report, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
