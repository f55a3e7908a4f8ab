"""A gym-http-api compatible server for real gym envs, using only the Python standard library,
NumPy and gym (what Curio bundles). Curio starts it with `curio gym-server` or `GymServer.start`.

Routes (as openai/gym-http-api): POST /v1/envs/ {"env_id"}, GET /v1/envs/,
POST /v1/envs/<id>/reset/ {"seed"?}, POST /v1/envs/<id>/step/ {"action"},
GET /v1/envs/<id>/action_space/, GET /v1/envs/<id>/observation_space/,
POST /v1/envs/<id>/close/, POST /v1/shutdown/. Errors are {"message": ...} with status 400 or 404.
The only extension is the optional reset seed.
"""
import argparse
import json
import os
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import gym
import numpy as np
from gym import spaces


class UserError(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def describe(space):
    if isinstance(space, spaces.Discrete):
        return {"name": "Discrete", "n": int(space.n)}
    if isinstance(space, spaces.Box):
        return {"name": "Box", "shape": [int(d) for d in space.shape],
                "low": [float(v) for v in space.low.ravel()],
                "high": [float(v) for v in space.high.ravel()]}
    return {"name": type(space).__name__}


def plain(value):
    """Observations and info as JSON values."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class Envs:
    def __init__(self):
        self.envs = {}
        self.lock = threading.Lock()

    def create(self, env_id):
        try:
            env = gym.make(env_id)
        except gym.error.Error as e:
            raise UserError("unknown gym env '%s' (%s)" % (env_id, e))
        instance = uuid.uuid4().hex[:8]
        self.envs[instance] = env
        return instance

    def get(self, instance):
        env = self.envs.get(instance)
        if env is None:
            raise UserError("Instance_id %s unknown" % instance)
        return env

    def reset(self, instance, seed):
        env = self.get(instance)
        if seed is not None:
            env.seed(int(seed) % (2 ** 64))
        return plain(env.reset())

    def step(self, instance, action):
        env = self.get(instance)
        space = env.action_space
        if isinstance(space, spaces.Discrete):
            if not isinstance(action, int) or isinstance(action, bool):
                raise UserError("action %r is not an integer for %s" % (action, space))
            if not space.contains(action):
                raise UserError("action %r is outside %s" % (action, space))
        elif isinstance(space, spaces.Box):
            try:
                action = np.asarray(action, dtype=space.dtype).reshape(space.shape)
            except (TypeError, ValueError):
                raise UserError("action %r does not fit %s" % (action, space))
        obs, reward, done, info = env.step(action)
        return {"observation": plain(obs), "reward": float(reward), "done": bool(done), "info": plain(info)}

    def close(self, instance):
        env = self.get(instance)
        del self.envs[instance]
        env.close()


ENVS = Envs()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    # headers and body go out in two writes; with Nagle's algorithm on, the client's delayed ACK
    # holds the body back ~40 ms per request
    disable_nagle_algorithm = True
    server_version = "curio-gym-server"
    verbose = False

    def log_message(self, fmt, *args):
        if Handler.verbose:
            sys.stderr.write("curio-gym-server: %s\n" % (fmt % args))

    def answer(self, status, payload):
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length == 0:
            return {}
        try:
            data = json.loads(self.rfile.read(length).decode("utf-8"))
        except ValueError as e:
            raise UserError("the request body is not JSON: %s" % e)
        if not isinstance(data, dict):
            raise UserError("the request body must be a JSON object")
        return data

    def route(self, method):
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        body = self.body() if method == "POST" else {}
        if parts[:2] != ["v1", "envs"] and parts != ["v1", "shutdown"]:
            raise UserError("no route %s %s" % (method, self.path), 404)
        if parts == ["v1", "shutdown"] and method == "POST":
            threading.Thread(target=self.server.shutdown, daemon=True).start()
            return {"message": "shutting down"}
        with ENVS.lock:
            if parts == ["v1", "envs"]:
                if method == "POST":
                    env_id = body.get("env_id")
                    if not isinstance(env_id, str):
                        raise UserError("missing env_id")
                    return {"instance_id": ENVS.create(env_id)}
                return {"all_envs": {k: v.spec.id for k, v in ENVS.envs.items()}}
            if len(parts) == 4:
                instance, verb = parts[2], parts[3]
                if method == "POST" and verb == "reset":
                    return {"observation": ENVS.reset(instance, body.get("seed"))}
                if method == "POST" and verb == "step":
                    if "action" not in body:
                        raise UserError("missing action")
                    return ENVS.step(instance, body["action"])
                if method == "GET" and verb == "action_space":
                    return {"info": describe(ENVS.get(instance).action_space)}
                if method == "GET" and verb == "observation_space":
                    return {"info": describe(ENVS.get(instance).observation_space)}
                if method == "POST" and verb == "close":
                    ENVS.close(instance)
                    return {}
        raise UserError("no route %s %s" % (method, self.path), 404)

    def handle_method(self, method):
        try:
            self.answer(200, self.route(method))
        except UserError as e:
            self.answer(e.status, {"message": str(e)})
        except Exception as e:  # the env failed: say so as JSON, keep serving
            self.answer(500, {"message": "%s: %s" % (type(e).__name__, e)})

    def do_GET(self):
        self.handle_method("GET")

    def do_POST(self):
        self.handle_method("POST")


def exit_when_stdin_closes(server):
    # the parent JVM holds our stdin; when it dies the pipe closes and we stop
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        server.shutdown()


def main():
    parser = argparse.ArgumentParser(description="gym-http-api compatible server for gym %s" % gym.__version__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000, help="0 picks a free port")
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    Handler.verbose = args.verbose
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    print("curio-gym-server listening on http://%s:%d (gym %s)" % (host, port, gym.__version__), flush=True)
    if args.exit_on_stdin_eof:
        threading.Thread(target=exit_when_stdin_closes, args=(server,), daemon=True).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    server.server_close()
    sys.stdout.flush()
    sys.stderr.flush()
    # skip interpreter finalisation: the stdin watcher may still be blocked in a read, which
    # finalisation cannot interrupt (a fatal error in Python 3.10)
    os._exit(0)


if __name__ == "__main__":
    main()
