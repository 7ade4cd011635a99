import { useEffect, useState } from 'react';

const vaultUrl = process.env.VAULT_URL;

async function loadBanner(): Promise<string> {
  const res = await fetch(`${vaultUrl}/v1/kv/banner`, { headers: { 'X-Vault-Token': process.env.VAULT_TOKEN! } });
  const json = await res.json();
  return json.data.text;
}

export function Banner() {
  const [text, setText] = useState('');
  useEffect(() => {
    loadBanner().then(setText);
  }, []);
  return <p className="banner">{text}</p>;
}
