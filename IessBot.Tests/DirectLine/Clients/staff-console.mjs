// The staff console (Razor Pages at /staff) in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core,
// as webchat-e2e.mjs does), against IessBot with seeded cases. Signs in through the real form, opens the case list and a
// case page on a tablet-sized and a laptop-sized screen, checks that no page logs a console error (a Content-Security-
// Policy refusal is one) and saves screenshots.
// Usage: node staff-console.mjs <baseUrl ending in /> <artifacts folder> <user> <case number>
// The password is asked for with "@@control password" (harness.mjs), so it never shows in a process list.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { check, control, finish } from './harness.mjs';

const [baseUrl, artifacts, user, caseNumber] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const password = await control('password');

// reference/components.md §6: the flags for Chromium here.
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function screenshot(page, name) {
  const path = join(artifacts, name);
  await page.screenshot({ path, fullPage: true });
  process.stdout.write(`@@artifact ${path}\n`);
}

async function session(viewport, suffix) {
  const context = await browser.newContext({ viewport, locale: 'es-EC', deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  const offsite = [];
  page.on('console', message => { if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`); });
  page.on('pageerror', error => errors.push(`${page.url()}: ${error}`));
  page.on('request', request => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !['data:', 'blob:'].includes(url.protocol)) offsite.push(request.url());
  });
  try {
    await page.goto(`${baseUrl}staff/casos`);
    check(`${suffix}: an anonymous visit is sent to the sign-in page`, /\/staff\/cuenta\/ingresar/.test(page.url()), page.url());
    await page.getByLabel('Usuario').fill(user);
    await page.getByLabel('Contraseña').fill(password);
    await Promise.all([page.waitForURL(/\/staff\/casos/), page.getByRole('button', { name: 'Ingresar' }).click()]);

    const row = page.getByRole('row').filter({ hasText: caseNumber });
    check(`${suffix}: the list shows the seeded case`, await row.count() === 1, await page.content());
    check(`${suffix}: the list states the SLA in words`,
      await page.getByRole('cell', { name: /^(A tiempo|En riesgo|Vencido|En pausa|Finalizado)$/ }).count() > 0, 'no SLA text');
    await screenshot(page, `staff-lista-${suffix}.png`);

    await Promise.all([page.waitForURL(new RegExp(`/staff/casos/${caseNumber}$`)), row.getByRole('link', { name: caseNumber }).click()]);
    check(`${suffix}: the case page has its heading`, await page.getByRole('heading', { level: 1, name: new RegExp(caseNumber) }).count() === 1, await page.title());
    check(`${suffix}: every action form field has a label`, await page.evaluate(() =>
      [...document.querySelectorAll('form textarea, form select, form input:not([type=hidden])')].every(field => field.labels && field.labels.length > 0)), 'a field without a label');
    await screenshot(page, `staff-caso-${suffix}.png`);

    await page.getByLabel('Nota interna').fill('Revisado en el navegador.');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Añadir nota' }).click()]);
    check(`${suffix}: a form posts and comes back to the case page`, await page.getByRole('status').filter({ hasText: 'Nota interna añadida' }).count() === 1, await page.content());

    await page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Estadísticas' }).click();
    await page.waitForURL(/\/staff\/estadisticas/);
    check(`${suffix}: the statistics draw their charts as images with text`, await page.getByRole('img', { name: 'Casos por tipo' }).count() === 1, await page.content());
    await screenshot(page, `staff-estadisticas-${suffix}.png`);
  } finally {
    check(`${suffix}: no console errors`, errors.length === 0, errors.join('\n'));
    check(`${suffix}: nothing requested off the machine`, offsite.length === 0, offsite.join('\n'));
    await context.close();
  }
}

try {
  await session({ width: 1024, height: 768 }, 'tableta');
  await session({ width: 1366, height: 900 }, 'portatil');
} catch (error) {
  check('the scenario ran to its end', false, String(error && error.stack || error));
} finally {
  await browser.close();
}
finish();
