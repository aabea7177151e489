'use strict';

// Node (grpc-js) interop server for mmo.testing.v1.Interop.
//
// Usage: node server.js --port 0 [--ignore-stdin]
//
// Binds 127.0.0.1 (insecure), prints exactly one line "LISTENING <port>" on stdout and
// serves until stdin reaches end-of-file or SIGTERM/SIGINT arrives, then exits 0.
// Everything else (errors, diagnostics) goes to stderr.

const grpc = require('@grpc/grpc-js');
const common = require('./interop_common');

const Interop = common.loadInteropService();

function makeResponse(size, receivedSize) {
  return { payload: Buffer.alloc(Math.max(0, size), 0x61), receivedSize };
}

/** Builds the echoed header and trailer metadata from the request headers. */
function echoMetadata(call) {
  const initial = new grpc.Metadata();
  const trailing = new grpc.Metadata();
  for (const value of call.metadata.get(common.ECHO_INITIAL_KEY)) {
    initial.add(common.ECHO_INITIAL_KEY, value);
  }
  for (const value of call.metadata.get(common.ECHO_TRAILING_BIN_KEY)) {
    trailing.add(common.ECHO_TRAILING_BIN_KEY, value);
  }
  if (initial.get(common.ECHO_INITIAL_KEY).length > 0) {
    call.sendMetadata(initial);
  }
  return trailing;
}

/** The requested failure status, or null when the code is 0 (or unset). */
function requestedError(echoStatus, trailing) {
  if (!echoStatus || !echoStatus.code) {
    return null;
  }
  return { code: echoStatus.code, details: echoStatus.message || '', metadata: trailing };
}

/** Resolves after delayMs, or as soon as the call is cancelled (client cancel or deadline). */
function delayUnlessCancelled(call, delayMs) {
  if (!delayMs || delayMs <= 0 || call.cancelled) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      call.removeListener('cancelled', done);
      resolve();
    };
    const timer = setTimeout(done, delayMs);
    call.on('cancelled', done);
  });
}

async function unaryCall(call, callback) {
  const trailing = echoMetadata(call);
  const request = call.request;
  await delayUnlessCancelled(call, request.delayMs);
  if (call.cancelled) {
    return;
  }
  const error = requestedError(request.responseStatus, trailing);
  if (error) {
    callback(error);
    return;
  }
  callback(null, makeResponse(request.responseSize, request.payload.length), trailing);
}

async function streamingOutputCall(call) {
  const trailing = echoMetadata(call);
  const request = call.request;
  for (let i = 0; i < request.responseSizes.length; i++) {
    if (i > 0) {
      await delayUnlessCancelled(call, request.intervalMs);
    }
    if (call.cancelled) {
      return;
    }
    call.write(makeResponse(request.responseSizes[i], 0));
  }
  const error = requestedError(request.responseStatus, trailing);
  if (error) {
    call.emit('error', error);
  } else {
    call.end(trailing);
  }
}

function streamingInputCall(call, callback) {
  const trailing = echoMetadata(call);
  let aggregatedPayloadSize = 0;
  let count = 0;
  call.on('data', (request) => {
    aggregatedPayloadSize += request.payload.length;
    count += 1;
  });
  call.on('end', () => {
    callback(null, { aggregatedPayloadSize, count }, trailing);
  });
}

function fullDuplexCall(call) {
  const trailing = echoMetadata(call);
  let finished = false;
  // Requests are answered strictly in arrival order, even when some of them ask for a
  // delay, so each one is chained after the previous one.
  let pending = Promise.resolve();

  const handle = async (request) => {
    if (finished || call.cancelled) {
      return;
    }
    const error = requestedError(request.responseStatus, trailing);
    if (error) {
      finished = true;
      call.emit('error', error);
      return;
    }
    await delayUnlessCancelled(call, request.delayMs);
    if (finished || call.cancelled) {
      return;
    }
    call.write(makeResponse(request.responseSize, request.payload.length));
  };

  call.on('data', (request) => {
    pending = pending.then(() => handle(request));
  });
  call.on('end', () => {
    pending = pending.then(() => {
      if (!finished && !call.cancelled) {
        finished = true;
        call.end(trailing);
      }
    });
  });
  call.on('error', () => {
    finished = true;
  });
}

function main() {
  const args = common.parseCommandLine({
    port: { type: 'string', default: '0' },
    'ignore-stdin': { type: 'boolean', default: false },
  });
  const port = Number.parseInt(args.port, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`invalid --port ${args.port}\n`);
    process.exit(2);
  }

  const server = new grpc.Server(common.CHANNEL_OPTIONS);
  server.addService(Interop.service, {
    unaryCall,
    streamingOutputCall,
    streamingInputCall,
    fullDuplexCall,
  });

  let stopping = false;
  const stop = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    // Give in-flight calls a moment to finish, then cut them off.
    const force = setTimeout(() => {
      server.forceShutdown();
      process.exit(0);
    }, 1000);
    server.tryShutdown(() => {
      clearTimeout(force);
      process.exit(0);
    });
  };

  server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, boundPort) => {
    if (err) {
      process.stderr.write(`failed to bind 127.0.0.1:${port}: ${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`LISTENING ${boundPort}\n`);
    if (!args['ignore-stdin']) {
      // Watched only once listening, so the LISTENING line is printed even when stdin is empty.
      process.stdin.on('end', stop);
      process.stdin.on('close', stop);
      process.stdin.on('error', stop);
      process.stdin.resume();
    }
  });

  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
