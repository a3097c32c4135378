// Browser tests of the real pmatlas site, in Debian's headless Chromium (never a downloaded
// browser). Usage: node run.mjs BASE_URL OTHER_CODE [SCREENSHOT_DIR]
// Exits non-zero on the first failed check; prints one line per check.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axeSource = require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, other, shots] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
// axe is injected as a script: the site's CSP (rightly) forbids that, so the test bypasses it.
const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
let passed = 0, failed = 0;

async function check(name, fn) {
  try { await fn(); passed++; console.log(`ok - ${name}`); }
  catch (e) { failed++; console.log(`FAILED - ${name}\n${e.stack || e}`); }
}

async function axe(url) {
  await page.goto(base + url);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(bad.length, 0, bad.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target).join(' ')}`).join('\n'));
}

const facetCount = async (key, value) => {
  const label = page.locator(`input[name="${key}"][value="${value}"]`).locator('xpath=..');
  if (await label.count() === 0) return 0;
  return Number((await label.locator('.count').innerText()).trim());
};
const resultCount = async () => Number((await page.locator('#count').innerText()).split(' ')[0]);

await check('the Thuringia page shows its key facts, membership grid and ratings', async () => {
  await page.goto(base + '/regions/DEG');
  assert.match(await page.locator('h1').innerText(), /Thuringia\s+DEG/);
  const facts = await page.locator('.facts').innerText();
  for (const f of ['Strong', '2,143,145', '134 per km²', '25.72 %']) assert.ok(facts.includes(f), `facts lack ${f}: ${facts}`);
  assert.equal(await page.locator('.grid .member').count(), 21);
  assert.equal(await page.locator('.grid .member.yes').count(), 4);
  assert.equal(await page.locator('.ratings li').count(), 6);
  assert.equal(await page.locator('.ratings .seg.on').count(), 23);
  assert.equal(await page.locator('a.scale[aria-label="Very high, 5 of 5"]').count(), 1);
});

await check('search "biobank", then two facets narrow it and the counts change', async () => {
  await page.goto(base + '/');
  await page.fill('#q', 'biobank');
  await page.click('.searchbar button[type=submit]');
  await page.waitForURL(/q=biobank/);
  const all = await resultCount();
  assert.ok(all >= 2, `biobank finds ${all}`);
  const seekingYes = await facetCount('seeking', 'yes');
  assert.ok(seekingYes >= 1 && seekingYes < all, `seeking=yes count ${seekingYes} of ${all}`);
  await page.check('input[name="seeking"][value="yes"]');
  await page.click('.facets button[type=submit]');
  await page.waitForURL(/seeking=yes/);
  assert.equal(await resultCount(), seekingYes, 'the result count is the facet count');
  const de = await facetCount('country', 'DE');
  assert.ok(de >= 1, 'Germany among the results');
  await page.check('input[name="country"][value="DE"]');
  await page.click('.facets button[type=submit]');
  await page.waitForURL(/country=DE/);
  const narrowed = await resultCount();
  assert.equal(narrowed, de);
  assert.ok(narrowed < seekingYes || seekingYes === de, 'two facets narrow the search');
  assert.ok(page.url().includes('q=biobank') && page.url().includes('seeking=yes'), 'the URL holds the state');
  assert.equal(await page.locator('.active li').count(), 4, 'the search words, two active filters and "Clear all"');
  assert.ok(await page.locator('.hits a[href="/regions/DEG"]').count() === 1);
});

await check('search finds spellings, forms and names in other languages, and shows where it matched', async () => {
  const count = async (q) => { await page.goto(`${base}/regions?q=${encodeURIComponent(q)}`); return resultCount(); };
  const uk = await count('personalised'), us = await count('personalized');
  assert.ok(uk > 0 && uk === us, `personalised ${uk}, personalized ${us}`);
  assert.ok((await page.locator('.hits .snippet mark').count()) > 0, 'the matched words are marked');
  for (const name of ['Thüringen', 'Thuringia', 'Thuringen']) {
    await count(name);
    assert.equal(await page.locator('.hits a[href="/regions/DEG"]').count(), 1, `${name} finds Thuringia`);
  }
  assert.ok(await count('ICPerMed') > 0, 'network names are searchable');
});

await check('a facet matches any (wider) or all (narrower) of its chosen values', async () => {
  await page.goto(base + '/regions');
  const values = await page.locator('input[name="topic"]').evaluateAll(es => es.map(e => e.value));
  await page.check(`input[name="topic"][value="${values[0]}"]`);
  await page.check(`input[name="topic"][value="${values[1]}"]`);
  await page.click('.facets button[type=submit]');
  await page.waitForURL(/topic=/);
  const any = await resultCount();
  await page.check('input[name="all"][value="topic"]');
  await page.click('.facets button[type=submit]');
  await page.waitForURL(/all=topic/);
  const all = await resultCount();
  assert.ok(all < any, `all ${all} < any ${any}`);
  // The filter box narrows a long list as you type.
  const box = page.locator('#ff-nace');
  if (await box.count()) {
    await page.locator('details:has(#ff-nace) > summary').click();
    // A word of one value's label, as a user would type it.
    const label = (await page.locator('#fv-nace li label').first().innerText()).replace(/\d+\s*$/, '');
    const word = label.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0];
    await box.fill(word.toLowerCase());
    const shown = await page.locator('#fv-nace li:not([hidden])').count();
    const total = await page.locator('#fv-nace li').count();
    assert.ok(shown >= 1 && shown < total, `${shown} of ${total} NACE values shown`);
  }
});

await check('compare two regions: a difference is highlighted', async () => {
  await page.goto(`${base}/compare?r=DEG&r=${other}`);
  const row = page.locator('tr.differs', { hasText: 'Country' }).first();
  assert.ok(await row.isVisible());
  const bg = await row.locator('td').first().evaluate(e => getComputedStyle(e).backgroundColor);
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'the row is highlighted');
  assert.notEqual(bg, 'rgb(255, 255, 255)');
  // Only rows where two regions state different values are highlighted; a value one region
  // does not state ("—") is no difference. A list's value is its items, folded under the
  // count ("2 entries" and "2 entries" can differ): read all the cell's text, shown or not.
  // A yes/no answer's value is its Yes or No: the strategy a Yes names is every region's own.
  const rows = await page.locator('table.compare tbody tr:not(.section)').evaluateAll(trs => trs.map(tr => ({
    differs: tr.classList.contains('differs'),
    label: tr.querySelector('th').innerText,
    stated: [...tr.querySelectorAll('td')].map(td => td.textContent.replace(/\s+/g, ' ').trim().replace(/^(Yes|No) – .*/, '$1')).filter(t => t !== '—' && t !== '0'),
  })));
  for (const r of rows) {
    const distinct = new Set(r.stated).size;
    assert.equal(r.differs, distinct > 1, `${r.label}: ${JSON.stringify(r.stated)} ${r.differs ? 'highlighted' : 'not highlighted'}`);
  }
  assert.ok(rows.some(r => !r.differs) && rows.some(r => r.differs));
  // Policy documents and initiatives by title, unfolding under their counts.
  assert.ok(await page.locator('table.compare details summary', { hasText: /initiative/ }).count() >= 1);
  // At phone width the field names stay in view while the table scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/compare?r=DEG&r=${other}&r=DE`);
  const wrap = page.locator('.table-wrap');
  const before = await page.locator('table.compare th[scope=row]').first().boundingBox();
  await wrap.evaluate(e => { e.scrollLeft = 400; });
  const after = await page.locator('table.compare th[scope=row]').first().boundingBox();
  assert.ok(Math.abs(after.x - before.x) < 1, `the first column moved from ${before.x} to ${after.x}`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${base}/compare?r=DEG&r=${other}`);
  await page.click(`a[aria-label^="Remove Thuringia"]`);
  assert.ok(!page.url().includes('r=DEG'));
});

await check('the versions page of a two-version profile fits in three phone screens, and two versions can be picked', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/regions/DEG/versions`);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height <= 3 * 844, `${height}px tall`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.selectOption('#from', '1');
  await page.selectOption('#to', '2');
  await page.click('form.pick button[type=submit]');
  await page.waitForURL(/from=1&to=2/);
  assert.ok((await page.locator('#pair-h').innerText()).includes('From version 1 to version 2'));
  assert.ok((await page.locator('.pair .changes').innerText()).includes('Population'));
});

