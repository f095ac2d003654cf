"""Cold-start runner for the Python peers: a fresh interpreter imports one handler module and invokes it.

Usage: python3 python-runner.py <module dir> <module name> <handler name> <events.json (an array)>
Prints one line: @@bench-result {"started","loaded","invoked":[...],"results":[...]} with
time.monotonic_ns() (CLOCK_MONOTONIC) nanoseconds, comparable with the parent's clock.
"""
import time

started = time.monotonic_ns()

import importlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402


class Context:
    function_name = "bench"
    memory_limit_in_mb = 512
    aws_request_id = "bench"

    def get_remaining_time_in_millis(self):
        return 10_000


def report(payload):
    sys.stdout.write("\n@@bench-result " + json.dumps(payload, default=str) + "\n")
    sys.stdout.flush()


def main():
    module_dir, module_name, handler_name, events_path = sys.argv[1:5]
    with open(events_path, encoding="utf-8") as file:
        events = json.load(file)
    sys.path.insert(0, module_dir)
    try:
        handler = getattr(importlib.import_module(module_name), handler_name)
        loaded = time.monotonic_ns()
        invoked, results = [], []
        for event in events:
            results.append(handler(event, Context()))
            invoked.append(time.monotonic_ns())
    except Exception as error:  # the parent reports it as a failed run
        report({"started": str(started), "error": f"{type(error).__name__}: {error}"})
        return
    report({"started": str(started), "loaded": str(loaded), "invoked": [str(t) for t in invoked], "results": results})


main()
