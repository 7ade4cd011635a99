const { loadSecret } = require('./secrets');

async function main() {
  const token = await loadSecret('github-token');
  return token;
}

module.exports = { main };