await check('matches show the score with what it is made of, and the grade of each piece of evidence', async () => {
  await page.goto(`${base}/regions/DEG/matches`);
  const first = page.locator('ol.matches > li').first();
  assert.ok(await first.isVisible(), 'Thuringia has matches');
  const head = await first.locator('h2 .note').innerText();
  assert.match(head, /^score [0-9.]+: shared interests [0-9.]+/);
  assert.match(await first.locator('h2 .edition').innerText(), /edition|synthetic demo data/, 'each partner says how old its data is');
  const reasons = await first.locator('ul li').allInnerTexts();
  assert.ok(reasons.some(r => /\((strong|good|some|weak) evidence\)/.test(r)), reasons.join(' | '));
  assert.ok(reasons.every(r => !/^It /.test(r)), 'every reason names its subject');
});

// The drawn (hidden) shape of a region: the path in the drawing layer with its link's outline.
const drawnClass = (code) => page.evaluate((code) => {
  const d = document.querySelector(`svg.map a[href="/regions/${code}"] path.hit`).getAttribute('d');
  const drawn = [...document.querySelectorAll('svg.map g[aria-hidden] path')].find(p => p.getAttribute('d') === d);
  return drawn && { css: drawn.getAttribute('class'), fill: getComputedStyle(drawn).fill };
}, code);

