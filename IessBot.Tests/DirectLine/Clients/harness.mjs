// Shared plumbing of the client scripts that IessBot.Tests runs against a live IessBot on loopback.
// Protocol with the xunit side (NodeScript.cs): a line "@@control <command>" on stdout asks the test for something
// (advance the clock, close the server's WebSockets, …) and waits for one line on stdin; the last line printed is
// "@@result <json>" with every check made. The exit code is 0 only when every check passed.
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const { DirectLine, ConnectionStatus } = require('botframework-directlinejs');
const { Observable } = require('rxjs/Observable');
// DirectLineJS uses WebSockets only when the global exists (Node 20 has none).
globalThis.WebSocket = require('ws');

const checks = [];
const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

export function check(name, ok, detail) {
  checks.push({ name, ok: Boolean(ok), detail: ok ? undefined : detail });
  return Boolean(ok);
}

export async function control(command) {
  process.stdout.write(`@@control ${command}\n`);
  const { value } = await stdinLines.next();
  return value;
}

export function finish() {
  const failed = checks.filter(c => !c.ok);
  process.stdout.write(`@@result ${JSON.stringify({ passed: checks.length - failed.length, failed: failed.length, checks })}\n`);
  process.exit(failed.length === 0 && checks.length > 0 ? 0 : 1);
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** Waits until predicate() is truthy (checked every 50 ms); returns its value, or undefined after timeoutMs. */
export async function waitFor(predicate, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = predicate();
    if (value) {
      return value;
    }
    if (Date.now() > until) {
      return undefined;
    }
    await sleep(50);
  }
}

/**
 * The HTTP service DirectLineJS calls for every request (its `ajax` option, an RxJS 5 AjaxRequest → AjaxResponse),
 * backed by Node's fetch: Node has no XMLHttpRequest, and fetch also sends the FormData of uploads and reads the data:
 * URLs of attachments. Everything DirectLineJS decides — URLs, headers, bodies, retries, status handling — is its own.
 */
export function fetchAjax(settings) {
  return Observable.create(subscriber => {
    const controller = new AbortController();
    const timer = settings.timeout ? setTimeout(() => controller.abort(), settings.timeout) : undefined;
    let body = settings.body;
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof FormData)) {
      body = JSON.stringify(body);
    }
    fetch(settings.url, { method: settings.method || 'GET', headers: settings.headers || {}, body, signal: controller.signal })
      .then(async response => {
        const raw = settings.responseType === 'arraybuffer' ? await response.arrayBuffer() : await response.text();
        let parsed = raw;
        if (typeof raw === 'string') {
          try { parsed = raw ? JSON.parse(raw) : null; } catch { /* not JSON: keep the text */ }
        }
        const result = { status: response.status, response: parsed, xhr: { getResponseHeader: name => response.headers.get(name) } };
        if (response.ok) {
          subscriber.next(result);
          subscriber.complete();
        } else {
          subscriber.error(Object.assign(new Error(`HTTP ${response.status}`), result));
        }
      }, error => subscriber.error(Object.assign(error, { status: 0 })))
      .finally(() => clearTimeout(timer));
    return () => controller.abort();
  });
}

/** A DirectLineJS client whose received activities and statuses are recorded. */
export function client(baseUrl, options) {
  const directLine = new DirectLine({
    domain: `${baseUrl}v3/directline`,
    ajax: fetchAjax,
    pollingInterval: 200,
    random: () => 0, // reconnect 3 s after a closed socket, the shortest DirectLineJS waits
    ...options,
  });
  const received = [];
  const statuses = [];
  directLine.connectionStatus$.subscribe(status => statuses.push(status));
  directLine.activity$.subscribe(activity => received.push(activity), () => {});
  return { directLine, received, statuses, end: () => directLine.end() };
}

export async function online(c, timeoutMs = 10000) {
  return waitFor(() => c.statuses.includes(ConnectionStatus.Online), timeoutMs);
}

/** postActivity as a promise of what DirectLineJS yields: the id, or "retry". */
export function post(c, activity) {
  return new Promise((resolve, reject) => c.directLine.postActivity(activity).subscribe(resolve, reject));
}

export function message(userId, text, extra = {}) {
  return {
    type: 'message',
    from: { id: userId, role: 'user' },
    text,
    locale: 'es-EC',
    channelData: { clientActivityID: `cli-${Math.random().toString(36).slice(2)}` },
    ...extra,
  };
}

/** A Direct Line REST call outside DirectLineJS (token operations, raw status codes). */
export async function rest(baseUrl, method, path, credential, body) {
  const headers = {};
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: response.status, json, text };
}

export function jwtClaims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

export const botReplies = received => received.filter(a => a.from && a.from.role === 'bot' && a.type === 'message');
