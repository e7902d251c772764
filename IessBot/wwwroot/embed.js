// Adds the IESS complaints chat to any page with one tag:
//   <script src="https://<this server>/embed.js" async></script>
// A button opens the chat page of this server in a panel (an iframe), so the host site needs no CORS setting, no token
// and no Web Chat of its own. Optional: data-titulo="…" on the script tag changes the button's text.
(function () {
  'use strict';

  var script = document.currentScript;
  var base = new URL('.', script.src);
  var label = script.getAttribute('data-titulo') || 'Quejas y denuncias';

  var style = document.createElement('style');
  style.textContent =
    '.iess-chat-boton{position:fixed;right:16px;bottom:16px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;' +
    'background:#00529b;color:#fff;font:600 15px "Segoe UI",Roboto,Arial,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.25);cursor:pointer}' +
    '.iess-chat-boton:focus-visible{outline:3px solid #ffbf47;outline-offset:2px}' +
    '.iess-chat-panel{position:fixed;right:16px;bottom:76px;z-index:2147483000;width:400px;height:620px;max-height:calc(100vh - 96px);' +
    'border:1px solid #dde3ea;border-radius:12px;background:#fff;box-shadow:0 8px 24px rgba(0,0,0,.25)}' +
    '@media (max-width:480px){.iess-chat-panel{right:0;bottom:0;width:100vw;height:100dvh;max-height:none;border-radius:0}' +
    '.iess-chat-panel+.iess-chat-boton,.iess-chat-abierto .iess-chat-boton{bottom:auto;top:8px}}';
  document.head.appendChild(style);

  var frame = null;
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'iess-chat-boton';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');

  button.addEventListener('click', function () {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.className = 'iess-chat-panel';
      frame.title = 'Asistente virtual de quejas y denuncias del IESS';
      frame.src = new URL('?embebido=1', base).href;
      document.body.insertBefore(frame, button);
    } else {
      frame.hidden = !frame.hidden;
    }
    var open = !frame.hidden;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Cerrar chat' : label;
    document.documentElement.classList.toggle('iess-chat-abierto', open);
  });

  document.body.appendChild(button);
})();
