'use strict';

// Node (grpc-js) interop client for mmo.testing.v1.Interop.
//
// Usage: node client.js --target 127.0.0.1:PORT [--case NAME]...
//
// Runs every test case (or only the --case ones) against a server implementing the
// interop semantics, prints "PASS <case>" or "FAIL <case>: <reason>" per case and exits
// 0 only when every case passed.

const assert = require('assert');
const grpc = require('@grpc/grpc-js');
const common = require('./interop_common');

const Interop = common.loadInteropService();

// Upper bound for any single case, so that a misbehaving server never hangs the run.
const CASE_DEADLINE_MS = 10000;

const UNICODE_MESSAGE = 'donn\u00e9es \u2603 \u4e16\u754c'; // "données ☃ 世界"
const ECHO_INITIAL_VALUE = 'hello-initial';
const ECHO_TRAILING_VALUE = Buffer.from([0x00, 0x01, 0xfe, 0xff]);

const Status = grpc.status;

class CaseFailure extends Error {}

function expect(condition, reason) {
  if (!condition) {
    throw new CaseFailure(reason);
  }
}

function expectEqual(actual, expected, what) {
  if (!isEqual(actual, expected)) {
    throw new CaseFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

function isEqual(a, b) {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

function show(value) {
  if (Buffer.isBuffer(value)) {
    return `<Buffer ${value.toString('hex')}>`;
  }
  return JSON.stringify(value);
}

function statusName(code) {
  const name = Object.keys(Status).find((key) => Status[key] === code);
  return name ? `${name} (${code})` : String(code);
}

function expectStatus(actual, expected, what) {
  if (actual !== expected) {
    throw new CaseFailure(`${what}: expected ${statusName(expected)}, got ${statusName(actual)}`);
  }
}

function callOptions(timeoutMs = CASE_DEADLINE_MS) {
  return { deadline: Date.now() + timeoutMs };
}

function payload(size) {
  return Buffer.alloc(size, 0);
}

function echoRequestMetadata() {
  const metadata = new grpc.Metadata();
  metadata.add(common.ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE);
  metadata.add(common.ECHO_TRAILING_BIN_KEY, ECHO_TRAILING_VALUE);
  return metadata;
}

/**
 * Starts a unary-response call with `start(callback)` and resolves once both the
 * callback and the 'status' event have fired: { error, response, headers, status }.
 */
function completeUnaryResponseCall(start) {
  return new Promise((resolve) => {
    const result = { error: null, response: null, headers: null, status: null };
    let outstanding = 2;
    const settle = () => {
      outstanding -= 1;
      if (outstanding === 0) {
        resolve(result);
      }
    };
    const call = start((error, response) => {
      result.error = error;
      result.response = response;
      settle();
    });
    call.on('metadata', (headers) => {
      result.headers = headers;
    });
    call.on('status', (status) => {
      result.status = status;
      settle();
    });
  });
}

/** Observes a response stream so that messages can be awaited one at a time. */
class ResponseReader {
  constructor(call) {
    this.messages = [];
    this.waiters = [];
    this.done = false;
    this.error = null;
    this.headers = null;
    this.status = new Promise((resolve) => call.on('status', resolve));
    call.on('metadata', (headers) => {
      this.headers = headers;
    });
    call.on('data', (message) => {
      this.messages.push(message);
      this.wake();
    });
    call.on('end', () => {
      this.done = true;
      this.wake();
    });
    call.on('error', (error) => {
      this.error = error;
      this.done = true;
      this.wake();
    });
  }

  wake() {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((waiter) => waiter());
  }

  /** Resolves with the next message, null at the end of a successful stream; rejects on error. */
  async next() {
    while (this.messages.length === 0 && !this.done) {
      await new Promise((resolve) => this.waiters.push(resolve));
    }
    if (this.messages.length > 0) {
      return this.messages.shift();
    }
    if (this.error) {
      throw this.error;
    }
    return null;
  }

  /** Reads every remaining message; rejects if the stream ends with an error. */
  async readAll() {
    const all = [];
    for (let message = await this.next(); message !== null; message = await this.next()) {
      all.push(message);
    }
    return all;
  }
}

function expectEchoedMetadata(headers, trailers, what) {
  const initial = headers ? headers.get(common.ECHO_INITIAL_KEY) : [];
  expectEqual(initial, [ECHO_INITIAL_VALUE], `${what} initial metadata ${common.ECHO_INITIAL_KEY}`);
  const trailing = trailers ? trailers.get(common.ECHO_TRAILING_BIN_KEY) : [];
  expectEqual(trailing, [ECHO_TRAILING_VALUE], `${what} trailing metadata ${common.ECHO_TRAILING_BIN_KEY}`);
}

// --- cases -----------------------------------------------------------------------------

async function caseUnary(client) {
  const { error, response } = await completeUnaryResponseCall((cb) =>
    client.unaryCall({ payload: payload(100), responseSize: 200 }, callOptions(), cb));
  if (error) throw error;
  expectEqual(response.payload.length, 200, 'response payload size');
  expect(response.payload.equals(Buffer.alloc(200, 0x61)), "response payload is not all 'a'");
  expectEqual(response.receivedSize, 100, 'receivedSize');
}

async function caseServerStreaming(client) {
  const sizes = [10, 20, 30, 40];
  const call = client.streamingOutputCall({ responseSizes: sizes }, callOptions());
  const reader = new ResponseReader(call);
  const responses = await reader.readAll();
  expectEqual(responses.map((r) => r.payload.length), sizes, 'response sizes');
  expectStatus((await reader.status).code, Status.OK, 'final status');
}

async function caseClientStreaming(client) {
  const { error, response } = await completeUnaryResponseCall((cb) => {
    const call = client.streamingInputCall(callOptions(), cb);
    for (const size of [1, 10, 100, 1000]) {
      call.write({ payload: payload(size) });
    }
    call.end();
    return call;
  });
  if (error) throw error;
  expectEqual(response.aggregatedPayloadSize, 1111, 'aggregatedPayloadSize');
  expectEqual(response.count, 4, 'count');
}

async function caseBidiStreaming(client) {
  const call = client.fullDuplexCall(callOptions());
  const reader = new ResponseReader(call);
  try {
    for (let i = 1; i <= 4; i++) {
      call.write({ payload: payload(i), responseSize: i * 10 });
      const response = await reader.next();
      expect(response !== null, `stream ended before response ${i}`);
      expectEqual(response.payload.length, i * 10, `response ${i} size`);
      expectEqual(response.receivedSize, i, `response ${i} receivedSize`);
    }
    call.end();
    const extra = await reader.readAll();
    expectEqual(extra.length, 0, 'messages after half-close');
    expectStatus((await reader.status).code, Status.OK, 'final status');
  } finally {
    call.cancel(); // no-op once the call has completed
  }
}

async function caseErrorStatus(client) {
  const request = {
    responseStatus: { code: Status.INVALID_ARGUMENT, message: UNICODE_MESSAGE },
  };
  const { error } = await completeUnaryResponseCall((cb) =>
    client.unaryCall(request, callOptions(), cb));
  expect(error, 'expected INVALID_ARGUMENT, but the call succeeded');
  expectStatus(error.code, Status.INVALID_ARGUMENT, 'UnaryCall status');
  expectEqual(error.details, UNICODE_MESSAGE, 'status message');
}

async function caseDeadlineExceeded(client) {
  const { error } = await completeUnaryResponseCall((cb) =>
    client.unaryCall({ delayMs: 2000 }, callOptions(200), cb));
  expect(error, 'expected DEADLINE_EXCEEDED, but the call succeeded');
  expectStatus(error.code, Status.DEADLINE_EXCEEDED, 'UnaryCall with 200 ms deadline');
}

async function caseLargeMessage(client) {
  const size = 1024 * 1024;
  const { error, response } = await completeUnaryResponseCall((cb) =>
    client.unaryCall({ payload: payload(size), responseSize: size }, callOptions(), cb));
  if (error) throw error;
  expectEqual(response.payload.length, size, 'response payload size');
  expectEqual(response.receivedSize, size, 'receivedSize');
}

async function caseMetadata(client) {
  const unary = await completeUnaryResponseCall((cb) =>
    client.unaryCall({ responseSize: 1 }, echoRequestMetadata(), callOptions(), cb));
  if (unary.error) throw unary.error;
  expectEchoedMetadata(unary.headers, unary.status.metadata, 'UnaryCall');

  const call = client.fullDuplexCall(echoRequestMetadata(), callOptions());
  const reader = new ResponseReader(call);
  try {
    call.write({ responseSize: 1 });
    const response = await reader.next();
    expect(response !== null, 'FullDuplexCall ended before its response');
    expectEqual(response.payload.length, 1, 'FullDuplexCall response size');
    call.end();
    await reader.readAll();
    const status = await reader.status;
    expectStatus(status.code, Status.OK, 'FullDuplexCall final status');
    expectEchoedMetadata(reader.headers, status.metadata, 'FullDuplexCall');
  } finally {
    call.cancel();
  }
}

async function caseUnimplemented(client) {
  const identity = (value) => value;
  const { error } = await completeUnaryResponseCall((cb) =>
    client.makeUnaryRequest(`/${common.SERVICE_NAME}/NoSuchMethod`, identity, identity,
      Buffer.alloc(0), new grpc.Metadata(), callOptions(), cb));
  expect(error, 'expected UNIMPLEMENTED, but the call succeeded');
  expectStatus(error.code, Status.UNIMPLEMENTED, 'NoSuchMethod');
}

async function caseCancel(client) {
  const call = client.fullDuplexCall(callOptions());
  const reader = new ResponseReader(call);
  call.write({ responseSize: 5 });
  const response = await reader.next();
  expect(response !== null, 'stream ended before the first response');
  expectEqual(response.payload.length, 5, 'response size');
  call.cancel();
  expectStatus((await reader.status).code, Status.CANCELLED, 'status after cancel');
  let readError = null;
  try {
    await reader.readAll();
  } catch (error) {
    readError = error;
  }
  expect(readError, 'reading after cancel did not fail');
  expectStatus(readError.code, Status.CANCELLED, 'reading after cancel');
}

const CASES = {
  unary: caseUnary,
  server_streaming: caseServerStreaming,
  client_streaming: caseClientStreaming,
  bidi_streaming: caseBidiStreaming,
  error_status: caseErrorStatus,
  deadline_exceeded: caseDeadlineExceeded,
  large_message: caseLargeMessage,
  metadata: caseMetadata,
  unimplemented: caseUnimplemented,
  cancel: caseCancel,
};

function describe(error) {
  if (error instanceof CaseFailure) {
    return error.message;
  }
  if (error && typeof error.code === 'number' && 'details' in error) {
    return `unexpected RPC error ${statusName(error.code)}: ${error.details}`;
  }
  return String(error && error.stack ? error.message : error);
}

/** Runs one case; a watchdog slightly past the call deadline guarantees it settles. */
function runCase(fn, client) {
  let watchdog;
  const timeout = new Promise((_, reject) => {
    watchdog = setTimeout(
      () => reject(new CaseFailure(`case did not finish within ${CASE_DEADLINE_MS + 2000} ms`)),
      CASE_DEADLINE_MS + 2000);
  });
  return Promise.race([fn(client), timeout]).finally(() => clearTimeout(watchdog));
}

async function main() {
  const args = common.parseCommandLine({
    target: { type: 'string' },
    case: { type: 'string', multiple: true },
  });
  if (!args.target) {
    process.stderr.write('usage: node client.js --target HOST:PORT [--case NAME]...\n');
    return 2;
  }
  const names = args.case && args.case.length > 0 ? args.case : Object.keys(CASES);
  const unknown = names.filter((name) => !(name in CASES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown case(s): ${unknown.join(', ')}; known: ${Object.keys(CASES).join(', ')}\n`);
    return 2;
  }

  const client = new Interop(args.target, grpc.credentials.createInsecure(), common.CHANNEL_OPTIONS);
  let allPassed = true;
  for (const name of names) {
    try {
      await runCase(CASES[name], client);
      process.stdout.write(`PASS ${name}\n`);
    } catch (error) {
      allPassed = false;
      const reason = describe(error).replace(/\s+/g, ' ').trim(); // keep the report to one line
      process.stdout.write(`FAIL ${name}: ${reason}\n`);
    }
  }
  client.close();
  return allPassed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });
