// botframework-directlinejs 0.15.8 against IessBot's Direct Line (reference/botframework.md §7 items 6–11, 15–17).
// Usage: node directlinejs-conformance.mjs <scenario> <baseUrl ending in /> <secret>
// The bot on the other side is IessBot.Tests' ConformanceBot (commands: historial, fallar, escribiendo, ráfaga N, idioma).
import {
  ConnectionStatus, botReplies, check, client, control, finish, jwtClaims, message, online, post, rest, sleep, waitFor,
} from './harness.mjs';

const [scenario, baseUrl, secret] = process.argv.slice(2);

async function pageToken() {
  const response = await rest(baseUrl, 'POST', 'api/directline/token');
  return response.json;
}

const scenarios = {
  // §7 item 6: polling; postActivity's id is the id of the echo, which keeps clientActivityID and the user.
  async 'polling-echo'() {
    const { token } = await pageToken();
    const userId = jwtClaims(token).user;
    const c = client(baseUrl, { token, webSocket: false });
    check('connects (Online)', await online(c), c.statuses);
    const sent = message(userId, 'hola');
    const id = await post(c, sent);
    check('postActivity returns an id of the form <conversation>|0000007', /\|\d{7}$/.test(id), id);
    const echo = await waitFor(() => c.received.find(a => a.id === id));
    check('the echo arrives with the same id', echo, c.received.map(a => a.id));
    check('the echo keeps channelData.clientActivityID', echo?.channelData?.clientActivityID === sent.channelData.clientActivityID, echo?.channelData);
    check('the echo is from the token\'s user', echo?.from?.id === userId && echo?.from?.role === 'user', echo?.from);
    const reply = await waitFor(() => botReplies(c.received).find(a => a.replyToId === id));
    check('the bot\'s reply carries replyToId = the posted id', reply?.text === 'eco: hola', botReplies(c.received));
    check('the reply is later than the echo', reply && Date.parse(reply.timestamp) > Date.parse(echo.timestamp), [echo?.timestamp, reply?.timestamp]);
    c.end();
  },

  // §7 item 7: watermark= returns everything, the returned watermark returns nothing new, an old watermark exactly the rest.
  async watermark() {
    const { token, conversationId } = await pageToken();
    const userId = jwtClaims(token).user;
    const a = client(baseUrl, { token, webSocket: false });
    check('first client online', await online(a), a.statuses);
    await waitFor(() => botReplies(a.received).length >= 1);
    const marker = await rest(baseUrl, 'GET', `v3/directline/conversations/${conversationId}/activities?watermark=`, token);
    const oldWatermark = marker.json.watermark;
    for (const text of ['uno', 'dos', 'tres']) {
      await post(a, message(userId, text));
    }
    await waitFor(() => botReplies(a.received).length >= 4);
    const all = await rest(baseUrl, 'GET', `v3/directline/conversations/${conversationId}/activities?watermark=`, token);
    check('watermark= (empty) returns everything from the start', all.json.activities.length === 7, all.json.activities.map(x => x.text));
    const again = await rest(baseUrl, 'GET', `v3/directline/conversations/${conversationId}/activities?watermark=${all.json.watermark}`, token);
    check('polling with the returned watermark returns nothing more', again.json.activities.length === 0 && again.json.watermark === all.json.watermark, again.json);
    const ids = a.received.map(x => x.id);
    check('the polling client saw no activity twice', new Set(ids).size === ids.length, ids);
    a.end();

    const b = client(baseUrl, { token, conversationId, watermark: oldWatermark, webSocket: false });
    check('a fresh client resumes with an old watermark', await online(b), b.statuses);
    await waitFor(() => b.received.length >= 6, 5000);
    await sleep(600);
    const expected = all.json.activities.slice(1).map(x => x.id);
    check('it receives exactly the activities after that watermark', JSON.stringify(b.received.map(x => x.id)) === JSON.stringify(expected),
      { got: b.received.map(x => x.id), expected });
    b.end();
  },

  // §7 item 8: WebSocket; frames are sets or keep-alives; typing only on the socket; a server-closed socket reconnects
  // through GET /conversations/{id}?watermark= with nothing lost or repeated.
  async websocket() {
    const { token, conversationId } = await pageToken();
    const userId = jwtClaims(token).user;
    const c = client(baseUrl, { token, webSocket: true });
    check('connects (Online) with a WebSocket', await online(c), c.statuses);
    await waitFor(() => botReplies(c.received).length >= 1);
    check('the welcome arrives on the socket', botReplies(c.received)[0]?.text === 'bienvenida', c.received);
    const id = await post(c, message(userId, 'escribiendo'));
    await waitFor(() => botReplies(c.received).find(a => a.replyToId === id));
    check('bot typing arrives on the WebSocket', c.received.some(a => a.type === 'typing' && a.from?.role === 'bot'), c.received.map(a => a.type));
    const polled = await rest(baseUrl, 'GET', `v3/directline/conversations/${conversationId}/activities?watermark=`, token);
    check('typing is not in GET /activities', polled.json.activities.every(a => a.type !== 'typing'), polled.json.activities.map(a => a.type));

    const closed = await control(`close-streams ${conversationId}`);
    check('the server closed the socket', Number(closed) >= 1, closed);
    // While the client is away the bot speaks (a reply to a post made with the REST API).
    const during = await rest(baseUrl, 'POST', `v3/directline/conversations/${conversationId}/activities`, token, message(userId, 'mientras'));
    check('a post while disconnected is accepted', during.status === 200, during);
    const back = await waitFor(() => c.received.find(a => a.text === 'eco: mientras'), 20000);
    check('after reconnecting the client receives what it missed', back, c.received.map(a => a.text));
    const after = await post(c, message(userId, 'después'));
    check('and live traffic flows again', await waitFor(() => c.received.find(a => a.replyToId === after), 10000), c.received.map(a => a.text));
    const logged = c.received.filter(a => a.type !== 'typing').map(a => a.id);
    check('no activity was received twice', new Set(logged).size === logged.length, logged);
    const all = await rest(baseUrl, 'GET', `v3/directline/conversations/${conversationId}/activities?watermark=`, token);
    check('and none was lost', JSON.stringify(all.json.activities.map(a => a.id)) === JSON.stringify(logged), { all: all.json.activities.map(a => a.id), logged });
    c.end();
  },

  // §7 item 9: generate (with user), refresh, expiry → 403 / ExpiredToken.
  async tokens() {
    const generated = await rest(baseUrl, 'POST', 'v3/directline/tokens/generate', secret, { user: { id: 'dl_conformance' } });
    check('tokens/generate answers a conversation and a token', generated.status === 200 && generated.json.token && generated.json.conversationId, generated);
    check('the token carries the user id', jwtClaims(generated.json.token).user === 'dl_conformance', jwtClaims(generated.json.token));
    check('expires_in is in seconds', generated.json.expires_in === 1800, generated.json);
    const refreshed = await rest(baseUrl, 'POST', 'v3/directline/tokens/refresh', generated.json.token);
    check('tokens/refresh gives a new token for the same conversation', refreshed.status === 200
      && refreshed.json.conversationId === generated.json.conversationId && refreshed.json.token !== generated.json.token, refreshed);
    const bySecret = await rest(baseUrl, 'POST', 'v3/directline/tokens/refresh', secret);
    check('the secret cannot be refreshed', bySecret.status === 400, bySecret);
    const noSecret = await rest(baseUrl, 'POST', 'v3/directline/tokens/generate', generated.json.token);
    check('a token cannot generate tokens', noSecret.status === 403, noSecret);

    const c = client(baseUrl, { token: refreshed.json.token, webSocket: false });
    check('DirectLineJS works with the refreshed token', await online(c), c.statuses);
    await waitFor(() => botReplies(c.received).length >= 1);
    check('the bot greets the user named in the token', botReplies(c.received)[0]?.recipient?.id === 'dl_conformance', botReplies(c.received)[0]);
    await control('advance 3600');
    const expired = await rest(baseUrl, 'POST', 'v3/directline/tokens/refresh', refreshed.json.token);
    check('an expired token cannot be refreshed: 403 TokenExpired', expired.status === 403 && expired.json?.error?.code === 'TokenExpired', expired);
    const result = await post(c, message('dl_conformance', 'tarde'));
    check('posting with an expired token yields "retry"', result === 'retry', result);
    check('DirectLineJS reports ExpiredToken', await waitFor(() => c.statuses.includes(ConnectionStatus.ExpiredToken), 5000), c.statuses);
    c.end();
  },

  // §7 item 9: unknown conversation → 404 → the polling client ends; another conversation's token → 403.
  async 'not-found'() {
    const unknown = await rest(baseUrl, 'GET', 'v3/directline/conversations/no-such-conversation/activities?watermark=', secret);
    check('an unknown conversation is 404', unknown.status === 404 && unknown.json?.error?.code, unknown);
    const first = await pageToken();
    const second = await pageToken();
    await rest(baseUrl, 'POST', 'v3/directline/conversations', second.token);
    const foreign = await rest(baseUrl, 'GET', `v3/directline/conversations/${second.conversationId}/activities?watermark=`, first.token);
    check('a token for another conversation is 403', foreign.status === 403, foreign);
    const missing = await rest(baseUrl, 'GET', `v3/directline/conversations/${second.conversationId}/activities?watermark=`);
    check('no Authorization is 401', missing.status === 401, missing);

    const c = client(baseUrl, { token: first.token, webSocket: false });
    check('online', await online(c), c.statuses);
    await control('advance 900'); // past the test host's 10-minute retention, within the token's 30 minutes
    await control('sweep');
    check('when the conversation has expired, DirectLineJS ends (404 while polling)', await waitFor(() => c.statuses.includes(ConnectionStatus.Ended), 5000), c.statuses);
    c.end();
  },

  // §7 item 10: a failing bot → 502 BotError; DirectLineJS yields "retry".
  async 'bot-failure'() {
    const { token, conversationId } = await pageToken();
    const userId = jwtClaims(token).user;
    const c = client(baseUrl, { token, webSocket: false });
    check('online', await online(c), c.statuses);
    const raw = await rest(baseUrl, 'POST', `v3/directline/conversations/${conversationId}/activities`, token, message(userId, 'fallar'));
    check('the client gets 502 with an ErrorResponse', raw.status === 502 && raw.json?.error?.code === 'BotError', raw);
    const result = await post(c, message(userId, 'fallar'));
    check('DirectLineJS yields "retry"', result === 'retry', result);
    const ok = await post(c, message(userId, 'sigo aquí'));
    check('the conversation goes on afterwards', await waitFor(() => c.received.find(a => a.replyToId === ok)), c.received.map(a => a.text));
    c.end();
  },

  // §7 item 11: an attachment goes through /upload; the bot can read it; the echo carries the same URL.
  async upload() {
    const { token, conversationId } = await pageToken();
    const userId = jwtClaims(token).user;
    const c = client(baseUrl, { token, webSocket: false });
    check('online', await online(c), c.statuses);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const id = await post(c, message(userId, '', {
      attachments: [{ contentType: 'application/pdf', name: 'constancia.pdf', contentUrl: `data:application/pdf;base64,${pdf.toString('base64')}` }],
    }));
    check('postActivity with an attachment returns an id', typeof id === 'string' && id.includes('|'), id);
    const echo = await waitFor(() => c.received.find(a => a.id === id));
    const url = echo?.attachments?.[0]?.contentUrl;
    check('the echo carries one attachment with a URL on this server', echo?.attachments?.length === 1 && url?.startsWith(`${baseUrl}v3/directline/conversations/`), echo?.attachments);
    const reply = await waitFor(() => botReplies(c.received).find(a => a.replyToId === id));
    const seen = reply ? JSON.parse(reply.text) : [];
    check('the bot received one attachment', seen.length === 1, reply?.text);
    check('with the same contentUrl as the echo', seen[0]?.contentUrl === url, { seen, url });
    check('with the contentType and name the client gave', seen[0]?.contentType === 'application/pdf' && seen[0]?.name === 'constancia.pdf', seen);
    check('and the bot could read every byte', seen[0]?.length === pdf.length, seen);
    const withToken = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await withToken.arrayBuffer());
    check('the conversation\'s token reads the file', withToken.status === 200 && bytes.equals(pdf), withToken.status);
    check('served as a download', withToken.headers.get('content-disposition') === 'attachment', withToken.headers.get('content-disposition'));
    const anonymous = await fetch(url);
    check('without a token the file is refused (401)', anonymous.status === 401, anonymous.status);
    const other = await pageToken();
    const foreign = await fetch(url, { headers: { Authorization: `Bearer ${other.token}` } });
    check('another conversation\'s token is refused (403)', foreign.status === 403, foreign.status);
    c.end();
  },

  // §7 item 15: with a token that names the user, the bot hears bot + user at the start and greets; without, the user
  // is announced just before their first activity.
  async welcome() {
    const { token } = await pageToken();
    const userId = jwtClaims(token).user;
    const c = client(baseUrl, { token, webSocket: false });
    check('online', await online(c), c.statuses);
    const welcome = await waitFor(() => botReplies(c.received)[0]);
    check('the welcome message arrives without the client sending anything', welcome?.text === 'bienvenida', c.received);
    const id = await post(c, message(userId, 'historial'));
    const history = await waitFor(() => botReplies(c.received).find(a => a.replyToId === id));
    check('the bot got one conversationUpdate adding bot and user, then the message',
      history?.text === `conversationUpdate[iessbot,${userId}] message`, history?.text);
    c.end();

    const bySecret = client(baseUrl, { secret, webSocket: false });
    check('online with the secret and no user', await online(bySecret), bySecret.statuses);
    const first = await post(bySecret, message('usuario-web', 'historial'));
    const told = await waitFor(() => botReplies(bySecret.received).find(a => a.replyToId === first));
    check('without a user at the start: bot first, then the user just before their first message',
      told?.text === 'conversationUpdate[iessbot] conversationUpdate[usuario-web] message', told?.text);
    bySecret.end();
  },

  // §7 item 16: the locale the client sends reaches the bot.
  async locale() {
    const { token } = await pageToken();
    const userId = jwtClaims(token).user;
    const c = client(baseUrl, { token, webSocket: false, conversationStartProperties: { locale: 'es-EC' } });
    check('online', await online(c), c.statuses);
    const id = await post(c, message(userId, 'idioma', { locale: 'es-EC' }));
    const reply = await waitFor(() => botReplies(c.received).find(a => a.replyToId === id));
    check('the bot receives locale es-EC', reply?.text === 'locale=es-EC', reply?.text);
    check('and its reply carries it back', reply?.locale === 'es-EC', reply);
    c.end();
  },

  // §7 item 17: 50 messages of one turn arrive in order, with increasing timestamps.
  async order() {
    for (const webSocket of [false, true]) {
      const c = client(baseUrl, { token: (await pageToken()).token, webSocket });
      check(`online (webSocket: ${webSocket})`, await online(c), c.statuses);
      const me = jwtClaims(c.directLine.token).user;
      await post(c, message(me, 'ráfaga 50'));
      const burst = await waitFor(() => { const b = botReplies(c.received).filter(a => /^\d+\/50$/.test(a.text)); return b.length === 50 && b; });
      check(`50 messages arrive (webSocket: ${webSocket})`, burst, botReplies(c.received).length);
      const numbers = (burst || []).map(a => Number(a.text.split('/')[0]));
      check(`in the order the bot sent them (webSocket: ${webSocket})`, numbers.every((n, i) => n === i + 1), numbers);
      const times = (burst || []).map(a => Date.parse(a.timestamp));
      check(`with timestamps increasing by at least 1 ms (webSocket: ${webSocket})`, times.every((t, i) => i === 0 || t > times[i - 1]), times);
      c.end();
    }
  },
};

try {
  if (!scenarios[scenario]) {
    check(`scenario "${scenario}" exists`, false, Object.keys(scenarios));
  } else {
    await scenarios[scenario]();
  }
} catch (error) {
  check('no exception', false, String(error?.stack || error));
}
finish();
