// The page's only script: lists the backend's messages and sends new ones (same origin: /api/).
const list = document.getElementById('messages');
const status = document.getElementById('status');
const form = document.getElementById('message-form');

async function refresh() {
  const answer = await fetch('/api/messages');
  if (!answer.ok) throw new Error(`the backend answered ${answer.status}`);
  const { items } = await answer.json();
  list.replaceChildren(
    ...items.map((item) => {
      const entry = document.createElement('li');
      entry.textContent = `${item.text} (${new Date(item.createdAt).toLocaleString()})`;
      return entry;
    }),
  );
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = new FormData(form).get('text');
  const answer = await fetch('/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  const body = await answer.json();
  status.textContent = answer.ok ? 'Sent.' : (body.errors?.[0]?.problem ?? body.message);
  if (answer.ok) {
    form.reset();
    await refresh();
  }
});

refresh().catch((error) => {
  status.textContent = error.message;
});
