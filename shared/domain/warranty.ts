/** In warranty while `asOf` is before ship date + warranty months (calendar months, UTC). */
export function warrantyState(shipDate: string, warrantyMonths: number, asOf: Date): 'IN_WARRANTY' | 'OUT_OF_WARRANTY' {
  const end = new Date(`${shipDate}T00:00:00Z`);
  const day = end.getUTCDate();
  end.setUTCMonth(end.getUTCMonth() + warrantyMonths, 1);
  // Clamp to the month's last day: a 31 January shipment with 1 month ends on 28/29 February.
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(day, lastDay));
  return asOf.getTime() < end.getTime() ? 'IN_WARRANTY' : 'OUT_OF_WARRANTY';
}