await check('the map shows Thuringia coloured for its group, over Germany\'s national profile; clicking it opens its profile', async () => {
  await page.goto(base + '/map');
  const deg = await drawnClass('DEG');
  assert.equal(deg.css, 'c4', 'Strong');
  assert.equal(deg.fill, 'rgb(137, 120, 221)');
  assert.match((await drawnClass('DE')).css, /^nat /, 'the national profile is hatched');
  assert.ok((await page.locator('.legend').innerText()).includes('Strong'));
  assert.ok((await page.locator('figcaption').innerText()).includes('© EuroGeographics for the administrative boundaries'));
  // What is under the pointer at Thuringia's centre is Thuringia's link, not Germany's.
  const box = await page.locator('svg.map a[href="/regions/DEG"] path.hit').boundingBox();
  const under = await page.evaluate(([x, y]) => document.elementFromPoint(x, y).closest('a')?.getAttribute('href'), [box.x + box.width / 2, box.y + box.height / 2]);
  assert.equal(under, '/regions/DEG');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForURL(/\/regions\/DEG$/);
});

await check('map colours: neighbouring classes of every legend at least 3:1 apart, and every class 3:1 against "no information", "no profile yet", the sea and the borders', async () => {
  for (const url of ['/map', '/map?attr=membership.errin', '/map?attr=seeking', '/map?attr=rating.need_funding', '/map?attr=population', '/map?attr=topic.biobanks', '/map?attr=edition', '/map?q=biobank']) {
    await page.goto(base + url);
    const found = await page.evaluate(() => {
      const lum = (rgb) => {
        const [r, g, b] = rgb.match(/\d+/g).slice(0, 3).map(Number).map(v => v / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => p - q); return (y + 0.05) / (x + 0.05); };
      const svg = document.querySelector('svg.map');
      // The colours a class is drawn in: its fill, or the fills of its pattern's parts.
      const colours = (css) => {
        const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
        p.setAttribute('class', css);
        svg.appendChild(p);
        const f = getComputedStyle(p).fill; p.remove();
        const id = f.match(/url\("?#([\w-]+)"?\)/);
        if (!id) return [f];
        return [...svg.querySelector('#' + id[1]).children].map(e => getComputedStyle(e).fill);
      };
      // Two classes are told apart if some colour of one is 3:1 against some colour of the other.
      const apart = (a, b) => Math.max(...a.flatMap(x => b.map(y => ratio(x, y))));
      const order = [...document.querySelectorAll('.legend li .swatch')].map(s => [...s.classList].find(c => c !== 'swatch'));
      const classes = order.filter(c => !['none', 'out', 'base'].includes(c));
      const none = colours('none'), base = colours('base'), out = colours('out');
      const sea = [getComputedStyle(svg.querySelector('.sea')).fill];
      // The line between two regional profiles.
      const drawnPath = [...svg.querySelectorAll('g[aria-hidden] path')].find(p => classes.includes(p.getAttribute('class')));
      const border = drawnPath ? [getComputedStyle(drawnPath).stroke] : ['rgb(255, 255, 255)'];
      const bad = [];
      classes.forEach((c, i) => {
        const mine = colours(c);
        if (i > 0 && apart(mine, colours(classes[i - 1])) < 3) bad.push(`${c} against ${classes[i - 1]}: ${apart(mine, colours(classes[i - 1])).toFixed(2)}`);
        // Every solid colour of a class against the white of "no information", "no profile yet" and the borders, and the sea.
        for (const [what, other] of [['no information', none], ['no profile yet', base], ['the sea', sea], ['the border', border], ['not among the results', out]]) {
          const worst = Math.min(...mine.map(x => Math.max(...other.map(y => ratio(x, y)))));
          if (worst < 3) bad.push(`${c} against ${what}: ${worst.toFixed(2)}`);
        }
      });
      return { order, classes, bad, distinct: new Set(['none', 'out', 'base'].map(c => colours(c).join())).size };
    });
    assert.ok(found.classes.length >= 2, `${url}: a legend with classes (${found.order})`);
    assert.deepEqual(found.bad, [], `${url}: ${found.bad.join('; ')}`);
    assert.equal(found.distinct, 3, `${url}: "no information", "not among the results" and "no profile yet" drawn differently`);
  }
});

