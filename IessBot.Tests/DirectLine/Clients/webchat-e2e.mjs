// The IESS page with the real Web Chat 4.18.1 bundle in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; no browser is downloaded), against IessBot and its real filing bot.
// Usage: node webchat-e2e.mjs <scenario> <baseUrl ending in /> <artifacts folder>
// Scenarios: queja (a whole filing with a real PDF, up to the case number), denuncia-fake-pdf (a "PDF" that is not
// one is refused), load (page load to welcome, several times; prints the timings).
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { check, finish } from './harness.mjs';

const [scenario, baseUrl, artifacts] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });

// reference/components.md §6: the flags for Chromium here.
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const filing = {
  cedula: '1714307103',
  phone: '0991234567',
  email: 'ciudadana.prueba@example.com',
  address: 'Avenida Amazonas N34-120 y Colón, frente al parque El Ejido',
  description: 'El lunes 3 de noviembre esperé seis horas en consulta externa y nadie me atendió.',
  place: 'Hospital Carlos Andrade Marín',
};

const SEND_FAILED = /Send failed|No se pudo enviar/;

async function openPage() {
  // A phone screen (iPhone 12-sized), Spanish.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'es-EC', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const offsite = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['blob:', 'data:'].includes(url.protocol)) {
      offsite.push(request.url());
    }
  });
  const errors = [];
  page.on('pageerror', error => errors.push(String(error)));
  const started = Date.now();
  await page.goto(baseUrl);
  await botMessage(page, 'Hola, soy el asistente').waitFor({ timeout: 20000 });
  return { context, page, offsite, errors, welcomeMs: Date.now() - started };
}

const botBubbles = page => page.locator('.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content');
const botMessage = (page, text) => botBubbles(page).filter({ hasText: text }).last();
const suggested = (page, label) => page.getByRole('toolbar', { name: 'Acciones sugeridas' }).getByRole('button', { name: label, exact: true });

/** Does something the citizen does, then waits for the bot's answer (a new bot bubble, containing `expect` if given). */
async function step(page, action, expect) {
  const before = await botBubbles(page).count();
  await action();
  await page.waitForFunction(
    ([selector, count]) => document.querySelectorAll(selector).length > count,
    ['.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content', before],
    { timeout: 20000 });
  if (expect) {
    await botMessage(page, expect).waitFor({ timeout: 20000 });
  }
}

async function click(page, label, expect) {
  await step(page, () => suggested(page, label).click(), expect);
}

async function type(page, text, expect) {
  const box = page.getByPlaceholder('Escriba su mensaje');
  await step(page, async () => {
    await box.fill(text);
    await box.press('Enter');
  }, expect);
}

async function upload(page, path, expect) {
  await step(page, () => page.locator('input[type="file"]').setInputFiles(path), expect);
}

/** Up to the evidence step, clicking the buttons the bot offers and typing the rest. */
async function fileUpToEvidence(page, type_) {
  await click(page, type_ === 'queja' ? 'Registrar queja' : 'Registrar denuncia');
  await click(page, type_ === 'queja' ? 'Tiempos de espera' : 'Otro');
  await click(page, 'Acepto');
  await type(page, filing.cedula);
  await type(page, filing.phone);
  await type(page, filing.email);
  await type(page, 'Pichincha');
  await type(page, 'Quito');
  await type(page, filing.address);
  await type(page, filing.description);
  await type(page, filing.place, 'adjúntelas');
}

function pdfFile() {
  const path = join(artifacts, 'constancia-de-turno.pdf');
  writeFileSync(path, [
    '%PDF-1.4',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    ''].join('\n'));
  return path;
}

async function commonChecks(opened, page) {
  const text = await page.locator('body').innerText();
  check('no "Send failed" anywhere', !SEND_FAILED.test(text), text.match(SEND_FAILED)?.[0]);
  check('every request stayed on this server (no CDN)', opened.offsite.length === 0, opened.offsite);
  check('no script errors on the page', opened.errors.length === 0, opened.errors);
}

