import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeUserAgent, formatDate, setDisplayTimeZone, formatDateTime, formatDay, formatNumber, formatTime } from './format.ts';

const firefoxWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
const chromeLinux = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const edgeWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';
const safariIphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const chromeAndroid = 'Mozilla/5.0 (Linux; Android 14; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

describe('describeUserAgent', () => {
  it('names the browser and the system in French and in English', () => {
    assert.equal(describeUserAgent(firefoxWindows, 'fr'), 'Firefox sur Windows');
    assert.equal(describeUserAgent(firefoxWindows, 'en'), 'Firefox on Windows');
    assert.equal(describeUserAgent(chromeLinux, 'fr'), 'Chrome sur Linux');
    assert.equal(describeUserAgent(edgeWindows, 'fr'), 'Edge sur Windows');
    assert.equal(describeUserAgent(safariIphone, 'fr'), 'Safari sur iOS');
    assert.equal(describeUserAgent(chromeAndroid, 'fr'), 'Chrome sur Android');
    assert.equal(describeUserAgent(chromeLinux.replace('Chrome/', 'HeadlessChrome/'), 'fr'), 'Chrome sur Linux');
  });
  it('says when it does not know', () => {
    assert.equal(describeUserAgent(null, 'fr'), 'Navigateur inconnu');
    assert.equal(describeUserAgent('curl/8.5.0', 'fr'), 'Navigateur inconnu');
    assert.equal(describeUserAgent('curl/8.5.0', 'en'), 'Unknown browser');
  });
});

describe('dates and numbers', () => {
  // 2026-12-03T09:45Z is 10:45 in Paris (winter, UTC+1); 2026-07-01T09:45Z is 11:45 (summer).
  it('shows Paris time, not UTC', () => {
    assert.equal(formatTime('2026-12-03T09:45:00Z', 'fr'), '10:45');
    assert.equal(formatTime('2026-07-01T09:45:00Z', 'fr'), '11:45');
    assert.equal(formatTime('2026-12-03T09:45:00Z', 'fr', { timeZone: 'America/Cayenne' }), '06:45');
  });
  it('shows the organisation’s time zone once the session sets it, Paris for an unknown one', () => {
    setDisplayTimeZone('Indian/Reunion');
    assert.equal(formatTime('2026-12-03T09:45:00Z', 'fr'), '13:45');
    setDisplayTimeZone('Nowhere/Atlantis');
    assert.equal(formatTime('2026-12-03T09:45:00Z', 'fr'), '10:45');
    setDisplayTimeZone(null);
    assert.equal(formatTime('2026-12-03T09:45:00Z', 'fr'), '10:45');
  });
  it('writes dates in the UI language', () => {
    assert.equal(formatDate('2026-12-03T09:45:00Z', 'fr'), '3 décembre 2026');
    assert.equal(formatDate('2026-12-03T09:45:00Z', 'en'), '3 December 2026');
    assert.equal(formatDate('2026-12-03T09:45:00Z', 'fr', { style: 'short' }), '03/12/2026');
    assert.match(formatDateTime('2026-12-03T09:45:00Z', 'fr'), /^3 décembre 2026( à|,)? 10:45$/);
  });
  it('keeps a calendar day whatever the time zone', () => {
    assert.equal(formatDay('2014-01-01', 'fr'), '1 janvier 2014');
    assert.equal(formatDay('2014-01-01', 'fr', { style: 'short' }), '01/01/2014');
    assert.equal(formatDay('not a day', 'fr'), 'not a day');
  });
  it('groups digits as the language does', () => {
    assert.equal(formatNumber(12345, 'fr').replace(/\s/g, ' '), '12 345');
    assert.equal(formatNumber(12345, 'en'), '12,345');
  });
});