await check('map regions are reachable and opened with the keyboard, and the focus is visible', async () => {
  await page.goto(base + '/map');
  const link = page.locator('svg.map a[href="/regions/DEG"]');
  await link.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), '/regions/DEG');
  const style = await page.evaluate(() => { const s = getComputedStyle(document.activeElement.querySelector('.hit')); return [s.stroke, s.strokeWidth, s.filter]; });
  assert.notEqual(style[0], 'none');
  assert.ok(parseFloat(style[1]) >= 3, `focus stroke ${style[1]}`);
  // Nothing is drawn over the focused shape: the links come after every drawn shape.
  const after = await page.evaluate(() => { const a = document.activeElement; let k = 0; for (let e = a.nextElementSibling; e; e = e.nextElementSibling) if (e.tagName !== 'a') k++; return k; });
  assert.equal(after, 0);
  // Shift+Tab moves back to another region's link (Germany's, before Thuringia's, whatever
  // the installed shapes).
  await page.keyboard.press('Shift+Tab');
  assert.match(await page.evaluate(() => document.activeElement.getAttribute('href') || ''), /^\/regions\/[A-Z0-9]+$/);
  assert.notEqual(await page.evaluate(() => document.activeElement.getAttribute('href')), '/regions/DEG');
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/regions\/DEG$/);
});

await check('links and buttons show a visible focus outline', async () => {
  for (const url of ['/', '/regions/DEG', '/stats']) {
    await page.goto(base + url);
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      const s = await page.evaluate(() => { const c = getComputedStyle(document.activeElement); return [document.activeElement.tagName, c.outlineStyle, parseFloat(c.outlineWidth), c.boxShadow]; });
      assert.ok(s[1] !== 'none' && s[2] >= 2, `${url}: focused ${s[0]} has outline ${s[1]} ${s[2]}px`);
    }
  }
});