async function screenshot(page, name) {
  // Tall enough to show the whole conversation, at a phone's width.
  await page.setViewportSize({ width: 390, height: 4200 });
  await page.waitForTimeout(500);
  const path = join(artifacts, name);
  await page.screenshot({ path });
  process.stdout.write(`@@artifact ${path}\n`);
}

let current; // the page of the running scenario, for a screenshot when something fails

const scenarios = {
  async queja() {
    const opened = await openPage();
    const { page } = opened;
    current = page;
    check('the page is in Spanish (es-EC)', await page.getAttribute('html', 'lang') === 'es-EC');
    check('the upload button takes only PDF, JPG and PNG',
      (await page.locator('input[type="file"]').getAttribute('accept')) === '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png');
    check('nothing overflows a phone screen sideways', await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
    check('the welcome offers the menu as buttons', await suggested(page, 'Registrar queja').isVisible());

    await fileUpToEvidence(page, 'queja');
    await upload(page, pdfFile(), 'Archivo recibido (1 de');
    check('the uploaded PDF shows in the citizen\'s bubble', await page.locator('.webchat__bubble--from-user').filter({ hasText: 'constancia-de-turno.pdf' }).count() > 0);
    const fileLink = page.locator('.webchat__bubble--from-user a[href*="/attachments/"]').first();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), fileLink.click()]);
    const downloaded = readFileSync(await download.path());
    check('clicking the uploaded file downloads it with the conversation\'s token',
      download.suggestedFilename() === 'constancia-de-turno.pdf' && downloaded.subarray(0, 5).toString() === '%PDF-' && downloaded.length === statSync(pdfFile()).size,
      { name: download.suggestedFilename(), length: downloaded.length });
    await click(page, 'Listo', 'Confirmar');
    await click(page, 'Confirmar');
    const confirmation = await botMessage(page, 'Q-').innerText({ timeout: 20000 });
    const caseNumber = confirmation.match(/Q-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}/)?.[0];
    check('the citizen reaches a case number', caseNumber, confirmation);
    process.stdout.write(`@@case ${caseNumber}\n`);
    await commonChecks(opened, page);
    await screenshot(page, 'webchat-queja.png');
    await opened.context.close();
  },

  async 'denuncia-fake-pdf'() {
    const opened = await openPage();
    const { page } = opened;
    current = page;
    await fileUpToEvidence(page, 'denuncia');
    const fake = join(artifacts, 'factura.pdf');
    writeFileSync(fake, 'Esto es texto con extensión .pdf, no un documento PDF.\n');
    await upload(page, fake, 'no es PDF, JPG ni PNG');
    check('the file that claims to be a PDF is refused, by name', await botMessage(page, '«factura.pdf» no es PDF, JPG ni PNG').isVisible());
    check('the bot still offers to go on', await suggested(page, 'Listo').isVisible() || await suggested(page, 'Omitir').isVisible());
    await commonChecks(opened, page);
    await screenshot(page, 'webchat-denuncia-rechazada.png');
    await opened.context.close();
  },

  async load() {
    const times = [];
    for (let i = 0; i < 6; i++) {
      const opened = await openPage();
      times.push(opened.welcomeMs);
      await opened.context.close();
    }
    process.stdout.write(`@@timings ${JSON.stringify(times)}\n`);
    check('the welcome appeared every time', times.length === 6, times);
  },
};

try {
  await scenarios[scenario]();
} catch (error) {
  check('no exception', false, String(error?.stack || error));
  if (current) {
    await current.screenshot({ path: join(artifacts, `failure-${scenario}.png`) }).catch(() => {});
    process.stdout.write(`@@artifact ${join(artifacts, `failure-${scenario}.png`)}\n`);
  }
} finally {
  await browser.close();
}
finish();
