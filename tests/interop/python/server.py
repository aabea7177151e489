#!/usr/bin/python3
"""Python (grpcio) interop server for mmo.testing.v1.Interop.

Usage: /usr/bin/python3 server.py --port 0

Binds 127.0.0.1 (insecure), prints exactly one line "LISTENING <port>" on stdout and
serves until stdin reaches end-of-file or SIGTERM/SIGINT arrives, then exits 0.
Everything else (errors, diagnostics) goes to stderr.
"""

import argparse
import os
import signal
import sys
import threading
from concurrent import futures

import grpc

import interop_common as common

pb2, pb2_grpc = common.load_stubs()


def _response(size, received_size):
    return pb2.SimpleResponse(payload=b"a" * max(0, size), received_size=received_size)


def _echo_metadata(context):
    """Echoes x-echo-initial as a header and x-echo-trailing-bin as a trailer."""
    initial = []
    trailing = []
    for key, value in context.invocation_metadata():
        if key == common.ECHO_INITIAL_KEY:
            initial.append((key, value))
        elif key == common.ECHO_TRAILING_BIN_KEY:
            trailing.append((key, value))
    if initial:
        context.send_initial_metadata(initial)
    if trailing:
        context.set_trailing_metadata(trailing)


def _sleep_unless_cancelled(context, delay_ms):
    """Waits delay_ms, returning early if the call terminates (cancel, deadline)."""
    if delay_ms <= 0:
        return
    terminated = threading.Event()
    if context.add_callback(terminated.set):
        terminated.wait(delay_ms / 1000.0)


def _abort_if_requested(context, status):
    """Fails the call with the requested status when its code is non-zero."""
    if status.code != 0:
        context.abort(common.status_code_from_int(status.code), status.message)


class InteropServicer(pb2_grpc.InteropServicer):

    def UnaryCall(self, request, context):
        _echo_metadata(context)
        _sleep_unless_cancelled(context, request.delay_ms)
        _abort_if_requested(context, request.response_status)
        return _response(request.response_size, len(request.payload))

    def StreamingOutputCall(self, request, context):
        _echo_metadata(context)
        for index, size in enumerate(request.response_sizes):
            if index > 0:
                _sleep_unless_cancelled(context, request.interval_ms)
            if not context.is_active():
                return
            yield _response(size, 0)
        _abort_if_requested(context, request.response_status)

    def StreamingInputCall(self, request_iterator, context):
        _echo_metadata(context)
        total = 0
        count = 0
        for request in request_iterator:
            total += len(request.payload)
            count += 1
        return pb2.StreamingInputResponse(aggregated_payload_size=total, count=count)

    def FullDuplexCall(self, request_iterator, context):
        _echo_metadata(context)
        for request in request_iterator:
            _abort_if_requested(context, request.response_status)
            _sleep_unless_cancelled(context, request.delay_ms)
            if not context.is_active():
                return
            yield _response(request.response_size, len(request.payload))


def _wait_for_shutdown_request(watch_stdin):
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if watch_stdin:
        def watch():
            # Raw os.read on fd 0: a daemon thread blocked in a buffered sys.stdin read
            # would abort interpreter shutdown.
            try:
                while os.read(sys.stdin.fileno(), 4096):
                    pass
            except (OSError, ValueError):
                pass
            stop.set()

        threading.Thread(target=watch, name="stdin-watch", daemon=True).start()

    # Wake periodically so signal handlers run promptly on every platform.
    while not stop.wait(0.5):
        pass


def main():
    parser = argparse.ArgumentParser(description="Python gRPC interop server (mmo.testing.v1.Interop)")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = pick a free port)")
    parser.add_argument("--ignore-stdin", action="store_true",
                        help="do not stop when stdin closes (only SIGTERM/SIGINT stop the server)")
    parser.add_argument("--workers", type=int, default=32, help="size of the handler thread pool")
    args = parser.parse_args()

    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=args.workers),
        options=common.CHANNEL_OPTIONS,
    )
    pb2_grpc.add_InteropServicer_to_server(InteropServicer(), server)
    port = server.add_insecure_port("127.0.0.1:%d" % args.port)
    if port == 0:
        print("failed to bind 127.0.0.1:%d" % args.port, file=sys.stderr)
        return 1
    server.start()

    sys.stdout.write("LISTENING %d\n" % port)
    sys.stdout.flush()

    _wait_for_shutdown_request(watch_stdin=not args.ignore_stdin)
    server.stop(grace=1.0).wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