await check('switching the map attribute changes the colouring and the legend', async () => {
  await page.goto(base + '/map');
  const before = await page.locator('.legend').innerText();
  await page.selectOption('#attr', 'rating.need_funding');
  await page.click('form.add button[type=submit]');
  await page.waitForURL(/attr=rating.need_funding/);
  assert.equal((await drawnClass('DEG')).css, 'c5', 'Very high');
  const after = await page.locator('.legend').innerText();
  assert.notEqual(after, before);
  assert.ok(after.includes('Very high') && !after.includes('Leader'));
});

await check('the statistics page shows six rating charts whose counts match the data', async () => {
  await page.goto(base + '/stats');
  const ratingCharts = page.locator('figure.chart-box[id^="rating."]');
  assert.equal(await ratingCharts.count(), 6);
  for (const [item, value, label] of [['need_funding', 'very_high', 'Very high'], ['implementation_level', 'medium', 'Medium']]) {
    const cell = page.locator(`figure[id="rating.${item}"] tbody tr`, { hasText: label }).locator('td').nth(1);
    const shown = Number(await cell.textContent());
    // The same count through the search facets.
    await page.goto(`${base}/regions?rating.${item}=${value}`);
    assert.equal(shown, await resultCount(), `${item}=${value}`);
    await page.goto(base + '/stats');
  }
  // A bar opens the search for its regions: as many as the bar says.
  const bar = page.locator('figure[id="rating.need_funding"] ol.chart a', { hasText: 'Very high' });
  const said = Number(await bar.locator('.bar-n').evaluate(n => n.firstChild.textContent));
  await bar.click();
  await page.waitForURL(/\/regions\?rating.need_funding=very_high/);
  assert.equal(await resultCount(), said);
  await page.goto(base + '/stats');
  assert.equal(await page.locator('ol.chart').count(), 12);
  // No chart label is cut: every label is whole, inside its chart.
  const cut = await page.evaluate(() => [...document.querySelectorAll('ol.chart')].flatMap(chart => {
    const box = chart.getBoundingClientRect();
    return [...chart.querySelectorAll('.bar-label')].filter(l => {
      const b = l.getBoundingClientRect();
      return b.left < box.left - 0.5 || b.right > box.right + 0.5 || l.scrollWidth > l.clientWidth + 1 || l.textContent.includes('…');
    }).map(l => l.textContent);
  }));
  assert.deepEqual(cut, [], 'labels cut or outside their chart');
});

for (const url of ['/stats', '/', '/map', '/map?attr=membership.errin', '/map?zoom=DE', '/regions?q=biobank&seeking=yes', '/regions?topic=genomics&topic=biobanks&all=topic', '/regions/DEG', `/compare?r=DEG&r=${other}`, '/regions/DEG/versions', '/regions/DEG/matches', '/regions/XX9', '/data', '/api']) {
  await check(`axe: no serious or critical violations on ${url}`, () => axe(url));
}

