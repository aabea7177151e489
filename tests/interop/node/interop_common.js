'use strict';

// Shared helpers for the Node interop peers: loads mmo/testing/v1/interop.proto at run
// time with @grpc/proto-loader and defines the constants both peers agree on.

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTOS_DIR = path.resolve(__dirname, '..', '..', '..', 'protos');
const PROTO_FILE = 'mmo/testing/v1/interop.proto';
const SERVICE_NAME = 'mmo.testing.v1.Interop';

// Both peers accept and send messages up to this size (the large_message case uses 1 MiB).
const MAX_MESSAGE_SIZE = 8 * 1024 * 1024;

const CHANNEL_OPTIONS = {
  'grpc.max_receive_message_length': MAX_MESSAGE_SIZE,
  'grpc.max_send_message_length': MAX_MESSAGE_SIZE,
};

const ECHO_INITIAL_KEY = 'x-echo-initial';
const ECHO_TRAILING_BIN_KEY = 'x-echo-trailing-bin';

/** Returns the service definition object of mmo.testing.v1.Interop (has `.service`). */
function loadInteropService() {
  const packageDefinition = protoLoader.loadSync(PROTO_FILE, {
    includeDirs: [PROTOS_DIR],
    keepCase: false, // fields are camelCase: responseSize, receivedSize, ...
    longs: Number,
    enums: Number,
    bytes: Buffer,
    defaults: true, // absent scalars read as 0 / empty Buffer
    oneofs: false,
  });
  const loaded = grpc.loadPackageDefinition(packageDefinition);
  return loaded.mmo.testing.v1.Interop;
}

/** Parses "--flag value" style command-line options with util.parseArgs. */
function parseCommandLine(options) {
  const { parseArgs } = require('util');
  return parseArgs({ args: process.argv.slice(2), options, strict: true }).values;
}

module.exports = {
  CHANNEL_OPTIONS,
  ECHO_INITIAL_KEY,
  ECHO_TRAILING_BIN_KEY,
  MAX_MESSAGE_SIZE,
  PROTOS_DIR,
  PROTO_FILE,
  SERVICE_NAME,
  loadInteropService,
  parseCommandLine,
};
