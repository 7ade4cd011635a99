import { readSecret } from './vault.js';

const API_KEY = await readSecret('secret/data/weather-api');

export async function forecast(city: string): Promise<string> {
  const res = await fetch(`${process.env.WEATHER_URL}/forecast?city=${encodeURIComponent(city)}`, {
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  return res.text();
}

export function keyFingerprint(): string {
  return API_KEY.slice(0, 4);
}
