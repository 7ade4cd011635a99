import { useEffect, useState } from 'react';

import { createVaultClient } from 'mcp-secrets-runtime';

const vault = createVaultClient({ address: process.env.VAULT_URL });

async function loadBanner(): Promise<string> {
  const json = await vault.read('kv/banner');
  return json.data.text;
}

export function Banner() {
  const [text, setText] = useState('');
  useEffect(() => {
    loadBanner().then(setText);
  }, []);
  return <p className="banner">{text}</p>;
}
