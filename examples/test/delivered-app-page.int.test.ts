/**
 * Runway's check of the reference application's page in a real browser: served by the frontend
 * container's server, calling the backend through /api/*, the backend writing to MariaDB.
 * It lives outside the application (its own suite runs on CodeBuild's Amazon Linux images, which
 * have no Chromium) and uses Runway's browser helper, as the site's tests do.
 */
import mysql from 'mysql2/promise';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../site/test/support/browser';
import { databaseEnvironment, type MariaDb, startMariaDb } from '../delivered-app/test/support/mariadb';
import { type Running, startNode } from '../delivered-app/test/support/processes';

let db: MariaDb;
let backend: Running;
let frontend: Running;
let browser: Browser;

beforeAll(async () => {
  db = await startMariaDb();
  backend = await startNode('backend/server.js', databaseEnvironment(db), '/health');
  frontend = await startNode('frontend/server.js', { API_URL: backend.url });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await frontend?.stop();
  await backend?.stop();
  await db?.stop();
});

describe('the page', () => {
  it('sends a message through the backend, which stores it, and lists it', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${frontend.url}/`);
      await page.getByLabel('Message').fill('hello from the browser');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('status').filter({ hasText: 'Sent.' }).waitFor();
      await page.getByRole('listitem').filter({ hasText: 'hello from the browser' }).waitFor();

      const connection = await mysql.createConnection({
        host: db.host,
        port: db.port,
        user: db.user,
        password: db.password,
        database: db.database,
      });
      const [rows] = await connection.query('SELECT text FROM messages');
      await connection.end();
      expect(rows).toEqual([{ text: 'hello from the browser' }]);
    } finally {
      await page.close();
    }
  });

  it('shows the backend’s reason when it refuses a message', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${frontend.url}/`);
      await page.getByLabel('Message').fill('   ');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('status').filter({ hasText: 'must not be empty' }).waitFor();
    } finally {
      await page.close();
    }
  });
});
