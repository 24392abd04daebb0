// The admin dashboard in a real browser: Debian's chromium, driven by playwright-core, against the real binary.
// Usage: node dashboard.test.js /path/to/mentorbot [--screenshot docs/dashboard.png]
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const binary = process.argv[2];
const screenshotAt = process.argv.indexOf('--screenshot');
const screenshot = screenshotAt > 0 ? process.argv[screenshotAt + 1] : null;
const chromiumPath = process.env.MENTORBOT_CHROMIUM || '/usr/bin/chromium';
const figures = ['requests', 'match-rate', 'time-to-accept', 'outcomes', 'ratings', 'goals', 'unmet', 'mentor-load',
  'mixing', 'pod-attendance', 'announcements', 'waiting'];

let failures = 0;
function check(condition, what) {
  if (condition) {
    console.log('ok   ' + what);
  } else {
    failures += 1;
    console.log('FAIL ' + what);
  }
}

// The console bot, fed lines on stdin; `waitFor` resolves once its output matches.
class Console {
  constructor(database, environment) {
    this.output = '';
    this.process = spawn(binary, ['--db', database], {
      env: Object.assign({}, process.env, environment || {}),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.process.stdout.on('data', (chunk) => { this.output += chunk.toString(); });
    this.process.stderr.on('data', (chunk) => { process.stderr.write(chunk); });
    this.exited = new Promise((resolve) => this.process.on('exit', resolve));
  }
  send(line) { this.process.stdin.write(line + '\n'); }
  async waitFor(pattern, from) {
    const deadline = Date.now() + 30000;
    for (;;) {
      const match = this.output.slice(from || 0).match(pattern);
      if (match) return match;
      if (Date.now() > deadline) throw new Error('the console never printed ' + pattern + '\n' + this.output);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  // Runs /coach dashboard as the current member and returns the link the bot DMs back.
  async dashboardLink() {
    const from = this.output.length;
    this.send('/coach dashboard');
    return (await this.waitFor(/(http:\/\/127\.0\.0\.1:\d+\/admin\/sign-in\?token=[0-9a-f]{64})/, from))[1];
  }
  async quit() {
    this.send(':quit');
    this.process.stdin.end();
    await this.exited;
  }
}

// A free port on 127.0.0.1 for the bot's listener, so its links keep their address across restarts.
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The numbers of a figure's table, as the page shows them: {label: [cells…]}.
async function tableOf(page, id) {
  return page.$$eval('#' + id + ' tbody tr', (rows) => {
    const table = {};
    for (const row of rows) {
      const cells = Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent.trim());
      table[cells[0]] = cells.slice(1);
    }
    return table;
  });
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mentorbot-browser-'));
  const database = path.join(work, 'demo.db');
  const listen = { MENTORBOT_METRICS: '127.0.0.1:' + (await freePort()) };
  const bot = new Console(database, listen);
  bot.send(':demo-history');
  await bot.waitFor(/added twelve weeks/);
  bot.send(':as olivia');
  const statsFrom = bot.output.length;
  bot.send('/coach stats 28');
  await bot.waitFor(/Figures are counts only/, statsFrom);
  const stats = bot.output.slice(statsFrom);
  const link = await bot.dashboardLink();
  const base = link.slice(0, link.indexOf('/admin'));

  const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: chromiumPath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1200, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  try {
    // Without a session the dashboard sends you to the sign-in explanation.
    await page.goto(base + '/admin');
    check(page.url() === base + '/admin/sign-in', 'a page without a session redirects to the sign-in page');
    check((await page.textContent('main')).includes('/coach dashboard'), 'the sign-in page says how to get a link');

    // The DM'd link, then its button.
    await page.goto(link);
    await Promise.all([page.waitForURL(base + '/admin'), page.click('button[type=submit]')]);
    check(page.url() === base + '/admin', 'the link signs the admin in and lands on the dashboard');
    await page.waitForSelector('canvas[data-drawn="true"]');

    for (const id of figures) {
      const drawn = await page.$eval('#chart-' + id, (canvas) => {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
        return false;
      });
      check(drawn, 'the ' + id + ' chart is drawn');
    }

    // The tables agree with /coach stats for the same 28 days.
    const matchRate = await tableOf(page, 'match-rate');
    const requests = stats.match(/Requests: (\d+)/)[1];
    const accepted = stats.match(/Match rate: .*\((\d+) accepted\)/)[1];
    check(matchRate['All weeks'][0] === requests, 'requests in the table match /coach stats (' + requests + ')');
    check(matchRate['All weeks'][1] === accepted, 'accepted requests match /coach stats (' + accepted + ')');
    const ratings = await tableOf(page, 'ratings');
    const ratingCount = stats.match(/Average rating: .*\((\d+) ratings?\)/)[1];
    check(ratings['All ratings'][0] === ratingCount, 'ratings match /coach stats (' + ratingCount + ')');
    const outcomes = await tableOf(page, 'outcomes');
    const completed = stats.match(/Session outcomes .*: completed (\d+), no-shows (\d+)/);
    check(outcomes['All weeks'][0] === completed[1] && outcomes['All weeks'][1] === completed[2],
      'completed sessions and no-shows match /coach stats');
    const unmet = await tableOf(page, 'unmet');
    for (const [topic, cells] of Object.entries(unmet)) {
      check(stats.includes(topic + ' ' + cells[0] + ' (' + cells[1] + ')'), 'unmet ' + topic + ' reads as in /coach stats');
    }

    // The CSV downloads.
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.click('#requests .downloads a[download]')]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    check(csv.startsWith('Week,flash,micro,'), 'the requests CSV downloads with its header');
    check(csv.includes('All weeks,') && csv.trim().split('\n').length === 6, 'the CSV has four weeks and the total');

    // Accessibility: axe-core in the page (evaluated, not injected, so the CSP stays as it is).
    await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') + '\n;undefined');
    const violations = await page.evaluate(async () => (await window.axe.run(document)).violations
      .map((violation) => violation.id + ': ' + violation.nodes.length + ' nodes'));
    check(violations.length === 0, 'axe-core finds no accessibility violation ' + JSON.stringify(violations));

    if (screenshot) {
      await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
      await page.screenshot({ path: screenshot, fullPage: false });
      console.log('wrote ' + screenshot);
    }

    check(consoleErrors.length === 0, 'no console errors ' + JSON.stringify(consoleErrors));

    // A link used once is refused the second time (the refusal's 403 is the only error the browser logs).
    await page.goto(link);
    check((await page.textContent('main')).includes('already used'), 'a used link is refused');

    // An expired link is refused.
    const late = await bot.dashboardLink();
    const advancedFrom = bot.output.length;
    bot.send(':advance 11m');
    await bot.waitFor(/time is now/, advancedFrom);
    await page.goto(late);
    check((await page.textContent('main')).includes('expired'), 'an expired link is refused');
  } finally {
    await bot.quit();
  }

  // A link sent while ben was an admin signs nobody in once he is not one.
  const asAdmin = new Console(database, Object.assign({ MENTORBOT_ADMINS: 'console:local:ben' }, listen));
  asAdmin.send(':as ben');
  const bensLink = await asAdmin.dashboardLink();
  await asAdmin.quit();
  const plain = new Console(database, listen);
  plain.send(':as ben');
  const refusedFrom = plain.output.length;
  plain.send('/coach dashboard');
  await plain.waitFor(/for program admins only/, refusedFrom);
  check(true, 'a non-admin gets no link');
  await page.goto(bensLink);
  check((await page.textContent('main')).includes('not a program admin'), "a non-admin's link is refused");
  await plain.quit();
  await context.close();
  fs.rmSync(work, { recursive: true, force: true });
  if (failures > 0) {
    console.log(failures + ' checks failed');
    process.exit(1);
  }
  console.log('every check passed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
