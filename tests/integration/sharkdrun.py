"""sharkd for the tests: one sharkd process per session, driven by a script
of steps (load a capture, ask for the trees of frames, set a preference),
and the portclass items of a frame's tree.

sharkd speaks JSON-RPC 2.0 from Wireshark 4.0 on; Wireshark 3.4's sharkd
knows only its earlier protocol ({"req": "load", ...}, one reply per request
in order). Sharkd asks which one the sharkd on PATH speaks and uses it for
every session, so the tests are the same on both.

Steps, made by the functions below:

    load(path)                the capture to load, replacing the open one
    frames([1, 2, ...])       the trees of these frames, in this order
    setconf(name, value)      a preference ("portclass.language", "ja") or a
                              UAT row ("uat:portclass_services", '"tcp",...')
"""

import json


def load(path):
    """Step: sharkd loads the capture at path (its first pass)."""
    return ("load", [{"file": path}])


def frames(numbers):
    """Step: sharkd dissects these frames with their protocol trees."""
    return ("frame", [{"frame": number, "proto": True} for number in numbers])


def setconf(name, value):
    """Step: sharkd sets a preference or adds a UAT row, as tshark's -o
    NAME:VALUE does."""
    return ("setconf", [{"name": name, "value": value}])


def json_rpc_requests(steps):
    """The requests of steps in JSON-RPC 2.0, ids counted from 1."""
    requests = []
    for method, params_list in steps:
        for params in params_list:
            requests.append({"jsonrpc": "2.0", "id": len(requests) + 1, "method": method,
                             "params": params})
    return requests


def legacy_requests(steps):
    """The requests of steps in sharkd's protocol before JSON-RPC."""
    return [dict(req=method, **params) for method, params_list in steps for params in params_list]


def json_rpc_replies(requests, replies):
    """The reply to each request, by id (None where sharkd sent none)."""
    by_id = {reply.get("id"): reply for reply in replies}
    return [by_id.get(request["id"]) for request in requests]


def legacy_replies(requests, replies):
    """The reply to each request: sharkd's earlier protocol answers every
    request with one line, in order."""
    if len(replies) != len(requests):
        raise AssertionError(f"sharkd sent {len(replies)} replies to {len(requests)} requests: "
                             f"{replies[:3]}")
    return replies


def json_rpc_outcome(method, reply):
    """(ok, tree or None) of one JSON-RPC reply."""
    result = (reply or {}).get("result")
    if not isinstance(result, dict):
        return False, None
    if method == "frame":
        return "tree" in result, result.get("tree")
    return result.get("status") == "OK", None


def legacy_outcome(method, reply):
    """(ok, tree or None) of one reply of the earlier protocol."""
    if method == "frame":
        return "tree" in reply, reply.get("tree")
    return reply.get("err") == 0, None


def step_results(steps, replies, outcome):
    """One result per step: {frame: tree} for frames, None for the others.
    A request sharkd refused raises AssertionError naming it."""
    results = []
    replies = iter(replies)
    for number, (method, params_list) in enumerate(steps, start=1):
        trees = {}
        for params in params_list:
            reply = next(replies)
            ok, tree = outcome(method, reply)
            if not ok:
                raise AssertionError(f"sharkd refused step {number}, {method} {params}: {reply}")
            if method == "frame":
                trees[params["frame"]] = tree
        results.append(trees if method == "frame" else None)
    return results


class Sharkd:
    """Runs sharkd sessions with run, a sandbox's runner: run("-",
    program="sharkd", stdin=TEXT, env=ENV) returns the CompletedProcess with
    text output (tsharkrun.Tshark.run)."""

    def __init__(self, run):
        self._run = run
        self._json_rpc = None

    def speaks_json_rpc(self):
        """Whether sharkd answers a JSON-RPC 2.0 request; Wireshark 3.4's
        sharkd ignores one (it logs a sanity check failure on stderr) and
        knows only its earlier protocol."""
        if self._json_rpc is None:
            replies = self.exchange([{"jsonrpc": "2.0", "id": 1, "method": "status"}])
            self._json_rpc = any("jsonrpc" in reply for reply in replies)
        return self._json_rpc

    def exchange(self, requests, env=None):
        """sharkd's replies to the requests, one JSON object each, from one
        sharkd process; env: more environment for it."""
        stdin = "".join(json.dumps(request) + "\n" for request in requests)
        output = self._run("-", program="sharkd", stdin=stdin, env=env).stdout
        return [json.loads(line) for line in output.splitlines() if line.startswith("{")]

    def session(self, steps, env=None):
        """Runs the steps in one sharkd process; returns one result per
        step: {frame: tree} for a frames step, each tree the list of
        top-level nodes sharkd sends (label "l", filter "f", children "n";
        hidden items left out, as the window does), None for the others."""
        if self.speaks_json_rpc():
            requests = json_rpc_requests(steps)
            replies = json_rpc_replies(requests, self.exchange(requests, env))
            return step_results(steps, replies, json_rpc_outcome)
        requests = legacy_requests(steps)
        replies = legacy_replies(requests, self.exchange(requests, env))
        return step_results(steps, replies, legacy_outcome)

    def trees(self, path, numbers, env=None):
        """Loads one capture into a fresh sharkd and asks for the trees of
        the frames, in the order given: {frame: tree}."""
        return self.session([load(path), frames(numbers)], env)[1]


def sharkd_items(tree, with_filters=False):
    """[(depth, field name, label[, filter]), ...] of the portclass subtrees
    in one frame's sharkd tree (top-level nodes whose filter is
    "portclass")."""
    found = []

    def walk(nodes, depth):
        for node in nodes:
            field_filter = node.get("f", "")
            name = field_filter.split(" == ", 1)[0]
            item = (depth, name, node.get("l", ""))
            found.append(item + (field_filter,) if with_filters else item)
            walk(node.get("n", []), depth + 1)

    walk([node for node in tree if node.get("f") == "portclass"], 0)
    return found
