import { getSecret } from './vault.js';

const API_KEY = await getSecret('secret/data/weather-api');
const SIGNING_KEY = await getSecret('secret/data/signing');

export async function callWeather(city) {
  const res = await fetch(`https://weather.example/v1/${city}`, { headers: { Authorization: `Bearer ${API_KEY}` } });
  return res.json();
}

export const sign = async (payload) => ({ payload, signature: hmac(SIGNING_KEY, payload), API_KEY });

function hmac(key, payload) {
  return `${key.length}:${JSON.stringify(payload).length}`;
}
