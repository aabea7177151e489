"""Shared helpers for the Python interop peers: stub generation and constants.

The Python stubs for mmo/testing/v1/interop.proto are not committed. They are
generated on demand into ``_gen/`` (next to this file) with grpc_tools.protoc,
whenever they are missing or older than the proto.
"""

import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOS_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "..", "protos"))
PROTO_FILE = "mmo/testing/v1/interop.proto"
GEN_DIR = os.path.join(HERE, "_gen")
GENERATED_FILES = ("interop_pb2.py", "interop_pb2_grpc.py")

SERVICE_NAME = "mmo.testing.v1.Interop"

# Both peers accept and send messages up to this size (the large_message case uses 1 MiB).
MAX_MESSAGE_SIZE = 8 * 1024 * 1024

CHANNEL_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_SIZE),
    ("grpc.max_send_message_length", MAX_MESSAGE_SIZE),
]

ECHO_INITIAL_KEY = "x-echo-initial"
ECHO_TRAILING_BIN_KEY = "x-echo-trailing-bin"


def _stubs_are_fresh():
    proto_mtime = os.path.getmtime(os.path.join(PROTOS_DIR, PROTO_FILE))
    out_dir = os.path.join(GEN_DIR, os.path.dirname(PROTO_FILE))
    for name in GENERATED_FILES:
        path = os.path.join(out_dir, name)
        if not os.path.exists(path) or os.path.getmtime(path) < proto_mtime:
            return False
    return True


def _generate_stubs():
    from grpc_tools import protoc  # imported lazily: only needed when regenerating

    os.makedirs(GEN_DIR, exist_ok=True)
    # Generate into a scratch directory, then move the files into place, so that a
    # peer starting concurrently never imports a half-written module.
    scratch = tempfile.mkdtemp(prefix="protoc-", dir=GEN_DIR)
    try:
        exit_code = protoc.main([
            "grpc_tools.protoc",
            "-I", PROTOS_DIR,
            "--python_out=" + scratch,
            "--grpc_python_out=" + scratch,
            PROTO_FILE,
        ])
        if exit_code != 0:
            raise RuntimeError("protoc failed (exit code %d) for %s" % (exit_code, PROTO_FILE))
        rel_dir = os.path.dirname(PROTO_FILE)
        out_dir = os.path.join(GEN_DIR, rel_dir)
        os.makedirs(out_dir, exist_ok=True)
        for name in GENERATED_FILES:
            os.replace(os.path.join(scratch, rel_dir, name), os.path.join(out_dir, name))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def load_stubs():
    """Returns the (interop_pb2, interop_pb2_grpc) modules, generating them if needed."""
    if not _stubs_are_fresh():
        _generate_stubs()
    if GEN_DIR not in sys.path:
        sys.path.insert(0, GEN_DIR)
    from mmo.testing.v1 import interop_pb2, interop_pb2_grpc

    return interop_pb2, interop_pb2_grpc


def status_code_from_int(value):
    """Maps a numeric gRPC status code to grpc.StatusCode (UNKNOWN when out of range)."""
    import grpc

    for code in grpc.StatusCode:
        if code.value[0] == value:
            return code
    return grpc.StatusCode.UNKNOWN
