#!/usr/bin/python3
"""Python (grpcio) interop client for mmo.testing.v1.Interop.

Usage: /usr/bin/python3 client.py --target 127.0.0.1:PORT [--case NAME]

Runs every test case (or only --case NAME, which may be repeated) against a server
implementing the interop semantics, prints "PASS <case>" or "FAIL <case>: <reason>"
per case and exits 0 only when every case passed.
"""

import argparse
import queue
import sys

import grpc

import interop_common as common

pb2, pb2_grpc = common.load_stubs()

# Upper bound for any single case, so that a misbehaving server never hangs the run.
CASE_DEADLINE_S = 10.0

UNICODE_MESSAGE = "donn\u00e9es \u2603 \u4e16\u754c"  # "données ☃ 世界"
ECHO_INITIAL_VALUE = "hello-initial"
ECHO_TRAILING_VALUE = bytes([0x00, 0x01, 0xFE, 0xFF])


class CaseFailure(Exception):
    pass


def expect(condition, reason):
    if not condition:
        raise CaseFailure(reason)


def expect_equal(actual, expected, what):
    if actual != expected:
        raise CaseFailure("%s: expected %r, got %r" % (what, expected, actual))


def expect_rpc_error(call_fn, expected_code, what):
    """Runs call_fn and checks that it raises an RpcError with expected_code."""
    try:
        call_fn()
    except grpc.RpcError as error:
        if error.code() != expected_code:
            raise CaseFailure("%s: expected status %s, got %s (%s)"
                              % (what, code_name(expected_code), code_name(error.code()), error.details()))
        return error
    raise CaseFailure("%s: expected %s, but the call succeeded" % (what, expected_code.name))


def code_name(code):
    return "%s (%d)" % (code.name, code.value[0])


def expect_status(actual, expected, what):
    if actual != expected:
        raise CaseFailure("%s: expected %s, got %s" % (what, code_name(expected), code_name(actual)))


def metadata_value(metadata, key):
    for entry_key, value in metadata or ():
        if entry_key == key:
            return value
    return None


class RequestQueue:
    """A request iterator fed from the test thread; close() half-closes the stream."""

    _CLOSE = object()

    def __init__(self):
        self._queue = queue.Queue()

    def send(self, request):
        self._queue.put(request)

    def close(self):
        self._queue.put(self._CLOSE)

    def __iter__(self):
        while True:
            item = self._queue.get()
            if item is self._CLOSE:
                return
            yield item


def payload(size):
    return b"\x00" * size


# --- cases -------------------------------------------------------------------------

def case_unary(stub, channel):
    response = stub.UnaryCall(
        pb2.SimpleRequest(payload=payload(100), response_size=200), timeout=CASE_DEADLINE_S)
    expect_equal(len(response.payload), 200, "response payload size")
    expect(response.payload == b"a" * 200, "response payload is not all 'a'")
    expect_equal(response.received_size, 100, "received_size")


def case_server_streaming(stub, channel):
    sizes = [10, 20, 30, 40]
    call = stub.StreamingOutputCall(
        pb2.StreamingOutputRequest(response_sizes=sizes), timeout=CASE_DEADLINE_S)
    received = [len(response.payload) for response in call]
    expect_equal(received, sizes, "response sizes")
    expect_status(call.code(), grpc.StatusCode.OK, "final status")


def case_client_streaming(stub, channel):
    requests = [pb2.SimpleRequest(payload=payload(size)) for size in (1, 10, 100, 1000)]
    response = stub.StreamingInputCall(iter(requests), timeout=CASE_DEADLINE_S)
    expect_equal(response.aggregated_payload_size, 1111, "aggregated_payload_size")
    expect_equal(response.count, 4, "count")


def case_bidi_streaming(stub, channel):
    requests = RequestQueue()
    call = stub.FullDuplexCall(iter(requests), timeout=CASE_DEADLINE_S)
    try:
        for i in range(1, 5):
            requests.send(pb2.SimpleRequest(payload=payload(i), response_size=i * 10))
            response = next(call)
            expect_equal(len(response.payload), i * 10, "response %d size" % i)
            expect_equal(response.received_size, i, "response %d received_size" % i)
        requests.close()
        extra = list(call)
        expect_equal(len(extra), 0, "messages after half-close")
        expect_status(call.code(), grpc.StatusCode.OK, "final status")
    finally:
        requests.close()
        call.cancel()


def case_error_status(stub, channel):
    request = pb2.SimpleRequest(
        response_status=pb2.EchoStatus(code=grpc.StatusCode.INVALID_ARGUMENT.value[0],
                                       message=UNICODE_MESSAGE))
    error = expect_rpc_error(
        lambda: stub.UnaryCall(request, timeout=CASE_DEADLINE_S),
        grpc.StatusCode.INVALID_ARGUMENT, "UnaryCall")
    expect_equal(error.details(), UNICODE_MESSAGE, "status message")


