// The one table of the application: short messages, newest first.
const mysql = require('mysql2/promise');

const SCHEMA = `CREATE TABLE IF NOT EXISTS messages (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  text VARCHAR(200) NOT NULL,
  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
)`;

function toMessage(row) {
  return { id: Number(row.id), text: row.text, createdAt: new Date(row.created_at).toISOString() };
}

/** A pool on the database; the table is created on first start (idempotent). */
async function openStore(settings) {
  const pool = mysql.createPool({
    ...settings,
    connectionLimit: 5,
    connectTimeout: 5_000,
    // RDS requires nothing here; TLS to RDS is added by setting DB_SSL=true (RDS CA bundle on the host).
    ssl: process.env.DB_SSL === 'true' ? { rejectUnauthorized: true } : undefined,
  });
  await pool.query(SCHEMA);
  return {
    async add(text) {
      const [result] = await pool.execute('INSERT INTO messages (text) VALUES (?)', [text]);
      const [rows] = await pool.execute('SELECT id, text, created_at FROM messages WHERE id = ?', [result.insertId]);
      return toMessage(rows[0]);
    },
    async latest(limit = 20) {
      const [rows] = await pool.query('SELECT id, text, created_at FROM messages ORDER BY id DESC LIMIT ?', [limit]);
      return rows.map(toMessage);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

module.exports = { openStore };
