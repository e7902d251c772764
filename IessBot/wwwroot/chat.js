// The IESS Web Chat page: a short-lived token from this server (the Direct Line secret never reaches the browser),
// Direct Line at this server's /v3/directline, Web Chat in Spanish (es-EC) with the IESS colours.
// A reload in the same tab resumes the conversation and shows its history (the token and id live in sessionStorage,
// which ends with the tab).
(function () {
  'use strict';

  var STORAGE_KEY = 'iess-chat';
  var status = document.getElementById('estado');
  var container = document.getElementById('webchat');
  var domain = new URL('v3/directline', document.baseURI).href;
  var ATTACHMENT_PATH = /\/v3\/directline\/conversations\/[^/]+\/attachments\/[0-9a-f]{32}$/;

  if (new URLSearchParams(location.search).has('embebido')) {
    document.body.classList.add('embebido');
  }

  function say(text) {
    status.textContent = text;
  }

  async function call(method, path, token) {
    var headers = token ? { Authorization: 'Bearer ' + token } : {};
    var response = await fetch(new URL(path, document.baseURI), { method: method, headers: headers });
    if (!response.ok) {
      throw new Error('HTTP ' + response.status);
    }
    return response.json();
  }

  function saved() {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    } catch (e) {
      return null;
    }
  }

  function save(token, conversationId) {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: token, conversationId: conversationId }));
  }

  // The conversation after a reload (a fresh token and stream for it, replaying its history), or a new one. Started
  // with plain fetch while the Web Chat bundle is still loading, so the welcome is ready when Web Chat connects.
  async function conversation() {
    var previous = saved();
    if (previous && previous.token && previous.conversationId) {
      try {
        var refreshed = await call('POST', 'v3/directline/tokens/refresh', previous.token);
        return await call('GET', 'v3/directline/conversations/' + encodeURIComponent(previous.conversationId) + '?watermark=', refreshed.token);
      } catch (e) {
        sessionStorage.removeItem(STORAGE_KEY);
      }
    }
    var issued = await call('POST', 'api/directline/token');
    return call('POST', 'v3/directline/conversations', issued.token);
  }

  var started = conversation();
  started.catch(function () { /* reported by start() */ });

  var styleOptions = {
    accent: '#00529b',
    backgroundColor: '#ffffff',
    primaryFont: '"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    bubbleBackground: '#f2f4f7',
    bubbleBorderRadius: 10,
    bubbleTextColor: '#1f2933',
    // Light blue, not the accent: file links in the citizen's bubbles are drawn in the accent colour.
    bubbleFromUserBackground: '#e3eef9',
    bubbleFromUserBorderColor: '#b9d3ee',
    bubbleFromUserBorderWidth: 1,
    bubbleFromUserTextColor: '#0b2540',
    bubbleFromUserBorderRadius: 10,
    botAvatarInitials: 'IESS',
    botAvatarBackgroundColor: '#00529b',
    userAvatarInitials: 'Ud.',
    userAvatarBackgroundColor: '#5f6b7a',
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBorderColor: '#00529b',
    suggestedActionTextColor: '#00529b',
    suggestedActionBorderRadius: 18,
    sendBoxButtonColor: '#00529b',
    sendBoxBorderTop: 'solid 1px #dde3ea',
    // Evidence is PDF, JPG or PNG (the bot checks the real type from the bytes as well).
    uploadAccept: '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png',
    uploadMultiple: true,
    // A file is sent as soon as it is chosen: the evidence step waits for files, not for a caption.
    sendAttachmentOn: 'attach',
    hideUploadButton: false
  };

  async function start() {
    if (!window.WebChat) {
      say('No se pudo cargar el chat. Recargue la página; si el problema continúa, escriba a gestiondenuncias@iess.gob.ec.');
      return;
    }
    var current;
    try {
      current = await started;
    } catch (e) {
      say('No pudimos conectar con el asistente. Intente de nuevo en unos minutos o escriba a gestiondenuncias@iess.gob.ec.');
      return;
    }
    save(current.token, current.conversationId);

    // Token, conversation and streamUrl given: DirectLineJS goes online at once and opens the stream.
    var directLine = window.WebChat.createDirectLine({
      domain: domain,
      token: current.token,
      conversationId: current.conversationId,
      streamUrl: current.streamUrl,
      webSocket: true
    });
    // Tokens live 30 minutes: renew every 15, as DirectLineJS does for conversations it starts itself.
    setInterval(async function () {
      try {
        var renewed = await call('POST', 'v3/directline/tokens/refresh', directLine.token);
        directLine.token = renewed.token;
        save(renewed.token, current.conversationId);
      } catch (e) {
        say('La sesión del chat expiró. Recargue la página para continuar.');
      }
    }, 15 * 60 * 1000);

    // Web Chat links an uploaded file to its contentUrl, which this server opens only with the conversation's token
    // (so the bot's copy of the URL is no use to anyone else), and a plain link cannot send one: a click on such a
    // link fetches the file with the token and saves it under its name instead.
    container.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[href]') : null;
      var url = link ? new URL(link.href, document.baseURI) : null;
      if (!url || url.origin !== new URL(domain).origin || !ATTACHMENT_PATH.test(url.pathname)) {
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      download(url, link.getAttribute('download') || 'archivo');
    }, true);

    async function download(url, name) {
      try {
        var response = await fetch(url, { headers: { Authorization: 'Bearer ' + directLine.token } });
        if (!response.ok) {
          throw new Error('HTTP ' + response.status);
        }
        var objectUrl = URL.createObjectURL(await response.blob());
        var anchor = document.createElement('a');
        anchor.href = objectUrl;
        anchor.download = name;
        document.body.appendChild(anchor);
        anchor.click();
        anchor.remove();
        setTimeout(function () { URL.revokeObjectURL(objectUrl); }, 60000);
      } catch (e) {
        say('No se pudo abrir el archivo. Intente de nuevo; si el problema continúa, recargue la página.');
      }
    }

    window.WebChat.renderWebChat({
      directLine: directLine,
      locale: 'es-EC',
      styleOptions: styleOptions
    }, container);
    say('');
  }

  document.addEventListener('DOMContentLoaded', start);
})();
