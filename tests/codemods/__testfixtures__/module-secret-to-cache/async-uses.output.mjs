import { SecretCache } from 'mcp-secrets-runtime';
import { getSecret } from './vault.js';

const secrets = new SecretCache(getSecret);

export async function callWeather(city) {
  const res = await fetch(`https://weather.example/v1/${city}`, { headers: { Authorization: `Bearer ${await secrets.get('secret/data/weather-api')}` } });
  return res.json();
}

export const sign = async (payload) => ({ payload, signature: hmac(await secrets.get('secret/data/signing'), payload), API_KEY: await secrets.get('secret/data/weather-api') });

function hmac(key, payload) {
  return `${key.length}:${JSON.stringify(payload).length}`;
}