def case_deadline_exceeded(stub, channel):
    request = pb2.SimpleRequest(delay_ms=2000)
    expect_rpc_error(
        lambda: stub.UnaryCall(request, timeout=0.2),
        grpc.StatusCode.DEADLINE_EXCEEDED, "UnaryCall with 200 ms deadline")


def case_large_message(stub, channel):
    size = 1024 * 1024
    response = stub.UnaryCall(
        pb2.SimpleRequest(payload=payload(size), response_size=size), timeout=CASE_DEADLINE_S)
    expect_equal(len(response.payload), size, "response payload size")
    expect_equal(response.received_size, size, "received_size")


def _echo_metadata():
    return [
        (common.ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE),
        (common.ECHO_TRAILING_BIN_KEY, ECHO_TRAILING_VALUE),
    ]


def _check_echoed_metadata(call, what):
    expect_equal(metadata_value(call.initial_metadata(), common.ECHO_INITIAL_KEY),
                 ECHO_INITIAL_VALUE, what + " initial metadata " + common.ECHO_INITIAL_KEY)
    expect_equal(metadata_value(call.trailing_metadata(), common.ECHO_TRAILING_BIN_KEY),
                 ECHO_TRAILING_VALUE, what + " trailing metadata " + common.ECHO_TRAILING_BIN_KEY)


def case_metadata(stub, channel):
    _, unary_call = stub.UnaryCall.with_call(
        pb2.SimpleRequest(response_size=1), metadata=_echo_metadata(), timeout=CASE_DEADLINE_S)
    _check_echoed_metadata(unary_call, "UnaryCall")

    requests = RequestQueue()
    call = stub.FullDuplexCall(iter(requests), metadata=_echo_metadata(), timeout=CASE_DEADLINE_S)
    try:
        requests.send(pb2.SimpleRequest(response_size=1))
        response = next(call)
        expect_equal(len(response.payload), 1, "FullDuplexCall response size")
        requests.close()
        list(call)
        expect_status(call.code(), grpc.StatusCode.OK, "FullDuplexCall final status")
        _check_echoed_metadata(call, "FullDuplexCall")
    finally:
        requests.close()
        call.cancel()


def case_unimplemented(stub, channel):
    identity = lambda raw: raw  # noqa: E731 - raw bytes in and out
    method = channel.unary_unary("/%s/NoSuchMethod" % common.SERVICE_NAME,
                                 request_serializer=identity, response_deserializer=identity)
    expect_rpc_error(lambda: method(b"", timeout=CASE_DEADLINE_S),
                     grpc.StatusCode.UNIMPLEMENTED, "NoSuchMethod")


def case_cancel(stub, channel):
    requests = RequestQueue()
    call = stub.FullDuplexCall(iter(requests), timeout=CASE_DEADLINE_S)
    try:
        requests.send(pb2.SimpleRequest(response_size=5))
        response = next(call)
        expect_equal(len(response.payload), 5, "response size")
        expect(call.cancel(), "cancel() reported that the call had already terminated")
        expect_status(call.code(), grpc.StatusCode.CANCELLED, "status after cancel")
        expect_rpc_error(lambda: next(call), grpc.StatusCode.CANCELLED, "reading after cancel")
    finally:
        requests.close()


CASES = {
    "unary": case_unary,
    "server_streaming": case_server_streaming,
    "client_streaming": case_client_streaming,
    "bidi_streaming": case_bidi_streaming,
    "error_status": case_error_status,
    "deadline_exceeded": case_deadline_exceeded,
    "large_message": case_large_message,
    "metadata": case_metadata,
    "unimplemented": case_unimplemented,
    "cancel": case_cancel,
}


def describe(error):
    if isinstance(error, CaseFailure):
        return str(error)
    if isinstance(error, grpc.RpcError):
        return "unexpected RPC error %s: %s" % (code_name(error.code()), error.details())
    return "%s: %s" % (type(error).__name__, error)


def main():
    parser = argparse.ArgumentParser(description="Python gRPC interop client (mmo.testing.v1.Interop)")
    parser.add_argument("--target", required=True, help="server address, e.g. 127.0.0.1:50051")
    parser.add_argument("--case", action="append", choices=sorted(CASES),
                        help="run only this case (may be repeated); default: all cases")
    args = parser.parse_args()

    names = args.case or list(CASES)
    all_passed = True
    with grpc.insecure_channel(args.target, options=common.CHANNEL_OPTIONS) as channel:
        stub = pb2_grpc.InteropStub(channel)
        for name in names:
            try:
                CASES[name](stub, channel)
            except Exception as error:  # report every failure as a FAIL line, never crash
                all_passed = False
                reason = " ".join(describe(error).split())  # keep the report to one line
                print("FAIL %s: %s" % (name, reason), flush=True)
            else:
                print("PASS %s" % name, flush=True)
    return 0 if all_passed else 1


if __name__ == "__main__":
    sys.exit(main())
