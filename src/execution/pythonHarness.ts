/**
 * The Python program that runs one candidate against every test, inside the sandbox. It reads
 * `run.json` ({"tests", "testTimeout"}) and `candidate.py` from its folder and writes
 * `results.jsonl`: first {"parsed": [bool per test]}, then {"program": "ok" | "syntax_error" |
 * "crashed" | "timeout"}, then one {"test": i, "passed": bool} per parsed test as it finishes. The
 * candidate runs once as module `candidate` (so `if __name__ == "__main__"` blocks stay quiet);
 * each test runs in a copy of its globals under its own timer (SIGALRM), and any exception,
 * `exit()` included, fails just that test. A test that does not compile is dropped, not failed.
 */
export const pythonHarness = String.raw`
import json, signal, sys

class HarnessTimeout(BaseException):
    pass

def on_alarm(signum, frame):
    raise HarnessTimeout()

signal.signal(signal.SIGALRM, on_alarm)
spec = json.load(open("run.json", encoding="utf-8"))
limit = float(spec["testTimeout"])
results = open("results.jsonl", "w", encoding="utf-8", buffering=1)

def report(record):
    results.write(json.dumps(record) + "\n")

def compiled(source, name):
    try:
        return compile(source, name, "exec")
    except (SyntaxError, ValueError, OverflowError, MemoryError):
        return None

def run(code, namespace):
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        exec(code, namespace)
        return "ok"
    except HarnessTimeout:
        return "timeout"
    except BaseException:
        return "crashed"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)

tests = [compiled(test, "<test %d>" % index) for index, test in enumerate(spec["tests"])]
report({"parsed": [test is not None for test in tests]})
program = compiled(open("candidate.py", encoding="utf-8").read(), "candidate.py")
if program is None:
    report({"program": "syntax_error"})
    sys.exit(0)
sys.setrecursionlimit(10000)
namespace = {"__name__": "candidate"}
status = run(program, namespace)
report({"program": status})
if status == "ok":
    for index, test in enumerate(tests):
        if test is not None:
            report({"test": index, "passed": run(test, dict(namespace)) == "ok"})
`;
