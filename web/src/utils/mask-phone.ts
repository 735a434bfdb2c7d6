/** 13800138000 → 138****8000: enough for people to recognise their own number. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+?86/, '');
  if (digits.length < 8) return digits;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