await check('the profile prints on one or two A4 pages', async () => {
  await page.goto(base + '/regions/DEG');
  await page.emulateMedia({ media: 'print' });
  try {
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
    assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
});

await check('every page works at 320 px (WCAG 1.4.10 reflow: no horizontal overflow)', async () => {
  await page.setViewportSize({ width: 320, height: 700 });
  for (const url of ['/', '/regions', '/regions/DEG', '/regions/BE2', '/regions/BE2/versions', '/map', '/stats', '/topics', '/topics/biobanks', `/compare?r=DEG&r=${other}`, '/regions/DEG/matches', '/regions/BE2/matches', '/regions/DEG/versions', '/data', '/api', '/survey', '/login', '/regions/DEG/update']) {
    await page.goto(base + url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${url}: horizontal overflow of ${overflow}px at 320 px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

await check('every page works at phone width (no horizontal overflow)', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const url of ['/', '/regions?q=health', '/regions/DEG', '/map', '/stats', `/compare?r=DEG&r=${other}`, '/regions/DEG/matches', '/regions/DEG/versions']) {
    await page.goto(base + url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // The comparison table scrolls inside its own box; the page itself must not.
    assert.ok(overflow <= 1, `${url}: horizontal overflow of ${overflow}px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
});

await check('chart labels are legible on a phone (at least 12 px text, long labels wrapped, not cut)', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(base + '/stats');
  const sizes = await page.locator('ol.chart .bar-label, ol.chart .bar-n').evaluateAll(ts => ts.map(t => parseFloat(getComputedStyle(t).fontSize)));
  assert.ok(sizes.length > 0 && Math.min(...sizes) >= 12, `smallest chart text ${Math.min(...sizes).toFixed(1)} px`);
  const cut = await page.locator('ol.chart .bar-label').evaluateAll(ls => ls.filter(l => l.scrollWidth > l.clientWidth + 1).length);
  assert.equal(cut, 0, 'no label overflows its column');
  await page.setViewportSize({ width: 1280, height: 900 });
});

await check('a search downloads as CSV: the same regions as the page', async () => {
  await page.goto(base + '/regions?country=DE');
  const shown = await resultCount();
  const href = await page.locator('p.downloads a', { hasText: 'CSV' }).getAttribute('href');
  assert.equal(href, '/regions.csv?country=DE');
  const csv = await (await page.request.get(base + href)).text();
  const codes = csv.split('\n').slice(1).filter(l => /^[A-Z]{2}[A-Z0-9]{0,3},/.test(l));
  assert.equal(codes.length, shown, 'a row per region shown');
});

if (shots) {
  const pages = [['stats', '/stats'], ['map-innovation', '/map'], ['map-membership', '/map?attr=membership.errin'], ['map-zoom', '/map?zoom=DE&attr=population'], ['home', '/'], ['search', '/regions?q=biobank&seeking=yes'], ['profile', '/regions/DEG'],
                 ['compare', `/compare?r=DEG&r=${other}`], ['versions', '/regions/DEG/versions'], ['matches', '/regions/DEG/matches'], ['data', '/data'], ['api', '/api'], ['survey', '/survey']];
  for (const [name, url] of pages) {
    for (const [size, width, height] of [['desktop', 1280, 900], ['phone', 390, 844]]) {
      await page.setViewportSize({ width, height });
      await page.goto(base + url);
      await page.screenshot({ path: `${shots}/${name}-${size}.png`, fullPage: size === 'desktop' ? false : false });
    }
  }
  console.log(`screenshots in ${shots}`);
}

// The survey and the review (last: they change Thuringia's profile).
const logIn = async (name, password) => {
  await page.goto(base + '/login');
  await page.fill('#name', name);
  await page.fill('#password', password);
  await page.click('form.login button[type=submit]');
  await page.waitForURL(/\/account$/);
};
// Logging out from the header of a public page: signed in, every page names the account.
const logOut = async () => {
  await page.goto(base + '/regions/DEG');
  assert.ok(await page.locator('header.site li.account a[href="/account"]').isVisible(), 'the header names the account');
  assert.equal(await page.locator('footer.site', { hasText: 'log in' }).count(), 0, 'the footer does not ask to log in');
  await page.click('header.site form.logout button');
  await page.waitForURL(base + '/');
  assert.equal(await page.locator('header.site form.logout').count(), 0, 'logged out');
};

await check('the update form sent from the browser (CRLF line breaks) changes only what the editor changed', async () => {
  await logIn('ed', 'editor password 1');
  await page.goto(base + '/regions/DEG/update');
  const paragraphs = (await page.inputValue('#f-description')).split('\n\n').length;
  assert.ok(paragraphs > 1, 'the description has paragraphs');
  await page.click('form.survey button[type=submit]');
  await page.waitForSelector('text=Nothing changed');
  await page.fill('#f-interests', 'Pharmacogenomics only');
  await page.click('form.survey button[type=submit]');
  await page.waitForSelector('text=Follow it here');
  await logOut();
  await logIn('cura', 'curator password 1');
  await page.goto(base + '/review');
  await page.locator('a', { hasText: /^\d+$/ }).first().click();
  const fields = await page.locator('dl.changes').first().locator('dt').allInnerTexts();
  assert.deepEqual(fields, ['Collaboration'], 'exactly one change');
  await page.fill('#reason', 'a test of the form');
  await page.click('form[action$="/reject"] button');
  await page.waitForURL(/\/review$/);
  await page.goto(base + '/regions/DEG/update');
  assert.equal((await page.inputValue('#f-description')).split('\n\n').length, paragraphs, 'the description keeps its paragraphs');
  await logOut();
});

await check('an editor updates Thuringia, a curator approves, and every page shows it at once', async () => {
  await logIn('ed', 'editor password 1');
  await page.goto(base + '/regions/DEG/update');
  await page.fill('#f-interests', 'Rare diseases and pharmacogenomics with partners in the Nordic countries');
  await page.selectOption('#f-membership\\.errin', 'no');
  await page.fill('#f-comment', 'new interests; left ERRIN');
  await page.click('form.survey button[type=submit]');
  await page.waitForSelector('text=Follow it here');
  const statusUrl = await page.locator('a', { hasText: 'your private status page' }).getAttribute('href');
  await logOut();
  await logIn('cura', 'curator password 1');
  await page.goto(base + '/review');
  await page.locator('a', { hasText: /^\d+$/ }).first().click();
  const changes = await page.locator('dl.changes').first().innerText();
  assert.ok(changes.includes('ERRIN: member → not a member') && changes.includes('Rare diseases'), changes);
  await page.fill('#comment', 'checked with the region');
  await page.click('form[action$="/approve"] button');
  await page.waitForURL(/\/regions\/DEG\/versions\/\d+$/);
  // The profile page, the search facets, the map.
  await page.goto(base + '/regions/DEG');
  assert.ok((await page.locator('main').innerText()).includes('Rare diseases and pharmacogenomics'));
  await page.goto(base + '/regions?q=Thuringia&membership.errin=no');
  assert.equal(await page.locator('.hits a[href="/regions/DEG"]').count(), 1, 'the facet has the new answer');
  await page.goto(base + '/map?attr=membership.errin');
  assert.equal(await page.locator('svg.map a[href="/regions/DEG"]').getAttribute('aria-label'), 'Thuringia (DEG): No');
  // The versions page: the new version with its author and comment.
  await page.goto(base + '/regions/DEG/versions');
  const versions = await page.locator('ol.versions').innerText();
  assert.ok(versions.includes('sent through the survey by ed') && versions.includes('approved by cura: checked with the region'), versions);
  await page.goto(base + statusUrl);
  assert.ok((await page.locator('main').innerText()).includes('Status: approved'));
  await logOut();
});

await check('a visitor adds a region, a curator publishes it; a document upload fills the form', async () => {
  // The survey in steps: a section a page, the progress shown, back and on without losing
  // anything; the region picked from its name.
  await page.goto(base + '/survey');
  assert.ok((await page.locator('nav.steps .step-of').innerText()).startsWith('Step 1 of 6'));
  assert.equal(await page.locator('#f-interests').isVisible(), false, 'one section at a time');
  await page.fill('#f-code', 'Catalunya');
  await page.fill('#f-name', 'Catalunya');
  await page.fill('#f-population', '7700000');
  await page.click('form.survey button[value=next]');
  await page.waitForSelector('nav.steps li.current >> text=Collaboration');
  await page.fill('#f-interests', 'Biobanks');
  await page.click('form.survey button[value=back]');
  await page.waitForSelector('nav.steps li.current >> text=The region');
  assert.equal(await page.inputValue('#f-population'), '7700000', 'what was typed is kept');
  for (const next of ['Collaboration', 'Memberships', 'Policies and codes', 'Self-evaluation', 'About this change']) {
    await page.click('form.survey button[value=next]');
    await page.waitForSelector(`nav.steps li.current >> text=${next}`);
  }
  assert.equal(await page.locator('nav.steps li.done').count(), 5, 'the progress shows the steps done');
  await page.fill('#f-contact_name', 'Someone');
  await page.fill('#f-contact', 'someone@example.org');
  await page.waitForTimeout(3100); // a person takes a moment; a robot does not
  await page.click('form.survey button:has-text("Send for review")');
  await page.waitForSelector('text=Follow it here');
  await logIn('cura', 'curator password 1');
  await page.goto(base + '/review');
  await page.locator('tr', { hasText: 'ES51' }).locator('a').first().click();
  await page.click('form[action$="/approve"] button');
  await page.waitForURL(/\/regions\/ES51\/versions\/1$/);
  await page.goto(base + '/regions/ES51');
  assert.ok((await page.locator('main').innerText()).includes('7,700,000'));
  // A document read back into the form, the reader's warnings next to their fields.
  await page.goto(base + '/regions/DEG/update');
  const doc = (await (await page.request.get(base + '/regions.txt?r=DEG')).text()).replace('Regional website', 'Regional website\n\nNACE code(s): Q.86; ZZ.99');
  await page.setInputFiles('#document', { name: 'deg.txt', mimeType: 'text/plain', buffer: Buffer.from(doc) });
  await page.click('form.upload button[type=submit]');
  await page.waitForSelector('.error-summary');
  assert.ok((await page.locator('#f-nace + .field-error, #f-nace ~ .field-error').first().innerText()).includes('ZZ.99'));
  await logOut();
});

await check('markup in every field is kept as text: no script runs on the profile, review, compare and versions pages', async () => {
  let dialogs = 0;
  page.on('dialog', async d => { dialogs++; await d.dismiss(); });
  const xss = '<script>alert(1)</script>"><img src=x onerror=alert(2)> javascript:alert(3)';
  await logIn('ed', 'editor password 1');
  await page.goto(base + '/regions/DEG/update');
  for (const f of ['#f-name', '#f-comment']) await page.fill(f, xss);
  for (const f of ['#f-interests', '#f-description', '#f-websites', '#f-policy_documents', '[id="f-initiative.0.name"]', '[id="f-initiative.0.description"]', '#f-represented_in']) await page.fill(f, xss);
  await page.click('form.survey button[type=submit]');
  await page.waitForSelector('text=Follow it here');
  await logOut();
  await logIn('cura', 'curator password 1');
  await page.goto(base + '/review');
  await page.locator('a', { hasText: /^\d+$/ }).last().click();
  await page.waitForTimeout(300);
  await page.click('form[action$="/approve"] button');
  await page.waitForURL(/\/versions\/\d+$/);
  for (const url of ['/regions/DEG', '/regions/DEG/versions', `/compare?r=DEG&r=${other}`, '/regions?q=script']) {
    await page.goto(base + url);
    await page.waitForTimeout(200);
    assert.equal(await page.locator('img[src="x"]').count(), 0, `${url}: no injected image`);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0, `${url}: no javascript: link`);
  }
  assert.equal(dialogs, 0, 'no dialog opened');
  await logOut();
});

for (const url of ['/login', '/survey']) {
  await check(`axe: no serious or critical violations on ${url}`, () => axe(url));
}
await check('axe: no serious or critical violations on the account, update and review pages', async () => {
  await logIn('cura', 'curator password 1');
  // Signed in, every page carries the account in its header: the public pages too.
  for (const url of ['/account', '/regions/DEG/update', '/review', '/', '/regions/DEG', '/regions?q=biobank', '/stats', '/map', '/regions/DEG/versions', '/survey']) await axe(url);
  await logOut();
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
